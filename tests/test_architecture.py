"""The house a newcomer reads: a short README, docs whose every path is real, runners and tests apart.

Which way references run between the apps is import-linter's to check
(`.importlinter`, run by `make lint`).
"""

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TOP_LEVEL = {path.name for path in REPO.iterdir() if not path.name.startswith(".")} | {".ci", ".importlinter"}
DOCS = [REPO / "README.md", REPO / "SECURITY.md", *sorted((REPO / "docs").glob("*.md"))]
# A repository path: it starts at a top-level folder or file and ends in a name or a slash.
PATH = re.compile(r"(?<![\w./<-])((?:\.ci|\.importlinter|[a-z][\w-]*)(?:/[\w.-]+)+/?|[A-Z]+\.md|[a-z]+\.toml)")
# Placeholders and examples in prose: storage names (articles/2026/11/…), migrations (articles/0009), <app>, wildcards.
EXAMPLE = re.compile(r"/\d{4}|\*|<|…|%|\{")
PYTHON_SOURCES = [
    path
    for path in REPO.rglob("*.py")
    if not {".venv", "node_modules", "migrations", ".bench", "test-artifacts"} & set(path.relative_to(REPO).parts)
]


def named_paths(text):
    for match in PATH.finditer(text):
        found = match.group(1).rstrip(".")
        if found.split("/")[0] in TOP_LEVEL and not EXAMPLE.search(text[match.start() : match.end() + 1]):
            yield found


def comments_and_docstrings(path):
    """The prose of a Python file: its docstrings and comments."""
    source = path.read_text()
    tree = ast.parse(source)
    texts = [
        ast.get_docstring(node) or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    texts += [
        line.split("#", 1)[1] for line in source.splitlines() if "#" in line and not line.strip().startswith(("'", '"'))
    ]
    return "\n".join(texts)


def test_the_readme_is_a_front_door():
    """Under about 200 lines: what it is, the two commands, the map, the links."""
    readme = (REPO / "README.md").read_text()
    assert len(readme.splitlines()) <= 200
    assert readme.index("make run") < readme.index("make test") < readme.index("## Where things are")


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: str(path.relative_to(REPO)))
def test_every_path_a_doc_names_exists(doc):
    """Each file or folder a document names is in the repository, and each Markdown link leads somewhere."""
    text = doc.read_text()
    missing = sorted({found for found in named_paths(text) if not (REPO / found).exists()})
    links = re.findall(r"\]\(([^)#\s]+)", text)
    broken = sorted(link for link in links if "://" not in link and not (doc.parent / link).exists())
    assert (missing, broken) == ([], [])


def test_every_path_a_docstring_or_comment_names_exists():
    """The code's own prose points at files that are there (modules moved with the layers)."""
    missing = {}
    for source in PYTHON_SOURCES:
        gone = sorted({found for found in named_paths(comments_and_docstrings(source)) if not (REPO / found).exists()})
        if gone:
            missing[str(source.relative_to(REPO))] = gone
    assert missing == {}


def imported_roots(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module.split(".")[0]


def test_scripts_and_tests_do_not_import_each_other():
    """Both use rehearsal/ (the private services); a runner never needs the suite, nor the suite a runner."""
    scripts = {str(path.name): set(imported_roots(path)) for path in (REPO / "scripts").glob("*.py")}
    tests = {str(path.relative_to(REPO)): set(imported_roots(path)) for path in (REPO / "tests").rglob("*.py")}
    assert {name: "tests" for name, roots in scripts.items() if "tests" in roots} == {}
    assert {name: "scripts" for name, roots in tests.items() if "scripts" in roots} == {}
    assert not (REPO / "scripts" / "__init__.py").exists()
