"""Audit pinned requirements for known vulnerabilities: pip-audit, PyPI's advisory data, SECURITY.md's waivers.

    python scripts/audit_dependencies.py -r requirements.txt [-r requirements-dev.txt] [pip-audit options]

Runs pip-audit's own command line (`--no-deps --disable-pip`: every line is
pinned, so nothing is resolved or installed; `--strict`: a requirement that
cannot be audited fails the run) against PyPI's vulnerability service, with
one `--ignore-vuln` per advisory listed in SECURITY.md's "Waivers" section.
Exit status 1 means a known vulnerability (or an unauditable requirement).

Why a wrapper: some package mirrors serve PyPI's per-project JSON (which
carries the advisories of the project's latest release) but not the
per-release JSON that pip-audit asks for. When the per-release document is
missing, the project document is used instead: exact for a pin on the latest
release; for an older pin, only the latest release's advisories that are not
fixed at or below the pin can be seen, so the run says so for each such pin.
"""

import logging
import os
import re
import sys
from pathlib import Path

from packaging.version import Version
from pip_audit import _cli
from pip_audit._service.pypi import PyPIService

logger = logging.getLogger("audit_dependencies")
REPO_ROOT = Path(__file__).resolve().parents[1]
ADVISORY_ID = re.compile(r"`((?:PYSEC|GHSA|CVE|OSV)-[A-Za-z0-9-]+)`")


def waived_advisories(security_md):
    """The advisory ids written in backticks in SECURITY.md's "## Waivers" section."""
    text = security_md.read_text(encoding="utf-8")
    match = re.search(r"^## Waivers\n(.*?)(?=^## |\Z)", text, flags=re.MULTILINE | re.DOTALL)
    return ADVISORY_ID.findall(match.group(1)) if match else []


class ProjectFallbackPyPIService(PyPIService):
    """pip-audit's PyPI service, falling back to the project document when the release document is missing."""

    def query(self, spec):
        dependency, results = super().query(spec)
        if not (dependency.is_skipped() and "not found on PyPI" in dependency.skip_reason):
            return dependency, results
        project_url = f"https://pypi.org/pypi/{spec.canonical_name}/json"
        project = self.session.get(project_url, timeout=self.timeout)
        if project.status_code != 200:
            return dependency, results
        document = project.json()
        if str(spec.version) not in document.get("releases", {}):
            return dependency, results  # a version PyPI never had: stays unaudited, and --strict fails
        latest = Version(document["info"]["version"])
        # Let pip-audit parse the project document exactly as it parses a release document.
        real_get = self.session.get
        self.session.get = lambda url, **kwargs: real_get(project_url, **kwargs)
        try:
            _, results = super().query(spec)
        finally:
            del self.session.get
        if spec.version != latest:
            logger.warning(
                "%s %s is behind the latest release %s and this index has no per-release data: "
                "only advisories still open in %s were checked; update the pin for a full audit.",
                spec.name,
                spec.version,
                latest,
                latest,
            )
            results = [result for result in results if not any(fix <= spec.version for fix in result.fix_versions)]
        return spec, results


def main(argv):
    # AUDIT_WAIVERS_FILE: another file with a "## Waivers" section (the tests use it).
    waivers = waived_advisories(Path(os.environ.get("AUDIT_WAIVERS_FILE", REPO_ROOT / "SECURITY.md")))
    args = ["pip-audit", "--vulnerability-service", "pypi", "--no-deps", "--disable-pip", "--strict"]
    args += ["--progress-spinner", "off", "--desc", "on"]
    for advisory in waivers:
        args += ["--ignore-vuln", advisory]
    logging.basicConfig(format="%(message)s", level=logging.WARNING)
    print(f"Waived in SECURITY.md: {', '.join(waivers) or 'none'}", file=sys.stderr)
    _cli.PyPIService = ProjectFallbackPyPIService
    sys.argv = args + argv
    _cli.audit()


if __name__ == "__main__":
    main(sys.argv[1:])
