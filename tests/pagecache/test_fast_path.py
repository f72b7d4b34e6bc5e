"""The WSGI fast path (pagecache/wsgi.py): fresh pages answered before Django's handler, with every header."""

import pytest
from django.core.signals import request_started

from articles.models import Article
from dramasite.wsgi import application
from shows.watch_progress import COOKIE_NAME
from tests.factories import logged_in, make_staff
from tests.pagecache.conftest import settle_commits
from tests.pagecache.site import build_site
from tests.wsgi import wsgi_request

pytestmark = pytest.mark.django_db

# Headers the stack above the page cache used to add on a hit; now stored with the page.
SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Reporting-Endpoints",
    "Cache-Control",
    "Content-Type",
    "Content-Length",
]


@pytest.fixture
def site():
    built = build_site()
    settle_commits()
    return built


@pytest.fixture
def handler_runs():
    """How many requests reached Django's handler (it sends request_started for each)."""
    seen = []

    def count(**kwargs):
        seen.append(1)

    request_started.connect(count)
    yield seen
    request_started.disconnect(count)


def test_a_fresh_page_is_answered_before_django_with_the_headers_it_left_with(
    site, handler_runs, django_assert_num_queries
):
    """The second reader's request never reaches Django, and gets the same bytes and the same headers."""
    url = site["article"].get_absolute_url()
    first = wsgi_request(application, url)
    assert (first.status, first["X-Page-Cache"]) == (200, "miss")
    assert len(handler_runs) == 1
    with django_assert_num_queries(0):
        hit = wsgi_request(application, url)
    assert (hit.status, hit["X-Page-Cache"]) == (200, "hit")
    assert len(handler_runs) == 1, "a hit went through Django's handler"
    assert hit.body == first.body
    for name in SECURITY_HEADERS:
        assert hit[name] == first[name], name
    policy = hit["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "nonce-" not in policy
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["X-Frame-Options"] == "DENY"
    assert int(hit["Content-Length"]) == len(hit.body)


def test_head_gets_the_headers_and_no_body(site):
    url = site["article"].get_absolute_url()
    get = wsgi_request(application, url)
    head = wsgi_request(application, url, method="HEAD")
    assert (head.status, head["X-Page-Cache"], head.body) == (200, "hit", b"")
    assert head["Content-Length"] == get["Content-Length"]


def test_a_reader_with_watch_progress_gets_the_fast_path(site, handler_runs):
    url = site["show"].get_absolute_url()
    wsgi_request(application, url)
    hit = wsgi_request(application, url, HTTP_COOKIE=f"{COOKIE_NAME}={site['show'].pk}:8")
    assert hit["X-Page-Cache"] == "hit" and len(handler_runs) == 1


def test_requests_that_need_django_go_to_django(site, handler_runs):
    """A session cookie, a message, an Authorization header, a POST, static files: Django decides."""
    url = site["article"].get_absolute_url()
    wsgi_request(application, url)
    # A session cookie is looked into by the middleware, which then serves the stored page
    # (and tells the browser to drop a cookie whose session is gone).
    via_session = wsgi_request(application, url, HTTP_COOKIE="sessionid=" + "x" * 32)
    assert via_session["X-Page-Cache"] == "hit" and len(handler_runs) == 2
    assert via_session["Set-Cookie"].startswith('sessionid=""')
    with_message = wsgi_request(application, url, HTTP_COOKIE="messages=x")
    assert with_message.get("X-Page-Cache") is None and with_message.status == 200
    authorised = wsgi_request(application, url, HTTP_AUTHORIZATION="Basic eDp5")
    assert authorised.get("X-Page-Cache") is None
    posted = wsgi_request(application, url, method="POST")
    assert posted.status == 403 and posted.get("X-Page-Cache") is None  # CSRF: no token
    assert wsgi_request(application, "/static/css/site.css").get("X-Page-Cache") is None
    assert len(handler_runs) == 6


def test_staff_never_get_the_stored_page(site, handler_runs):
    url = site["article"].get_absolute_url()
    wsgi_request(application, url)
    session = logged_in(make_staff("Editors")).cookies["sessionid"].value
    page = wsgi_request(application, url, HTTP_COOKIE=f"sessionid={session}")
    assert page.get("X-Page-Cache") is None
    assert "no-store" in page["Cache-Control"]


def test_a_host_not_allowed_is_refused_not_served(site, settings):
    """Pages are stored under the host they were asked for; only allowed hosts ever reach the store."""
    settings.SITE_URL = "http://testserver"
    url = site["article"].get_absolute_url()
    wsgi_request(application, url)
    assert wsgi_request(application, url, host="evil.example").status == 400
    assert wsgi_request(application, url, host="evil.example").status == 400


def test_a_stale_page_goes_to_django_and_comes_back_fresh(site, commit, monkeypatch, handler_runs):
    url = site["article"].get_absolute_url()
    wsgi_request(application, url)
    with commit():
        article = Article.objects.get(pk=site["article"].pk)
        article.headline = "A headline the stored copy lacks"
        article.save()
    fresh = wsgi_request(application, url)
    assert fresh["X-Page-Cache"] == "miss" and b"A headline the stored copy lacks" in fresh.body
    assert len(handler_runs) == 2
    assert wsgi_request(application, url)["X-Page-Cache"] == "hit"


def test_the_page_cache_off_means_no_fast_path(site, settings, handler_runs):
    settings.PAGE_CACHE = False
    url = site["article"].get_absolute_url()
    for _ in range(2):
        assert wsgi_request(application, url).get("X-Page-Cache") is None
    assert len(handler_runs) == 2
