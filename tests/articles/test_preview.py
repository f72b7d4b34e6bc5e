"""Preview: staff see an unpublished article's page before readers do; nobody else learns it exists."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.admin import ArticleAdmin
from articles.models import Article, PullQuote
from people.models import Person
from rehearsal.html import parse
from tests.factories import make_article, make_article_image, make_person, make_show, make_staff, make_user

pytestmark = pytest.mark.django_db

BANNER = "Preview — not published."


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def draft(**kw):
    return make_article(status=Article.Status.DRAFT, publish_at=None, headline="Secret casting news", **kw)


def preview_url(article):
    return reverse("articles:preview", kwargs={"pk": article.pk})


@pytest.mark.parametrize(
    "who",
    ["anonymous", "reader", "staff without article rights", "inactive writer", "moderator"],
)
def test_everyone_but_staff_with_rights_gets_404(who):
    """Anonymous visitors, readers with accounts and staff without article rights learn nothing."""
    article = draft()
    user = {
        "anonymous": lambda: None,
        "reader": lambda: make_user(),
        "staff without article rights": lambda: make_user(is_staff=True),
        "inactive writer": lambda: _inactive(make_staff("Writers")),
        # Moderators never read the body of an unpublished article.
        "moderator": lambda: make_staff("Moderators"),
    }[who]()
    response = client_for(user).get(preview_url(article))
    assert response.status_code == 404
    assert "Secret casting news" not in response.content.decode()


def _inactive(user):
    user.is_active = False
    user.save()
    return user


@pytest.mark.parametrize("group", ["Writers", "Editors"])
@pytest.mark.parametrize(
    ("status", "publish_in", "says"),
    [
        (Article.Status.DRAFT, None, "Status: Draft. Readers cannot see this page."),
        (Article.Status.IN_REVIEW, None, "Status: In review. Readers cannot see this page."),
        (Article.Status.PUBLISHED, dt.timedelta(days=2), "Scheduled to go live"),
    ],
)
def test_staff_preview_draft_in_review_and_scheduled_articles(group, status, publish_in, says):
    """The page renders with the public template, a visible preview banner and noindex, never cached."""
    publish_at = timezone.now() + publish_in if publish_in else None
    article = make_article(status=status, publish_at=publish_at, headline="Secret casting news")
    response = client_for(make_staff(group)).get(preview_url(article))

    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    tree = parse(response.content.decode())
    banner = tree.find(cls="preview-banner")
    assert banner.text().startswith(BANNER)
    assert says in banner.text()
    assert banner.order < tree.find("h1").order
    assert tree.find("h1").text() == "Secret casting news"
    assert tree.find("meta", name="robots").attrs["content"].startswith("noindex")
    assert response["X-Robots-Tag"].startswith("noindex")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store", "no-cache"} <= cache_control
    # Readers still get nothing at the public address.
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_scheduled_preview_names_the_korean_time():
    """A scheduled article's banner says when it goes live, in KST."""
    publish_at = dt.datetime(2030, 4, 6, 12, 0, tzinfo=dt.UTC)  # 21:00 in Seoul
    article = make_article(publish_at=publish_at)
    page = client_for(make_staff("Editors")).get(preview_url(article)).content.decode()
    banner = parse(page).find(cls="preview-banner")
    assert "Scheduled to go live April 6, 2030, 21:00 KST (Asia/Seoul)." in banner.text()


def test_a_live_article_preview_sends_staff_to_the_real_page():
    """There is nothing to preview once an article is live."""
    article = make_article()
    response = client_for(make_staff("Editors")).get(preview_url(article))
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_a_writer_previews_their_own_draft():
    writer = make_staff("Writers")
    article = draft(author=writer)
    response = client_for(writer).get(preview_url(article))
    assert response.status_code == 200
    assert parse(response.content.decode()).find(cls="preview-banner")


def test_missing_article_is_404_for_staff_too():
    assert client_for(make_staff("Editors")).get("/articles/preview/999999/").status_code == 404


def test_the_public_page_is_not_marked_as_a_preview():
    """The live page has no banner and no noindex."""
    article = make_article()
    response = Client().get(article.get_absolute_url())
    tree = parse(response.content.decode())
    assert not tree.find_all(cls="preview-banner")
    assert not tree.find_all("meta", name="robots")
    assert "X-Robots-Tag" not in response


def test_preview_asks_the_article_admin_for_rights(monkeypatch):
    """Row-level rules in ArticleAdmin decide who may preview which article."""
    article = draft()
    monkeypatch.setattr(ArticleAdmin, "has_view_permission", lambda self, request, obj=None: obj is None)
    monkeypatch.setattr(ArticleAdmin, "has_change_permission", lambda self, request, obj=None: obj is None)
    assert client_for(make_staff("Editors")).get(preview_url(article)).status_code == 404


def test_preview_link_in_the_change_form_only_for_unpublished_articles():
    """Editors find a Preview button beside History while the article is not live."""
    editor = client_for(make_staff("Editors"))
    article = draft()
    tree = parse(editor.get(f"/admin/articles/article/{article.pk}/change/").content.decode())
    tools = tree.find("ul", cls="object-tools")
    assert tools.find("a", cls="previewlink").attrs["href"] == preview_url(article)
    assert tools.find("a", cls="historylink")
    assert not tools.find_all("a", cls="viewsitelink")  # the public address would be a 404
    live = make_article()
    tools = parse(editor.get(f"/admin/articles/article/{live.pk}/change/").content.decode()).find(
        "ul", cls="object-tools"
    )
    assert not tools.find_all("a", cls="previewlink")
    assert tools.find("a", cls="viewsitelink") and tools.find("a", cls="historylink")


@pytest.mark.parametrize("related", [1, 30])
def test_preview_query_budget(related, django_assert_max_num_queries):
    """The preview costs the article page's queries (at most 8) plus 4 for the staff session, user and rights.

    The same for 1 and for 30 related rows.
    """
    article = draft()
    show, person = make_show(), make_person()
    for n in range(related):
        PullQuote.objects.create(article=article, text=f"Quote {n}", attribution="tvN", position=n)
        make_article_image(article, position=n, alt_text=f"Picture {n}")
        article.shows.add(make_show() if n else show)
        article.people.add(make_person() if n else person)
    article.tags.add(*[f"tag-{n}" for n in range(related)])
    client = client_for(make_staff("Editors"))
    client.get("/")  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get(preview_url(article))
    assert response.status_code == 200
    assert Person.objects.count() >= related
