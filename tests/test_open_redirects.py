"""No redirect leaves the site: a hostile `next` (or Referer) lands on the view's own default page."""

from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import make_article, make_show, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
HOSTILE = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://x@evil.example",
    "https://testserver@evil.example",
    "https://evil.example/admin/",
    "http:evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "data:text/html,<script>alert(1)</script>",
]
# The same, percent-encoded once more (as a link would carry them in a query string).
ENCODED = [quote(target, safe="") for target in HOSTILE]


def stays_on_site(location, base="http://testserver/"):
    """The Location header, resolved as a browser would, points at this site over http(s)."""
    resolved = urlsplit(urljoin(base, location.strip()))
    return resolved.scheme in {"http", "https"} and resolved.netloc == "testserver"


@pytest.fixture(autouse=True)
def fresh_counters():
    """Report rate limits start from zero (login throttling is in the database, rolled back per test)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor():
    return make_user(username="han.editor", password=PASSWORD, is_staff=True)


@pytest.mark.parametrize("target", HOSTILE + ENCODED)
def test_admin_login_ignores_a_hostile_next(editor, target):
    """Signing in with a hostile next (form field or query string) lands on the admin index."""
    for client, url, data in (
        (Client(), reverse("admin:login"), {"next": target}),
        (Client(), f"{reverse('admin:login')}?next={quote(target, safe='')}", {}),
    ):
        response = client.post(url, {"username": editor.username, "password": PASSWORD, **data})
        assert response.status_code == 302
        assert SESSION_KEY in client.session
        if target in HOSTILE:
            assert response["Location"] == reverse("admin:index")
        else:  # decoded once, what remains is a harmless relative path on this site
            assert stays_on_site(response["Location"]), response["Location"]


def test_admin_login_follows_a_safe_next(editor):
    """A next on this site is still honoured, so the check is not simply "always the index"."""
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": editor.username, "password": PASSWORD, "next": "/admin/auth/user/"}
    )
    assert response["Location"] == "/admin/auth/user/"


@pytest.mark.parametrize("target", HOSTILE + ENCODED)
def test_admin_logout_ignores_a_hostile_next(editor, target):
    """Signing out with a hostile next lands on the sign-in page."""
    for where in ("form", "query"):
        client = Client()
        client.force_login(editor)
        if where == "form":
            response = client.post(reverse("admin:logout"), {"next": target})
        else:
            response = client.post(f"{reverse('admin:logout')}?next={quote(target, safe='')}")
        assert response.status_code == 302
        assert SESSION_KEY not in client.session
        if target in HOSTILE:
            assert response["Location"] == reverse("admin:login")
        else:
            assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_signed_in_visit_to_the_login_page_goes_to_the_index(editor, target):
    """A staff member opening the login link with a hostile next is sent to the admin index."""
    client = Client()
    client.force_login(editor)
    response = client.get(reverse("admin:login"), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("target", HOSTILE)
def test_watch_progress_always_returns_to_the_show(client, target):
    """The watch-progress POST redirects to its show page whatever next, redirect or Referer say."""
    show = make_show(episode_count=16)
    url = reverse("shows:progress", args=[show.slug])
    response = client.post(
        f"{url}?next={quote(target, safe='')}",
        {"episode": "3", "next": target, "redirect": target, "redirect_to": target},
        HTTP_REFERER=target,
    )
    assert response.status_code == 303
    assert response["Location"] == f"{show.get_absolute_url()}?progress=saved&episode=3#watch-progress"


@pytest.mark.parametrize("target", HOSTILE)
def test_spoiler_report_always_returns_to_the_article(client, target):
    """The spoiler-report POST redirects to its article whatever next, redirect or Referer say."""
    article = make_article()
    url = reverse("articles:report", args=[article.slug])
    response = client.post(
        f"{url}?next={quote(target, safe='')}",
        {"message": "Names who dies.", "next": target, "redirect": target},
        HTTP_REFERER=target,
    )
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#report"
