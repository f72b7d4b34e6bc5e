"""Expiry: an article with a take-down time leaves every page by itself at that time, with no cron."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticlePerson, ArticleShow
from articles.selectors import next_change_by_itself
from rehearsal.admin_forms import change_form
from rehearsal.html import parse
from tests.factories import make_article, make_person, make_show, make_user, staff_client

pytestmark = pytest.mark.django_db


def url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def split(moment):
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def everywhere(article, show, person):
    """Every public surface the article appears on, with what each answers."""
    client = Client()
    surfaces = {
        "home": reverse("home"),
        "section": reverse("articles:section", args=[article.section]),
        "tag": reverse("articles:tag", args=["finale"]),
        "show": show.get_absolute_url(),
        "person": person.get_absolute_url(),
        "feed": reverse("articles:feed"),
        "sitemap": "/sitemap-articles.xml",
        "search": reverse("search") + "?q=comeback",
    }
    found = {}
    for name, path in surfaces.items():
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        found[name] = article.slug.encode() in body
    found["page"] = client.get(article.get_absolute_url()).status_code == 200
    return found


@pytest.fixture
def linked_article():
    show, person = make_show(title="Queen of Tears"), make_person(name="Kim Ji Won")
    three_hours_ago = timezone.now() - dt.timedelta(hours=3)
    article = make_article(slug="comeback-special", headline="Comeback special", publish_at=three_hours_ago)
    article.tags.add("finale")
    ArticleShow.objects.create(article=article, show=show)
    ArticlePerson.objects.create(article=article, person=person)
    return article, show, person


def test_a_passed_take_down_time_takes_the_article_off_every_page(linked_article):
    article, show, person = linked_article
    assert all(everywhere(article, show, person).values())
    Article.objects.filter(pk=article.pk).update(unpublish_at=timezone.now() - dt.timedelta(seconds=1))
    assert not any(everywhere(article, show, person).values())
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_taken_down


def test_a_take_down_time_still_to_come_keeps_it_live_and_bounds_cached_pages(linked_article):
    article, show, person = linked_article
    soon = timezone.now() + dt.timedelta(minutes=30)
    article.unpublish_at = soon
    article.save()
    assert all(everywhere(article, show, person).values())
    # Stored pages live no longer than the next change: this take-down, or an earlier go-live.
    assert next_change_by_itself() == soon
    earlier = make_article(publish_at=timezone.now() + dt.timedelta(minutes=10))
    assert next_change_by_itself() == earlier.publish_at


def test_an_editor_sets_a_take_down_time_in_the_admin():
    article = make_article(author=make_user(is_staff=True))
    editor = staff_client("Editors")
    _, data = change_form(editor, url(article), "article_form")
    later = timezone.now() + dt.timedelta(days=3)
    data["unpublish_at_0"], data["unpublish_at_1"] = split(later)
    assert editor.post(url(article), data).status_code == 302
    article.refresh_from_db()
    assert abs(article.unpublish_at - later) < dt.timedelta(seconds=1)
    listing = editor.get("/admin/articles/article/").content.decode()
    assert "Live until" in listing


def test_a_take_down_time_before_the_publish_time_is_refused_next_to_the_field():
    article = make_article(author=make_user(is_staff=True), headline="Kept")
    editor = staff_client("Editors")
    _, data = change_form(editor, url(article), "article_form")
    data["unpublish_at_0"], data["unpublish_at_1"] = split(article.publish_at - dt.timedelta(hours=1))
    data["headline"] = "Changed"
    response = editor.post(url(article), data)
    assert response.status_code == 200
    errors = [n.parent.text() for n in parse(response.content.decode()).find_all("ul", cls="errorlist")]
    assert any("The take-down time must come after the publish time." in e for e in errors), errors
    article.refresh_from_db()
    assert article.headline == "Kept" and article.unpublish_at is None


def test_writers_cannot_set_a_take_down_time_even_by_a_crafted_post():
    writer_client = staff_client("Writers")
    draft = make_article(author_id=writer_client.session["_auth_user_id"], status=Article.Status.DRAFT, publish_at=None)
    _, data = change_form(writer_client, url(draft), "article_form")
    assert "unpublish_at_0" not in data
    data["unpublish_at_0"], data["unpublish_at_1"] = split(timezone.now() + dt.timedelta(days=1))
    assert writer_client.post(url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.unpublish_at is None


def test_the_admin_lists_taken_down_articles_apart():
    live = make_article(headline="Still live")
    gone = make_article(headline="Gone now", unpublish_at=timezone.now() - dt.timedelta(minutes=1))
    editor = staff_client("Editors")
    page = editor.get("/admin/articles/article/?state=taken-down").content.decode()
    assert gone.headline in page and live.headline not in page
    assert "Taken down" in page
