"""Readers report an unmarked spoiler; moderators work through the queue."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from articles.models import Article, SpoilerReport
from rehearsal.html import parse
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db

REPORTS = "/admin/articles/spoilerreport/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    # The limit counts in the cache; every test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article():
    return make_article(headline="Queen of Tears ratings", slug="qot-ratings")


def report_url(article):
    return f"/articles/{article.slug}/report/"


def test_the_article_page_offers_a_labelled_form_with_no_per_reader_token(client, article):
    """After the body: a form that posts to the report URL, with labels and a hidden honeypot.

    The page is cached for every anonymous reader, so it carries no CSRF token
    (nor sets the cookie); cross-site posts are refused by Fetch Metadata instead.
    """
    response = client.get(article.get_absolute_url())
    assert "Cookie" not in response.get("Vary", "")  # one copy for every reader, in any cache
    assert "csrftoken" not in response.cookies
    page = parse(response.content.decode())
    form = page.find("form", cls="report-form")
    assert form.attrs["method"] == "post"
    assert form.attrs["action"] == report_url(article)
    assert form.find_all("input", name="csrfmiddlewaretoken") == []
    for control_id in ("report-message", "report-episode"):
        assert page.find("label", for_=control_id)
    assert page.find("textarea", name="message").attrs["maxlength"] == "1000"
    honeypot = form.find("input", name="website")
    assert honeypot.attrs["tabindex"] == "-1"
    assert honeypot.parent.attrs["aria-hidden"] == "true"
    details = page.find("section", id="report").find("details", cls="report-disclosure")
    assert details.find("summary").text() == "Report an unmarked spoiler"
    assert form.is_inside(details)
    assert "open" not in details.attrs  # one line under the story until the reader opens it
    assert page.find("div", cls="article-body").order < form.order


def test_a_valid_report_is_stored_and_the_reader_is_thanked(client, article):
    """Post/Redirect/Get: 303 back to the article, a thank-you on the page, the report in the queue."""
    response = client.post(report_url(article), {"message": "Names who dies in ep 12.", "episode": "12"})
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#report"
    report = SpoilerReport.objects.get()
    assert (report.article, report.message, report.episode, report.status) == (
        article,
        "Names who dies in ep 12.",
        12,
        "open",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Thank you. A moderator will look at your report." in page


def test_a_too_long_message_comes_back_with_an_error_and_the_input_kept(client, article):
    """1,001 characters: a 400 page saying why, with what the reader typed still in the box."""
    text = "x" * 1001
    response = client.post(report_url(article), {"message": text, "episode": "3"})
    assert response.status_code == 400
    page = parse(response.content.decode())
    assert page.find("textarea", name="message").text() == text
    assert page.find("input", name="episode").attrs["value"] == "3"
    assert "at most 1000 characters" in page.find(id="report-message-error").text()
    assert page.find("textarea", name="message").attrs["aria-invalid"] == "true"
    assert not SpoilerReport.objects.exists()


def test_an_empty_or_bad_report_is_a_form_error(client, article):
    response = client.post(report_url(article), {"message": "", "episode": "-2"})
    assert response.status_code == 400
    assert not SpoilerReport.objects.exists()


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(client, article):
    """Bots get the same 303 and thanks as people, and nothing lands in the queue."""
    response = client.post(report_url(article), {"message": "Buy pills", "website": "http://spam.example"})
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#report"
    assert not SpoilerReport.objects.exists()


def test_the_sixth_report_in_an_hour_from_one_address_is_refused(client, article):
    """Five an hour per client address; the sixth gets a clear 429 page and is not stored."""
    for n in range(5):
        assert client.post(report_url(article), {"message": f"Report {n}"}).status_code == 303
    response = client.post(report_url(article), {"message": "One more"})
    assert response.status_code == 429
    assert "Too many reports for now" in response.content.decode()
    assert SpoilerReport.objects.count() == 5
    # Another address is not affected.
    other = client.post(report_url(article), {"message": "From elsewhere"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 303
    assert SpoilerReport.objects.count() == 6


def test_a_cross_site_post_is_refused(article):
    """A post from another site answers 403 and nothing is stored; the same post from the page works."""
    client = Client(enforce_csrf_checks=True)
    refused = [
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://other.testserver"},
        {"HTTP_ORIGIN": "https://evil.example"},  # an older browser: Origin only
    ]
    for headers in refused:
        assert client.post(report_url(article), {"message": "Forged"}, **headers).status_code == 403
    assert not SpoilerReport.objects.exists()
    response = client.post(
        report_url(article),
        {"message": "From the page"},
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 303
    assert SpoilerReport.objects.get().message == "From the page"


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT, "publish_at": None},
        {"status": Article.Status.IN_REVIEW, "publish_at": None},
        {"status": Article.Status.PUBLISHED, "publish_at": "future"},
    ],
    ids=["draft", "in review", "scheduled"],
)
def test_only_published_articles_take_reports(client, fields):
    """An article readers cannot see cannot be reported: 404, nothing stored."""
    if fields["publish_at"] == "future":
        fields = {**fields, "publish_at": timezone.now() + dt.timedelta(days=1)}
    hidden = make_article(**fields)
    assert client.post(report_url(hidden), {"message": "Hello"}).status_code == 404
    assert client.post("/articles/no-such-article/report/", {"message": "Hello"}).status_code == 404
    assert not SpoilerReport.objects.exists()


def test_the_report_url_takes_only_posts(client, article):
    assert client.get(report_url(article)).status_code == 405


def test_the_report_form_adds_no_queries_to_the_article_page(client, article, django_assert_max_num_queries):
    """The form is plain HTML: the article page stays within its budget of 10 queries."""
    with django_assert_max_num_queries(10):
        assert client.get(article.get_absolute_url()).status_code == 200


# The queue -----------------------------------------------------------------------


def test_moderators_see_the_queue_and_resolve_a_report_in_its_form(article):
    """The queue lists open reports with their article; changing the status records who resolved it."""
    moderator = make_staff("Moderators")
    report = SpoilerReport.objects.create(article=article, message="<b>Spoils</b> the wedding", episode=14)
    client = Client()
    client.force_login(moderator)
    listing = client.get(f"{REPORTS}?status__exact=open")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Queen of Tears ratings" in html
    assert "&lt;b&gt;Spoils&lt;/b&gt; the wedding" in html  # readers' words are shown, never run
    assert f"/admin/articles/spoilermoderation/{article.pk}/change/" in html
    url = f"{REPORTS}{report.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert list(form.fields) == ["status"]  # the reader's words and the article are read-only
    response = client.post(url, {"status": "resolved", "message": "rewritten", "episode": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.resolved_by, report.message, report.episode) == (
        "resolved",
        moderator,
        "<b>Spoils</b> the wedding",
        14,
    )
    assert report.resolved_at is not None


def test_moderators_cannot_add_or_delete_reports_and_writers_cannot_see_them(article):
    report = SpoilerReport.objects.create(article=article, message="Spoils it")
    moderator, writer = Client(), Client()
    moderator.force_login(make_staff("Moderators"))
    writer.force_login(make_staff("Writers"))
    assert moderator.get(f"{REPORTS}add/").status_code == 403
    assert moderator.post(f"{REPORTS}{report.pk}/delete/", {"post": "yes"}).status_code == 403
    assert writer.get(REPORTS).status_code == 403
    assert SpoilerReport.objects.filter(pk=report.pk).exists()


def test_open_reports_show_on_the_moderation_screen(article):
    SpoilerReport.objects.create(article=article, message="Spoils the ep 9 twist", episode=9)
    client = Client()
    client.force_login(make_staff("Moderators"))
    listing = client.get("/admin/articles/spoilermoderation/")
    row = next(a for a in listing.context["cl"].result_list if a.pk == article.pk)
    assert row.open_report_count == 1
    page = client.get(f"/admin/articles/spoilermoderation/{article.pk}/change/").content.decode()
    assert "Spoils the ep 9 twist" in page


def test_an_impossible_episode_is_a_form_error_on_every_database(client, article):
    """SQLite enforces no integer range, so the form does: no drama has 40,000 episodes."""
    response = client.post(report_url(article), {"message": "Spoils the ending.", "episode": "40000"})
    assert response.status_code == 400
    assert not SpoilerReport.objects.exists()
