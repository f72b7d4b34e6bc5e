"""Every public URL takes hostile input without a 500: a hypothesis-driven walk of the URL space.

The public patterns are read from the URLconf itself (everything but the admin),
so a new page is fuzzed the day it is added. Each example fills the pattern's
converters with a real value (a slug, username, section or id that exists) or
junk (unknown slugs, NUL bytes, invalid UTF-8 percent-escapes, Hangul, 2 KB of
text), adds a query string built from the parameters the views read (page, q,
spoilers, the show filters, progress) with junk values (abc, 99999, -1, 10 KB,
NUL, broken escapes), a method (GET, HEAD, OPTIONS, POST) and sometimes a
malformed watch-progress cookie (text, negative, huge, over-long).

Invariants: never a 5xx and never a traceback; an unknown value in the path is
a 404; only the two reader forms take POST, every other page answers POST
with 405.

Deterministic and bounded for CI: derandomize=True (the same examples every
run), database=None (no .hypothesis folder), a fixed max_examples, and no
per-example deadline (the machine may be busy); the explicit @example rows are
the cases the issue names and run first.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, ArticleCoAuthor, Contributor, Section
from dramasite.discovery import SITEMAPS
from people.models import Credit
from shows.models import Episode
from shows.watch_progress import COOKIE_NAME
from tests.factories import make_article, make_person, make_show, make_user

pytestmark = pytest.mark.django_db

# Only these take POST (the reader forms, and browsers' CSP violation reports); every other public page is read-only.
POST_ROUTES = {"articles:report", "shows:progress", "csp-report"}
METHODS = ["GET", "HEAD", "OPTIONS", "POST"]
CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    name: str
    route: str  # "articles/<slug:slug>/"

    @property
    def parameters(self):
        return [match["name"] for match in CONVERTER.finditer(self.route)]

    def build(self, values):
        return "/" + CONVERTER.sub(lambda match: values[match["name"]], self.route)


def public_routes(patterns=None, prefix="", namespace=""):
    """Every pattern of the URLconf outside the admin (and the DEBUG-only media server), as Routes."""
    routes = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("admin/", "media/", "static/", "^")):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            routes += public_routes(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            routes.append(Route(f"{namespace}{pattern.name}", route))
    return routes


ROUTES = public_routes()


@pytest.fixture
def site():
    """A small site: what each path parameter can really be, keyed by the parameter's name."""
    author = make_user(username="jiwon.reporter", is_staff=True)
    show = make_show(title="Queen of Tears", slug="queen-of-tears")
    Episode.objects.create(show=show, number=1)
    person = make_person(name="Kim Ji Won", slug="kim-ji-won")
    Credit.objects.create(person=person, show=show, character_name="Hong Hae-in")
    article = make_article(slug="finale-recap", author=author, section=Section.RECAP)
    article.shows.add(show)
    article.people.add(person)
    article.tags.add("Finale", "김지원")
    spoiler = make_article(
        slug="ending-explained", author=author, has_spoilers=True, spoiler_show=show, spoiler_through_episode=1
    )
    guest = Contributor.objects.create(name="Moon Ha Rin", slug="moon-ha-rin")
    ArticleCoAuthor.objects.create(article=article, contributor=guest)
    slugs = [article.slug, spoiler.slug, show.slug, person.slug, "finale", guest.slug]
    return {
        "slug": slugs + [tag.slug for tag in article.tags.all()],
        "section": [value for value, _ in Section.choices] + list(SITEMAPS),
        "username": [author.username],
        "pk": [str(pk) for pk in Article.objects.values_list("pk", flat=True)],
    }


# Strategies --------------------------------------------------------------

JUNK_TEXT = st.one_of(
    st.sampled_from(["abc", "99999", "-1", "0", "", " ", "1e9", "١٢", "%", "../..", "\x00", "null", "김지원"]),
    st.text(max_size=40),
    st.text(alphabet="a-\x00%/", max_size=2000).map(lambda text: text * 5),
)
# Percent-escapes of arbitrary bytes: NUL, lone continuation bytes, overlong forms, invalid UTF-8.
RAW_ESCAPES = st.binary(min_size=1, max_size=12).map(lambda data: "".join(f"%{byte:02X}" for byte in data))


def escaped(strategy):
    return strategy.map(lambda value: quote(value, safe=""))


# Escapes that have broken Django sites: NUL (PostgreSQL refuses it in text), invalid and
# overlong UTF-8, a UTF-16 surrogate, a right-to-left override, a dot-dot, an encoded slash.
CLASSIC_ESCAPES = ["%00", "a%00b", "%FF", "%C3%28", "%C0%AF", "%ED%A0%80", "%E2%80%AE", "..", "%2E%2E", "a%2Fb"]


def path_value(real):
    """A real value, junk text (escaped), or raw escapes of junk bytes, for one path parameter.

    Junk that happens to be a real value ("김지원" is a tag of the test site) counts as real.
    """
    reals = {quote(value, safe="") for value in real}
    return st.one_of(
        st.sampled_from(real).map(lambda value: (quote(value, safe=""), True)),
        st.sampled_from(CLASSIC_ESCAPES).map(lambda value: (value, False)),
        escaped(JUNK_TEXT).filter(bool).map(lambda value: (value, value in reals)),
        RAW_ESCAPES.map(lambda value: (value, False)),
    )


QUERY_KEYS = ["page", "q", "spoilers", "status", "network", "service", "genre", "progress", "format"]
QUERY_VALUES = st.one_of(
    st.sampled_from(["1", "2", "abc", "99999", "-1", "0", "show", "airing", "saved", "x" * 10_240]),
    st.sampled_from(CLASSIC_ESCAPES),
    escaped(JUNK_TEXT),
    RAW_ESCAPES,
)
QUERY = st.lists(st.tuples(st.sampled_from(QUERY_KEYS), QUERY_VALUES), max_size=4).map(
    lambda pairs: "&".join(f"{key}={value}" for key, value in pairs)
)
# Mostly the watch-progress cookie (text, negative, huge, over-long, NUL), sometimes Django's own.
COOKIE_NAMES = st.sampled_from([COOKIE_NAME] * 4 + ["sessionid", "csrftoken", "messages"])
COOKIE_VALUES = st.one_of(
    st.sampled_from(["abc", "-1:3", "1:-3", "99999999999999999999:1", "1:99999", "1:2." * 400, "\x00", "1:2;3"]),
    st.text(alphabet=st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=60),
)
COOKIE = st.one_of(st.none(), st.tuples(COOKIE_NAMES, COOKIE_VALUES).map(lambda pair: "=".join(pair)))


@st.composite
def requests(draw, site):
    route = draw(st.sampled_from(ROUTES))
    values, known = {}, True
    for parameter in route.parameters:
        value, real = draw(path_value(site.get(parameter, site["slug"])))
        values[parameter] = value
        known &= real
    return draw(st.sampled_from(METHODS)), route, route.build(values), known, draw(QUERY), draw(COOKIE)


def send(method, path, query="", cookie=None):
    """One request as a browser or a bot would send it, with the Cookie header exactly as given."""
    cache.clear()  # rate limits and cached pages must not carry over between examples
    headers = {"HTTP_COOKIE": cookie} if cookie is not None else {}
    client = Client(raise_request_exception=False)
    return client.generic(method, f"{path}?{query}" if query else path, **headers)


def resolved_name(response):
    """The route the request reached, or None when no pattern matched (junk can change a path's shape)."""
    try:
        return response.resolver_match.view_name
    except Resolver404:
        return None


def check(method, route, path, known, query, cookie):
    response = send(method, path, query, cookie)
    where = f"{method} {path}?{query[:200]} cookie={cookie!r:.80}"
    assert response.status_code < 500, where
    assert b"Traceback" not in response.content, where
    reached = resolved_name(response)
    if reached and method in ("GET", "HEAD", "POST") and (method == "POST") != (reached in POST_ROUTES):
        assert response.status_code == 405, where  # the method is checked before the slug
    elif method in ("GET", "HEAD") and not known:
        assert response.status_code == 404, where


# The tests ---------------------------------------------------------------


def test_the_walk_covers_every_public_page():
    """The URLconf walk finds the reader's pages, the feeds and the crawler files, and no admin page."""
    names = {route.name for route in ROUTES}
    assert {"home", "articles:detail", "shows:index", "shows:progress", "people:detail", "search"} <= names
    assert {"articles:feed", "shows:calendar", "sitemap-section", "robots", "favicon"} <= names
    assert not any(route.route.startswith("admin/") for route in ROUTES)


@settings(
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_no_public_url_answers_500_to_bad_input(site, data):
    """Random routes, values, queries, methods and cookies: never a 5xx, 404 for unknown values, 405 for POST."""
    check(*data.draw(requests(site)))


# The cases the issue names, on every public route, and the 500s the fuzz found ---------


# The real value each kind of route takes (the fixture's rows); anything else takes its parameter's first.
REAL_SLUG = {
    "shows:": "queen-of-tears",
    "people:": "kim-ji-won",
    "articles:show-feed": "queen-of-tears",
    "articles:person-feed": "kim-ji-won",
    "articles:tag": "finale",
    "articles:contributor": "moon-ha-rin",
}


def real_path(route, site):
    """The route filled with values that exist, so it reaches a real page."""
    slug = next((value for prefix, value in REAL_SLUG.items() if route.name.startswith(prefix)), site["slug"][0])
    values = {"slug": slug, "section": "recap" if route.name.startswith("articles:") else "articles"}
    return route.build({name: quote(values.get(name) or site[name][0], safe="") for name in route.parameters})


def test_every_public_route_is_reached_with_real_values(site):
    """Filled with real values, every route answers 200 (POST forms 405, staff preview 404, favicon 301)."""
    expected = {
        "articles:report": 405,
        "shows:progress": 405,
        "csp-report": 405,
        "articles:preview": 404,
        "favicon": 301,
    }
    answers = {route.name: send("GET", real_path(route, site)).status_code for route in ROUTES}
    assert answers == {route.name: expected.get(route.name, 200) for route in ROUTES}


NAMED_CASES = {
    "page-abc": ("GET", "page=abc", None),
    "page-99999": ("GET", "page=99999", None),
    "page-huge": ("GET", "page=461168601842738792", None),
    "page-negative": ("GET", "page=-3", None),
    "q-10kb": ("GET", "q=" + "k" * 10_240, None),
    "nul-in-query": ("GET", "q=%00&page=%00&status=%00&network=%00&spoilers=%00", None),
    "invalid-utf8-in-query": ("GET", "q=%FF%FE&genre=%C3%28", None),
    "head": ("HEAD", "", None),
    "options": ("OPTIONS", "", None),
    "cookie-text": ("GET", "", f"{COOKIE_NAME}=not-a-number"),
    "cookie-negative": ("GET", "", f"{COOKIE_NAME}=-1:-5"),
    "cookie-huge": ("GET", "", f"{COOKIE_NAME}=" + "9" * 4000 + ":" + "9" * 4000),
}


@pytest.mark.parametrize("case", NAMED_CASES.values(), ids=NAMED_CASES.keys())
def test_named_bad_input_on_every_public_route(site, case):
    """?page=abc, ?page=99999, a 10 KB q, NUL, broken UTF-8, HEAD, OPTIONS, bad cookies: no 5xx anywhere."""
    method, query, cookie = case
    for route in ROUTES:
        check(method, route, real_path(route, site), True, query, cookie)


LISTINGS = [
    "/",
    "/section/recap/",
    "/tags/finale/",
    "/authors/jiwon.reporter/",
    "/shows/",
    "/people/",
    "/search/?q=queen",
]
BAD_PAGES = ["461168601842738792", "99999999999999999999999999", "10001", "-1", "0", "abc", "1e9", "1.5", ""]


@pytest.mark.parametrize("page", BAD_PAGES)
def test_a_page_that_does_not_exist_is_a_404_on_every_listing(site, page):
    """Huge (past what the database can offset), negative, zero or junk: a missing page, never a 500."""
    for listing in LISTINGS:
        separator = "&" if "?" in listing else "?"
        response = send("GET", f"{listing}{separator}page={page}")
        expected = 200 if page == "" else 404  # an empty ?page= is the first page
        assert response.status_code == expected, (listing, page)


@pytest.mark.parametrize(
    "path",
    ["/tags/%00/", "/tags/a%00b/feed/", "/tags/%00/feed/atom/", "/authors/%00/", "/authors/x%01/feed/"],
)
def test_control_characters_in_a_text_path_are_404(site, path):
    """Regression: a NUL in a tag or username was sent to PostgreSQL, which refused it (500)."""
    assert send("GET", path).status_code == 404


def test_nul_in_show_filters_is_ignored(site):
    """Regression: ?network=%00 reached PostgreSQL (500); NUL is dropped, an empty filter is no filter."""
    response = send("GET", "/shows/", "status=%00&network=%00&service=a%00&genre=%00%00")
    assert response.status_code == 200
    assert [show.slug for show in response.context["shows"]] == []  # "a" matches no service
    assert send("GET", "/shows/", "network=%00").context["shows"][0].slug == "queen-of-tears"


@pytest.mark.parametrize(
    "path",
    ["/feed/", "/feed/atom/", "/tags/finale/feed/", "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-news.xml"],
)
def test_feeds_and_sitemaps_refuse_post(site, path):
    """Regression: feeds and sitemaps answered POST with 200; like every read-only page they answer 405."""
    assert send("POST", path).status_code == 405
    assert send("GET", path).status_code == 200
