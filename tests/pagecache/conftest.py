"""The page cache is off in the test settings; these tests turn it on and start from an empty cache."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from pagecache import pages, worker_copies


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True
    cache.clear()
    pages._cache_failed = False
    pages._next_recovery = 0.0
    pages._tags_seen.clear()
    worker_copies.reset()
    yield
    cache.clear()
    pages._cache_failed = False
    pages._next_recovery = 0.0
    pages._tags_seen.clear()
    worker_copies.reset()


def anonymous_get(url, **extra):
    """A first-time reader: a fresh client with no cookies."""
    return Client().get(url, **extra)


def served_from_cache(response):
    return response.get("X-Page-Cache") == "hit"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks, as a real commit would (tests run inside one transaction).

    What the test's setup saved had committed before, in the site this models: its callbacks
    run first, so the block's changes are bumped as their own transaction's commit bumps them
    (pages.bump joins a transaction's bumps into one).
    """

    def committed():
        settle_commits()
        return django_capture_on_commit_callbacks(execute=True)

    return committed


def settle_commits():
    """Run the callbacks of what was saved so far, as its commit would have: call it once a test's site is built."""
    connection = transaction.get_connection()
    pending, connection.run_on_commit = connection.run_on_commit, []
    for _, callback, _ in pending:
        callback()
