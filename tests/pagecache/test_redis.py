"""The page cache on a real Redis, and through a Redis outage: pages keep coming, none comes back stale."""

import json
import os
import time

import pytest
import redis
from django.core.cache import cache, caches

from articles.models import Article
from pagecache import pages, worker_copies
from rehearsal.services import PrivateRedis, free_port
from tests.pagecache.conftest import anonymous_get, served_from_cache, settle_commits
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
    built = build_site()
    settle_commits()
    return built


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


def test_the_fast_path_and_the_render_lock_through_redis(settings, site, commit, django_assert_num_queries):
    """Production's backend: a hit before Django's handler; after a change, one render while others get the old copy."""
    from dramasite.wsgi import application
    from tests.wsgi import wsgi_environ, wsgi_request

    use_redis(settings, REDIS_URL, RESILIENT)
    cache.clear()
    try:
        url = site["article"].get_absolute_url()
        assert wsgi_request(application, url)["X-Page-Cache"] == "miss"
        with django_assert_num_queries(0):
            assert wsgi_request(application, url)["X-Page-Cache"] == "hit"
        with commit():
            Article.objects.filter(pk=site["article"].pk).first().save()
        key = pages.page_key(wsgi_environ(url), url)
        assert pages._take_render_lock(key), "nobody renders it yet"
        with django_assert_num_queries(0):
            assert wsgi_request(application, url)["X-Page-Cache"] == "stale"
        pages._release_render_lock(key)
        assert wsgi_request(application, url)["X-Page-Cache"] == "miss"
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
    anonymous_get(url)
    back = anonymous_get(url)
    assert served_from_cache(back)
    assert b"Changed during the outage" in back.content


@pytest.fixture
def production_redis(settings):
    """The shared Redis with production's backend, which publishes bumps and keeps per-process copies."""
    use_redis(settings, REDIS_URL, RESILIENT)
    cache.clear()
    worker_copies.reset()
    yield redis.Redis.from_url(REDIS_URL)
    worker_copies.reset()
    cache.clear()


def shared_cache_reads(monkeypatch):
    """Count get_many calls on the shared cache from here on."""
    calls = []
    backend = caches["default"]  # the object itself: the settings fixture swaps the proxy's target back first
    original = backend.get_many

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(backend, "get_many", counted)
    return calls


def until_copied(url):
    """Store the page and serve it once from the shared cache: this process keeps its own copy then."""
    assert anonymous_get(url)["X-Page-Cache"] == "miss"
    assert served_from_cache(anonymous_get(url))


def test_a_process_serves_its_own_copy_with_no_round_trip(
    production_redis, site, monkeypatch, django_assert_num_queries
):
    url = site["article"].get_absolute_url()
    until_copied(url)
    reads = shared_cache_reads(monkeypatch)
    with django_assert_num_queries(0):
        for _ in range(3):
            assert served_from_cache(anonymous_get(url))
    assert reads == [], "the copy was checked against the shared cache"


def test_a_bump_heard_from_another_process_ends_the_copy(production_redis, site, commit, monkeypatch):
    """Another process edits and publishes; this one renders the page again at its next request."""
    url = site["article"].get_absolute_url()
    until_copied(url)
    with commit():
        Article.objects.filter(pk=site["article"].pk).update(headline="Edited by another app server")
    # What that server's bump does: new versions in the cache, then a message to every process.
    version = pages._next_version()
    tags = [f"article:{site['article'].pk}"]
    cache.set_many({pages._tag_key(tag): version for tag in tags}, timeout=None)
    assert cache.publish(worker_copies.CHANNEL, json.dumps([version, tags]))
    fresh = anonymous_get(url)
    assert not served_from_cache(fresh) and b"Edited by another app server" in fresh.content


def test_a_lost_subscription_drops_every_copy(production_redis, site, monkeypatch):
    """Messages may have been missed while the connection was down: no copy is trusted until it is back."""
    url = site["article"].get_absolute_url()
    until_copied(url)
    production_redis.client_kill_filter(_type="pubsub")
    reads = shared_cache_reads(monkeypatch)
    assert served_from_cache(anonymous_get(url))
    assert reads, "the page came from a copy kept before the connection was lost"


def test_a_copy_is_checked_against_the_shared_cache_every_so_often(production_redis, site, monkeypatch):
    """A Redis that hangs sends no error and no message: copies still go back to it within REVALIDATE_SECONDS."""
    monkeypatch.setattr(worker_copies, "REVALIDATE_SECONDS", 0.2)
    url = site["article"].get_absolute_url()
    until_copied(url)
    reads = shared_cache_reads(monkeypatch)
    assert served_from_cache(anonymous_get(url)) and reads == []
    time.sleep(0.3)
    assert served_from_cache(anonymous_get(url)) and len(reads) == 1
