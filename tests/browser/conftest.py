"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live_server.

Fixtures for the tests in this folder:

- ``page`` / ``new_context`` (pytest-playwright): every page is watched for console
  errors and uncaught exceptions; any one fails the test (``console_errors``).
- ``demo_site``: the demo newsroom (``load_demo``) in the live server's database.
- ``axe``: opens a page and runs axe-core's WCAG 2.0/2.1/2.2 A and AA rules on it.
- ``newsroom``: the demo site with its demo logins; ``log_in(new_context, base, username)``.
- ``screenshot(page, name)``: a full-page PNG in ``test-artifacts/screenshots/``.

Without Chromium (or, for the axe tests, axe-core) the tests here are skipped,
reported on one line; with ``CI=true`` either one missing stops the run at
collection instead, so CI cannot pass by silently testing nothing.
"""

import io
import json
import os
import re
import shutil
from pathlib import Path

# Playwright's sync API runs an event loop in the test's thread, and Django
# refuses ORM calls from a thread with a running loop. The tests and fixtures
# here call the ORM between page actions, synchronously, so the check is moot.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.core.management import call_command  # noqa: E402

from demo.content import DEMO_PASSWORD  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

CHROMIUM_FLAGS = [
    "--no-sandbox",  # CI containers run as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",  # no update checks or prefetching: tests talk only to live_server
    "--disable-component-update",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Fixed locale and zone so dates and screenshots are the same on every machine.
CONTEXT_DEFAULTS = {"locale": "en-US", "timezone_id": "UTC", "viewport": DESKTOP}


BROWSER_TESTS = Path(__file__).resolve().parent
MISSING_CHROMIUM = (
    f"Chromium not found at {CHROMIUM}: apt-get install -y chromium chromium-driver (or set CHROMIUM_PATH)"
)
MISSING_AXE = f"axe-core not found at {AXE_JS}: run `make browser-deps` (needs npm)"


def missing_tool(item):
    """Why this browser test cannot run here, or None."""
    if not CHROMIUM.exists():
        return MISSING_CHROMIUM
    if "axe" in item.fixturenames and not AXE_JS.exists():
        return MISSING_AXE
    return None


def empties_database(item):
    """Whether Django flushes the database after this test (live_server, transactional tests)."""
    if "live_server" in item.fixturenames or "transactional_db" in item.fixturenames:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction") or marker.args[:1] == (True,) or marker.kwargs.get("reset_sequences"))


@pytest.hookimpl(trylast=True)  # after pytest's own reordering, and after -k/-m deselection
def pytest_collection_modifyitems(config, items):
    # pytest-django runs tests that flush the database last, as Django does,
    # because the flush also removes rows made by data migrations (the editorial
    # groups). pytest then regroups tests by pytest-playwright's session-wide
    # browser parameter, which moved the browser tests ahead of database tests
    # that need those rows. Put them back at the end (the sort is stable).
    items.sort(key=empties_database)
    # Under CI a missing browser or axe-core stops the run before any test starts.
    if not IN_CI:
        return
    problems = {missing_tool(item) for item in items if BROWSER_TESTS in Path(item.path).parents} - {None}
    if problems:
        raise pytest.UsageError("CI=true needs the browser tests to run. " + " ".join(sorted(problems)))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Skipped from this hook rather than a fixture, every skip has this line as
    # its location, so pytest's summary shows them all on one line.
    message = missing_tool(item)
    if message:
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium instead of Playwright's download (which this machine cannot fetch)."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def base_url():
    """Tests go to full live_server URLs. (This also stands in for pytest-playwright's
    fallback base_url fixture, a method that pytest 9 warns about.)"""
    return None


class ConsoleErrors:
    """Console errors (failed loads, CSP refusals, script errors) seen by any page of a test."""

    def __init__(self):
        self.messages = []
        self.allowed = []

    def watch(self, context):
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.messages.append(f"uncaught {error.error}"))

    def _on_console(self, message):
        if message.type == "error":
            where = message.location.get("url") or (message.page.url if message.page else "")
            self.messages.append(f"{message.text} ({where})")

    def allow(self, pattern):
        """Accept console errors matching a regular expression (for tests that provoke one)."""
        self.allowed.append(re.compile(pattern))

    def unexpected(self):
        return [m for m in self.messages if not any(p.search(m) for p in self.allowed)]

    def check(self):
        errors = self.unexpected()
        self.messages.clear()
        if errors:
            pytest.fail("Browser console errors:\n  " + "\n  ".join(errors), pytrace=False)


@pytest.fixture
def console_errors():
    return ConsoleErrors()


@pytest.fixture
def new_context(new_context, console_errors):
    """pytest-playwright's context factory, with every context watched for console errors."""

    def create(**kwargs):
        context = new_context(**{**CONTEXT_DEFAULTS, **kwargs})
        # Pages come from a local server: anything slower than this is a hang, not a wait.
        context.set_default_timeout(10_000)
        console_errors.watch(context)
        return context

    return create


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A passing browser test still fails if the browser logged an error meanwhile."""
    result = yield
    collector = item.funcargs.get("console_errors") if hasattr(item, "funcargs") else None
    if collector is not None:
        collector.check()
    return result


@pytest.fixture(scope="session")
def _demo_snapshot(tmp_path_factory):
    """Where the first demo_site keeps a copy of the demo rows and files for the others."""
    return tmp_path_factory.mktemp("demo-snapshot")


@pytest.fixture
def demo_site(django_db_serialized_rollback, live_server, transactional_db, settings, _demo_snapshot):
    """The demo newsroom loaded into the live server's database; returns the server's base URL.

    load_demo takes seconds (it draws and encodes every picture and its
    renditions), and live_server empties the database after each test. So it
    runs once; later tests load its rows back with loaddata (raw saves, which
    make no renditions) and copy its files into their own MEDIA_ROOT. Serialized
    rollback first puts back what the migrations created (the newsroom groups),
    which an earlier test's flush removed.
    """
    rows, files = _demo_snapshot / "demo.json", _demo_snapshot / "media"
    if rows.exists():
        shutil.copytree(files, settings.MEDIA_ROOT, dirs_exist_ok=True)
        call_command("loaddata", rows, verbosity=0)
    else:
        call_command("load_demo", site_url=live_server.url, stdout=io.StringIO())
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=["contenttypes", "auth.permission", "sessions", "admin.logentry"],
            output=str(rows),
            verbosity=0,
        )
        shutil.copytree(settings.MEDIA_ROOT, files)
    return live_server.url


@pytest.fixture(scope="session")
def screenshot():
    """screenshot(page, name): save the whole page to test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True, animations="disabled")
        return path

    return take


class Axe:
    """axe-core in a real page: ``axe.violations(url, color_scheme="dark")`` lists what fails."""

    def __init__(self, new_context):
        self.new_context = new_context

    def open(self, url, status=200, **context_args):
        # axe-core has to be injected into the page as a <script>, which the public
        # site's CSP (nonce scripts only) rightly refuses. Only these audit contexts
        # bypass the CSP; every other test runs under the real policy, so a CSP
        # breakage still shows up there as a console error.
        context = self.new_context(bypass_csp=True, **context_args)
        page = context.new_page()
        response = page.goto(url)
        assert response is not None and response.status == status, f"{url} answered {response and response.status}"
        page.add_script_tag(path=str(AXE_JS))
        return page

    def run(self, page, rules=None):
        """The violations on the page as it is now, as a list of axe's result objects.

        By default the WCAG 2.0-2.2 A and AA rules; ``rules`` runs just those
        axe rule ids instead (best-practice ones such as landmark-unique, say).
        """
        only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
        results = page.evaluate("only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", only)
        return results["violations"]

    def violations(self, url, rules=None, status=200, **context_args):
        return self.run(self.open(url, status=status, **context_args), rules=rules)

    @staticmethod
    def report(violations):
        """Readable text: one block per rule, with the failing elements and axe's advice."""
        lines = []
        for violation in violations:
            lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
            for node in violation["nodes"][:10]:
                lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:160]}")
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                if summary:
                    lines.append(f"       {summary[:300]}")
            if len(violation["nodes"]) > 10:
                lines.append(f"    … and {len(violation['nodes']) - 10} more")
        return "\n".join(lines)

    def assert_clean(self, url, rules=None, status=200, **context_args):
        violations = self.violations(url, rules=rules, status=status, **context_args)
        assert not violations, f"axe found {len(violations)} problem(s) on {url}:\n" + self.report(violations)


@pytest.fixture
def axe(new_context):
    return Axe(new_context)


@pytest.fixture
def newsroom(demo_site, settings):
    """The demo newsroom with its demo logins, as on a developer's machine.

    demo_site restores the demo (and the newsroom groups) after earlier
    live-server tests emptied the database; running load_demo again with DEBUG
    on gives the demo logins their password, exactly as `make run` does.
    """
    settings.DEBUG = True  # load_demo sets demo passwords only with DEBUG on
    call_command("load_demo", site_url=demo_site, stdout=io.StringIO())
    settings.DEBUG = False
    return demo_site


def log_in(new_context, base, username):
    page = new_context().new_page()
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/admin/")
    return page
