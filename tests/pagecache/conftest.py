"""The page cache is off in the test settings; these tests turn it on and start from an empty cache."""

import pytest
from django.core.cache import cache
from django.test import Client

from pagecache import pages


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True
    cache.clear()
    pages._cache_failed = False
    pages._next_recovery = 0.0
    pages._tags_seen.clear()
    yield
    cache.clear()
    pages._cache_failed = False
    pages._next_recovery = 0.0
    pages._tags_seen.clear()


def anonymous_get(url, **extra):
    """A first-time reader: a fresh client with no cookies."""
    return Client().get(url, **extra)


def served_from_cache(response):
    return response.get("X-Page-Cache") == "hit"
