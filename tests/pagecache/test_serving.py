"""Anonymous readers get stored pages: no SQL, the same bytes, the right headers; nobody else does."""

import pytest
from django.test import Client

from pagecache import pages
from rehearsal.html import parse
from shows.watch_progress import COOKIE_NAME
from tests.factories import logged_in, make_article, make_staff
from tests.pagecache.conftest import anonymous_get, served_from_cache, settle_commits
from tests.pagecache.site import build_site, public_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    built = build_site()
    settle_commits()
    return built


@pytest.mark.parametrize(
    "name",
    [
        "home", "article", "section", "tag", "author", "show", "person", "show index", "people index",
        "search", "feed", "atom feed", "section feed", "tag feed", "author feed", "show feed",
        "person feed", "sitemap index", "article sitemap", "news sitemap", "calendar",
    ],
)  # fmt: skip
def test_a_second_anonymous_reader_gets_the_stored_page_with_no_sql(site, name, django_assert_num_queries):
    """Every public page kind: the first reader's render is stored, the next gets it with 0 queries."""
    url = public_urls(site)[name]
    first = anonymous_get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = anonymous_get(url)
    assert served_from_cache(second)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_hit_still_gets_the_security_headers_and_a_nonce_free_policy(site):
    """CSP and the security headers are added per response, above the cache."""
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    hit = anonymous_get(url)
    assert served_from_cache(hit)
    policy = hit["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "nonce-" not in policy
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert hit["Cross-Origin-Opener-Policy"] == "same-origin"
    assert hit["X-Frame-Options"] == "DENY"
    # The same for every reader, progress or not: nothing for a CDN to tell apart by cookie.
    assert "Cookie" not in hit.get("Vary", "")


def test_a_hit_asks_the_cache_once(site, monkeypatch):
    """The page and its tags' versions come back in one call once this process has seen the page."""
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    calls, depth = [], [0]

    def counted(name, original):
        def call(*args, **kwargs):
            if not depth[0]:  # local memory's get_many() calls get() per key: count the outer call only
                calls.append(name)
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many"):
        monkeypatch.setattr(pages.cache, name, counted(name, getattr(pages.cache, name)))
    hit = anonymous_get(url)
    assert served_from_cache(hit)
    assert calls == ["get_many"]


def test_a_wrong_guess_of_a_pages_tags_never_serves_it_stale(site):
    """The remembered tags are only a guess: the stored page's own tags decide freshness."""
    article = site["article"]
    url = article.get_absolute_url()
    anonymous_get(url)
    key = next(iter(pages._tags_seen))
    pages._tags_seen[key] = ("something-else",)
    assert served_from_cache(anonymous_get(url)), "a wrong guess costs a round trip, not the hit"
    assert pages._tags_seen[key] != ("something-else",)

    pages._tags_seen[key] = ("something-else",)
    pages.bump_now({f"article:{article.pk}"})
    stale = anonymous_get(url)
    assert not served_from_cache(stale)
    assert stale["X-Page-Cache"] == "miss"


def test_head_and_get_share_the_stored_page(site, django_assert_num_queries):
    """A HEAD is answered like the GET (and may fill the cache for it)."""
    url = site["article"].get_absolute_url()
    head = Client().head(url)
    assert head.status_code == 200 and head.content == b""
    with django_assert_num_queries(0):
        get = anonymous_get(url)
    assert served_from_cache(get)
    assert b"Queen of Tears breaks a record" in get.content
    with django_assert_num_queries(0):
        assert served_from_cache(Client().head(url))


def test_query_strings_are_normalised_but_kept_apart(site):
    """The same parameters in another order share a page; different parameters get their own."""
    anonymous_get("/search/?q=queen&page=1")
    assert served_from_cache(anonymous_get("/search/?page=1&q=queen"))
    other = anonymous_get("/search/?q=kim")
    assert other["X-Page-Cache"] == "miss"
    # ?spoilers=show renders inline spoilers revealed: never the plain page's copy.
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    assert anonymous_get(f"{url}?spoilers=show")["X-Page-Cache"] == "miss"


def test_a_repeated_parameter_is_keyed_as_the_view_reads_it(site):
    """?q=a&q=b searches for b and ?q=b&q=a for a: two pages, never one copy served for the other."""
    first = anonymous_get("/search/?q=queen&q=kim")
    assert first["X-Page-Cache"] == "miss"
    assert first.context["query"] == "kim"
    swapped = anonymous_get("/search/?q=kim&q=queen")
    assert swapped["X-Page-Cache"] == "miss"
    assert swapped.context["query"] == "queen"
    assert served_from_cache(again := anonymous_get("/search/?q=kim&q=queen"))
    assert again.content == swapped.content
    # Other names still sort, so only the order of one name's values matters.
    assert served_from_cache(anonymous_get("/search/?page=1&q=queen&q=kim")) is False
    anonymous_get("/search/?q=queen&q=kim&page=1")
    assert served_from_cache(anonymous_get("/search/?page=1&q=queen&q=kim"))


def test_hosts_are_kept_apart_when_no_site_url_is_set(site, settings):
    """Canonical links are built from the request's host, so the host is part of the key."""
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    anonymous_get("/")
    other = anonymous_get("/", HTTP_HOST="other.example")
    assert other["X-Page-Cache"] == "miss"
    assert b"http://other.example/" in other.content


def test_public_pages_are_labelled_for_shared_caches(site, settings):
    """s-maxage and stale-while-revalidate for CDNs, from the settings; the same on a hit."""
    settings.PAGE_CACHE_BROWSER_MAX_AGE = 30
    settings.PAGE_CACHE_SHARED_MAX_AGE = 120
    settings.PAGE_CACHE_STALE_WHILE_REVALIDATE = 45
    url = site["show"].get_absolute_url()
    for response in (anonymous_get(url), anonymous_get(url)):
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=30", "s-maxage=120", "stale-while-revalidate=45"}


def test_public_pages_keep_their_labels_with_the_page_cache_off(site, settings, django_assert_max_num_queries):
    """DJANGO_PAGE_CACHE=0 (the benchmark's uncached run) renders every time, headers unchanged."""
    settings.PAGE_CACHE = False
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    again = anonymous_get(url)
    assert "X-Page-Cache" not in again
    assert "public" in again["Cache-Control"]


def test_staff_get_private_no_store_pages_and_never_a_stored_one(site, django_assert_max_num_queries):
    """A signed-in editor's view of a public page is rendered for them and kept out of every cache."""
    url = site["article"].get_absolute_url()
    anonymous_get(url)  # stored for anonymous readers
    editor = logged_in(make_staff("Editors"))
    response = editor.get(url)
    assert "X-Page-Cache" not in response
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives and "public" not in directives
    admin = editor.get("/admin/articles/article/")
    assert {"private", "no-store"} <= {part.strip() for part in admin["Cache-Control"].split(",")}


def test_a_preview_is_never_stored_or_served_to_anyone_else(site):
    """The staff-only preview of a draft is not cached; a reader asking for it gets 404, not the draft."""
    draft = make_article(headline="Secret finale", status="draft")
    editor = logged_in(make_staff("Editors", is_superuser=True))
    url = f"/articles/preview/{draft.pk}/"
    preview = editor.get(url)
    assert preview.status_code == 200 and b"Secret finale" in preview.content
    assert "no-store" in preview["Cache-Control"] and "X-Page-Cache" not in preview
    for _ in range(2):
        reader = anonymous_get(url)
        assert reader.status_code == 404 and b"Secret finale" not in reader.content


def test_a_watch_progress_reader_is_served_the_shared_page_from_the_cache(site, django_assert_num_queries):
    """Readers with progress get X-Page-Cache: hit, 0 queries, the page everyone gets; it holds nothing of theirs."""
    show = site["show"]
    spoiler = make_article(headline="Episode 8 twist", has_spoilers=True, spoiler_show=show, spoiler_through_episode=8)
    for url in [spoiler.get_absolute_url(), *public_urls(site).values()]:
        watcher = Client()
        watcher.cookies[COOKIE_NAME] = f"{show.pk}:8"
        first = watcher.get(url)
        assert first["X-Page-Cache"] == "miss", url
        with django_assert_num_queries(0):
            second = watcher.get(url)
        assert served_from_cache(second), url
        assert "public" in second["Cache-Control"] and "private" not in second["Cache-Control"]
        other = Client()
        other.cookies[COOKIE_NAME] = f"{show.pk}:2.99:1"
        assert served_from_cache(third := other.get(url)) and third.content == first.content, url
        assert served_from_cache(plain := anonymous_get(url)) and plain.content == first.content, url
    # What the page carries is the same shield and data for everyone, never a reader's episode.
    page = parse(anonymous_get(spoiler.get_absolute_url()).content.decode())
    shield = page.find("details", cls="spoiler-shield")
    assert shield.attrs["data-lifts-through"] == "8"
    assert page.find("span", cls="spoiler-lifted-watched").text() == ""


def test_a_leftover_session_cookie_does_not_turn_caching_off_and_is_deleted(site, django_assert_num_queries):
    """A signed-out member of staff's stale sessionid: the cached page, and the browser is told to drop the cookie."""
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    stale = Client()
    stale.cookies["sessionid"] = "x" * 32
    response = stale.get(url)
    assert served_from_cache(response)
    assert response.cookies["sessionid"].value == "" and response.cookies["sessionid"]["max-age"] == 0
    with django_assert_num_queries(0):
        assert served_from_cache(stale.get(url))  # the cookie is gone now


def test_signing_out_leaves_a_reader_who_gets_cached_pages(site):
    """Staff who sign out get the shared page again; while signed in they never did."""
    editor = make_staff("Editors")
    client = Client()
    client.force_login(editor)
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    signed_in = client.get(url)
    assert "X-Page-Cache" not in signed_in and "no-store" in signed_in["Cache-Control"]
    client.post("/admin/logout/")
    assert served_from_cache(client.get(url))


def test_an_anonymous_session_with_a_message_is_not_served_from_the_cache(site):
    """A session holding a message (too big for the messages cookie) is personal: rendered, never stored."""
    from importlib import import_module

    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_messages"] = "[]"
    store.save()
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    reader = Client()
    reader.cookies["sessionid"] = store.session_key
    response = reader.get(url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_a_thank_you_message_reaches_only_its_reader(site):
    """The report's thank-you (a messages cookie) is rendered for that reader only, never stored."""
    url = site["article"].get_absolute_url()
    anonymous_get(url)
    reader = Client()
    response = reader.post(f"{url}report/", {"message": "It spoils the ending"}, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 303
    thanked = reader.get(url)
    assert "X-Page-Cache" not in thanked
    assert "private" in thanked["Cache-Control"]
    assert parse(thanked.content.decode()).find("p", cls="report-thanks")
    other = anonymous_get(url)
    assert served_from_cache(other)
    assert parse(other.content.decode()).find_all("p", cls="report-thanks") == []


@pytest.mark.urls("tests.pagecache.urls")
def test_a_page_that_used_the_csp_nonce_is_never_stored(site):
    """Two readers of a page with a nonce get two different nonces, each matching their own policy."""
    first, second = anonymous_get("/test/nonce/"), anonymous_get("/test/nonce/")
    nonces = []
    for response in (first, second):
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
        nonce = response.content.decode().split('nonce="')[1].split('"')[0]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


@pytest.mark.urls("tests.pagecache.urls")
def test_a_page_with_a_csrf_token_is_never_stored(site):
    """A CSRF token is per reader: not stored, even for a reader who already had the cookie (no Set-Cookie)."""
    reader = Client()
    reader.cookies["csrftoken"] = "a" * 32
    for _ in range(2):
        response = reader.get("/test/csrf/")
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]


def test_public_forms_carry_no_token_so_their_page_can_be_shared(site):
    """The report and watch-progress forms render no CSRF token and set no cookie: the page is stored."""
    for url in (site["article"].get_absolute_url(), site["show"].get_absolute_url()):
        response = anonymous_get(url)
        assert b"csrfmiddlewaretoken" not in response.content
        assert not response.cookies
        assert response["X-Page-Cache"] == "miss"
        assert served_from_cache(anonymous_get(url))


def test_posts_and_missing_pages_are_not_stored(site):
    """Only 200 GET/HEAD responses are kept: a 404 is rendered every time."""
    assert anonymous_get("/articles/no-such-story/").status_code == 404
    again = anonymous_get("/articles/no-such-story/")
    assert again.status_code == 404 and "X-Page-Cache" not in again


@pytest.mark.parametrize("count", [1, 12])
def test_article_page_budget_with_the_cache_on(site, count, django_assert_max_num_queries):
    """With the cache on, a miss keeps the uncached budget (12: tests/articles/test_article_page.py) and a hit
    costs nothing."""
    articles = [make_article(headline=f"Story {n}") for n in range(count)]
    for article in articles:
        article.shows.add(site["show"])
    anonymous_get("/people/")  # the next go-live time is looked up once and remembered
    url = site["article"].get_absolute_url()
    with django_assert_max_num_queries(12):
        assert anonymous_get(url)["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        assert served_from_cache(anonymous_get(url))
