"""Every response carries the security headers: pages, feeds, sitemaps, errors, the admin and static files."""

import pytest
from django.test import Client, override_settings
from django.urls import include, path, reverse

from tests.factories import make_article, make_show, staff_client

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("something broke")


urlpatterns = [
    path("broken/", broken_view),
    path("", include("dramasite.urls")),
]

PUBLIC_PATHS = [
    "/",
    "/feed/",
    "/feed/atom/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/robots.txt",
    "/search/?q=drama",
    "/shows/",
    "/people/",
    "/no/such/page/",
]


def directives(header):
    """A CSP header as {directive: [sources]}."""
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def assert_strict_public_policy(header):
    """The public site's policy: nonce-or-self scripts only, no plugins, no framing, reports to our endpoint."""
    policy = directives(header)
    assert policy["default-src"] == ["'self'"]
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert all(source == "'self'" or source.startswith("'nonce-") for source in scripts), scripts
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["report-uri"] == [reverse("csp-report")]
    assert policy["report-to"] == ["csp-endpoint"]


@pytest.mark.parametrize("url", PUBLIC_PATHS)
def test_public_responses_carry_the_strict_policy_and_headers(client, url):
    """Pages, feeds, sitemaps, robots.txt, search and the 404 page all send the strict policy and the headers."""
    make_article()
    response = client.get(url)
    assert response.status_code in {200, 404}
    assert_common_headers(response)
    assert_strict_public_policy(response["Content-Security-Policy"])
    assert response["Reporting-Endpoints"] == f'csp-endpoint="{reverse("csp-report")}"'
    assert "Content-Security-Policy-Report-Only" not in response


def test_article_show_and_calendar_carry_the_headers(client):
    """An article page, a show page and a show's calendar file carry the same headers."""
    article = make_article()
    show = make_show()
    for url in (article.get_absolute_url(), show.get_absolute_url(), reverse("shows:calendar", args=[show.slug])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_common_headers(response)
        assert_strict_public_policy(response["Content-Security-Policy"])


@pytest.mark.urls("tests.test_security_headers")
def test_the_500_page_carries_the_headers():
    """Even a server error answers with the strict policy and the headers."""
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert_common_headers(response)
    assert_strict_public_policy(response["Content-Security-Policy"])


@pytest.mark.parametrize("url", ["/admin/login/", "/admin/"])
def test_admin_gets_its_own_enforced_policy(client, url):
    """The admin's CKEditor policy: inline script allowed there only, still no plugins and no foreign framing."""
    response = (staff_client("Editors") if url == "/admin/" else client).get(url)
    assert response.status_code == 200
    assert_common_headers(response)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["report-uri"] == [reverse("csp-report")]
    assert response["X-Frame-Options"] == "DENY"


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_from_whitenoise_carry_the_headers():
    """A stylesheet served by whitenoise is sent with nosniff, the referrer policy and COOP."""
    response = Client().get("/static/css/site.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert_common_headers(response)


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
@pytest.mark.parametrize("path", ["/static/img/favicon.svg", "/static/admin/img/icon-yes.svg", "/static/css/site.css"])
def test_a_static_file_opened_as_a_page_runs_nothing_and_cannot_be_framed(path):
    """WhiteNoise answers above the CSP and clickjacking middleware, so its files carry their own guard."""
    response = Client().get(path)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "sandbox" in policy


def collected_static_files():
    """What `collectstatic` would copy into STATIC_ROOT, with the installed apps' ignore patterns."""
    from django.contrib.staticfiles.management.commands.collectstatic import Command

    command = Command()
    command.set_options(
        interactive=False,
        verbosity=0,
        link=False,
        clear=False,
        dry_run=True,
        ignore_patterns=[],
        use_default_ignore_patterns=True,
        post_process=False,
    )
    return set(command.collect()["modified"])


def test_production_static_files_hold_no_package_test_or_sample_pages():
    """CKEditor's manual test pages, its spell-checker frames and preview page are not collected; its editor is."""
    collected = collected_static_files()
    assert "ckeditor/ckeditor/ckeditor.js" in collected
    assert "css/site.css" in collected and "admin/js/core.js" in collected
    pages = sorted(name for name in collected if name.endswith((".html", ".htm")))
    assert pages == []
    assert not [name for name in collected if "/tests/" in name or "/samples/" in name]
    assert "ckeditor/ckeditor/plugins/exportpdf/tests/manual/integration.html" not in collected
    assert "ckeditor/ckeditor/plugins/wsc/dialogs/ciframe.html" not in collected


def test_report_only_mode_moves_the_public_policy_to_the_report_only_header(client, settings):
    """With the rollout switch on, the public policy is reported, not enforced; the admin's stays enforced."""
    settings.SECURE_CSP_REPORT_ONLY, settings.SECURE_CSP = settings.SECURE_CSP, {}
    response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert_strict_public_policy(response["Content-Security-Policy-Report-Only"])
    admin = client.get("/admin/login/")
    assert directives(admin["Content-Security-Policy"])["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "Content-Security-Policy-Report-Only" not in admin


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_package_test_pages_are_not_served_either():
    """The development server (WhiteNoise on the finders) does not find them: 404; the editor's script is found."""
    assert Client().get("/static/ckeditor/ckeditor/plugins/wsc/dialogs/ciframe.html").status_code == 404
    assert Client().get("/static/ckeditor/ckeditor/plugins/exportpdf/tests/manual/integration.html").status_code == 404
    assert Client().get("/static/ckeditor/ckeditor/ckeditor.js").status_code == 200
