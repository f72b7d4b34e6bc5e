"""Shared fixtures for the whole suite."""

import pytest

from articles import search
from pictures import renditions

TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run tests that commit to the database (live server, browser) after all the others.

    pytest-django orders them last, but pytest then regroups tests by the
    session-wide browser parametrisation (pytest-playwright's "chromium"),
    which can put a browser test in the middle. Its teardown empties every
    table, including the groups the data migrations made, and the tests after
    it would fail. A stable sort restores the order.
    """

    def commits(item):
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
        return bool(transactional or TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))

    items.sort(key=commits)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own empty folder, so leftovers are visible."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture(autouse=True)
def forget_renditions():
    """Tests reuse upload names, so what one process remembered of a name must not reach the next test."""
    renditions.forget_local()
    yield
    renditions.forget_local()


@pytest.fixture(autouse=True)
def forget_search_plans():
    """Each test's searches probe their words afresh, so query counts do not depend on the tests before."""
    search.forget_plans()
    yield
    search.forget_plans()


def stored_files(root):
    """Every file under root, as paths relative to it."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
