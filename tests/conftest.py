"""Shared fixtures for the whole suite."""

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own empty folder, so leftovers are visible."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def stored_files(root):
    """Every file under root, as paths relative to it."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def _flushes_database(item):
    return "transactional_db" in item.fixturenames or "live_server" in item.fixturenames


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests that flush the database (live_server, transactional_db) after the rest.

    pytest-django orders them last, but pytest then regroups tests around
    Playwright's session-scoped browser parameter and can pull them forward. A
    flush empties every table, including the newsroom groups the data
    migrations created, so ordinary tests after it would find no groups.
    """
    items.sort(key=_flushes_database)
