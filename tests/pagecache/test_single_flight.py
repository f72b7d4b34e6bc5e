"""One render per page and change: while one request renders a changed page, the others get the copy from before."""

import threading
import time

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from articles import views
from articles.models import Article
from pagecache import pages
from tests.pagecache.conftest import anonymous_get, served_from_cache, settle_commits
from tests.pagecache.site import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    built = build_site()
    settle_commits()
    return built


def key_of(url):
    """The page key of an anonymous test-client request for url."""
    request = RequestFactory().get(url)
    return pages.page_key(request.META, request.path)


def edit_headline(site, commit, headline):
    with commit():
        article = Article.objects.get(pk=site["article"].pk)
        article.headline = headline
        article.save()


def test_a_second_reader_during_the_render_gets_the_copy_from_before(site, commit, monkeypatch):
    """Two threads ask for a changed page: one renders it, the other is answered at once with the old copy."""
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    edit_headline(site, commit, "The headline after the change")
    renders, during = [], {}
    original = views.related_articles

    def render_while_another_reader_asks(article, *ids):
        renders.append(article.pk)
        # A second reader's request, on its own thread, while this render holds the page.
        reader = threading.Thread(target=lambda: during.setdefault("response", Client().get(url)))
        reader.start()
        reader.join(timeout=10)
        return original(article, *ids)

    monkeypatch.setattr(views, "related_articles", render_while_another_reader_asks)
    rendered = anonymous_get(url)
    monkeypatch.setattr(views, "related_articles", original)

    assert renders == [site["article"].pk], "the page was rendered once"
    assert rendered["X-Page-Cache"] == "miss" and b"The headline after the change" in rendered.content
    old = during["response"]
    assert old.status_code == 200 and old["X-Page-Cache"] == "stale"
    assert b"Queen of Tears breaks a record" in old.content
    # Nobody downstream (a CDN, the browser) keeps the copy from before.
    assert old["Cache-Control"] == "no-store"
    assert old["Content-Security-Policy"] == rendered["Content-Security-Policy"]
    after = anonymous_get(url)
    assert served_from_cache(after) and after.content == rendered.content


def test_with_no_copy_from_before_a_reader_renders_rather_than_wait(site):
    """Nothing to stand in (a page never stored): a request renders even while another one is rendering."""
    url = site["article"].get_absolute_url()
    assert pages._take_render_lock(key_of(url))
    response = anonymous_get(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"


def test_a_page_that_is_gone_leaves_no_copy_to_stand_in(site, commit):
    """Taken down: the render after it is a 404, and the old page is dropped, not handed to the next reader."""
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    key = key_of(url)
    with commit():
        article = Article.objects.get(pk=site["article"].pk)
        article.status = Article.Status.DRAFT
        article.save()
    assert anonymous_get(url).status_code == 404
    assert cache.get(key) is None
    # Even while another request holds the render lock, there is no old copy to hand out.
    assert pages._take_render_lock(key)
    assert anonymous_get(url).status_code == 404


def test_a_render_lock_left_by_a_dead_worker_expires(site, commit, monkeypatch):
    """A render that never finished holds the page for at most RENDER_LOCK_SECONDS."""
    monkeypatch.setattr(pages, "RENDER_LOCK_SECONDS", 1)
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    key = key_of(url)
    edit_headline(site, commit, "Seen once the lock is gone")
    assert pages._take_render_lock(key)  # a worker that died mid-render
    assert anonymous_get(url)["X-Page-Cache"] == "stale"
    time.sleep(1.1)
    fresh = anonymous_get(url)
    assert fresh["X-Page-Cache"] == "miss" and b"Seen once the lock is gone" in fresh.content


def test_a_page_past_its_lifetime_is_rendered_once_too(site, settings):
    """Time-sensitive pages expire with no change: the old copy stands in while one request renders."""
    settings.PAGE_CACHE_TIME_SENSITIVE_TIMEOUT = 1
    url = site["show"].get_absolute_url()
    anonymous_get(url)
    key = key_of(url)
    time.sleep(1.1)
    assert pages._take_render_lock(key)
    assert anonymous_get(url)["X-Page-Cache"] == "stale"
    pages._release_render_lock(key)
    assert anonymous_get(url)["X-Page-Cache"] == "miss"


def test_a_reader_who_gets_the_lock_just_after_the_render_is_served_that_render(site, commit, monkeypatch):
    """Saw the old copy, then the lock came free: the page was stored meanwhile, and is not rendered twice."""
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    edit_headline(site, commit, "The headline after the change")
    original_lock, original_related = pages._take_render_lock, views.related_articles
    renders = []

    def counted(article, *ids):
        renders.append(article.pk)
        return original_related(article, *ids)

    def another_render_finishes_first(key):
        # Between this request's look at the cache and its lock, another reader renders and stores the page.
        monkeypatch.setattr(pages, "_take_render_lock", original_lock)
        assert anonymous_get(url)["X-Page-Cache"] == "miss"
        return original_lock(key)

    monkeypatch.setattr(views, "related_articles", counted)
    monkeypatch.setattr(pages, "_take_render_lock", another_render_finishes_first)
    late = anonymous_get(url)
    assert late["X-Page-Cache"] == "hit" and b"The headline after the change" in late.content
    assert renders == [site["article"].pk], "rendered once, by the other reader"
