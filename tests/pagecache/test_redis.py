"""The page cache on a real Redis, and through a Redis outage: pages keep coming, none comes back stale."""

import os
import time

import pytest
import redis
from django.core.cache import cache

from articles.models import Article
from pagecache import pages
from rehearsal.services import PrivateRedis, free_port
from tests.pagecache.conftest import anonymous_get, served_from_cache
from tests.pagecache.site import build_site

pytestmark = pytest.mark.django_db

# The shared local (and CI) Redis; this suite's own database number.
REDIS_URL = os.environ.get("PAGECACHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
# A private server for the outage test, on a port of our own (it is killed mid-test).
PRIVATE_PORTS = range(8111, 8120)


PLAIN = "django.core.cache.backends.redis.RedisCache"
# Production's backend (dramasite.settings): outages are misses, not exceptions.
RESILIENT = "pagecache.cache_backends.ResilientRedisCache"


def use_redis(settings, url, backend=PLAIN):
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": url}}
    if backend == RESILIENT:
        settings.CACHES["default"]["OPTIONS"] = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


@pytest.fixture
def site():
    return build_site()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_hits_and_invalidation_through_redis(settings, site, commit, django_assert_num_queries):
    """Stored in Redis, served with no SQL, and fresh after an edit commits."""
    use_redis(settings, REDIS_URL)
    cache.clear()
    try:
        url = site["article"].get_absolute_url()
        assert anonymous_get(url)["X-Page-Cache"] == "miss"
        with django_assert_num_queries(0):
            assert served_from_cache(anonymous_get(url))
        with commit():
            article = Article.objects.get(pk=site["article"].pk)
            article.headline = "Edited while Redis holds the page"
            article.save()
        fresh = anonymous_get(url)
        assert not served_from_cache(fresh)
        assert b"Edited while Redis holds the page" in fresh.content
    finally:
        cache.clear()


@pytest.fixture(params=[PLAIN, RESILIENT], ids=["redis-raises", "production-backend"])
def private_redis(request, settings):
    server = PrivateRedis(free_port(PRIVATE_PORTS.start, PRIVATE_PORTS.stop - 1))
    server.start()
    default_caches = settings.CACHES
    use_redis(settings, server.url(), request.param)
    yield server
    settings.CACHES = default_caches  # the suite's own teardown clears the default cache
    server.stop()


def test_an_outage_falls_through_to_rendering_and_leaves_nothing_stale(settings, site, commit, private_redis, caplog):
    """Redis dies (after saving its data), an editor changes the article, Redis returns with the old page.

    Readers get rendered pages during the outage, no error reaches them, and
    once Redis is back the old copy is not served: the failed bump is made up
    by bumping everything.
    """
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    assert served_from_cache(anonymous_get(url))
    # Saved by hand: it saves nothing by itself, and comes back from this file.
    assert redis.Redis.from_url(private_redis.url()).save()
    private_redis.stop()

    with commit():
        article = Article.objects.get(pk=site["article"].pk)
        article.headline = "Changed during the outage"
        article.save()
    during = anonymous_get(url)
    assert during.status_code == 200
    assert b"Changed during the outage" in during.content
    assert "X-Page-Cache" not in during or during["X-Page-Cache"] != "hit"
    assert any("Page cache" in record.getMessage() for record in caplog.records)

    # Back, with the page and tag versions it held before the outage.
    private_redis.start()
    assert redis.Redis.from_url(private_redis.url()).dbsize() > 0
    after = anonymous_get(url)
    assert after.status_code == 200
    assert not served_from_cache(after)
    assert b"Changed during the outage" in after.content
    # The process retries its bump (at most once a second); the old copy stays unused.
    time.sleep(pages.RECOVERY_INTERVAL)
    recovered = anonymous_get(url)
    assert not served_from_cache(recovered)
    assert b"Changed during the outage" in recovered.content
    assert not pages._cache_failed
    # And the cache is in use again: the fresh page is stored and served.
    time.sleep(pages.CLOCK_MARGIN)
    anonymous_get(url)
    back = anonymous_get(url)
    assert served_from_cache(back)
    assert b"Changed during the outage" in back.content
