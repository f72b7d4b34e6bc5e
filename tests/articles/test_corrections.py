"""Corrections, clarifications and updates: written by editors, dated, shown where readers look, kept."""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Correction
from rehearsal.admin_forms import change_form
from rehearsal.html import parse
from tests.factories import make_article, make_show, make_user, staff_client

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def url(article, rest="change/"):
    return f"/admin/articles/article/{article.pk}/{rest}"


def add_note_through_admin(client, article, kind="correction", text="It aired on tvN.", noted_at=None):
    """The article's change form posted back with one new note, as an editor fills it in."""
    response, data = change_form(client, url(article), "article_form")
    noted_at = timezone.localtime(noted_at or timezone.now())
    data.update(
        {
            "corrections-TOTAL_FORMS": str(int(data["corrections-TOTAL_FORMS"]) + 1),
            f"corrections-{data['corrections-TOTAL_FORMS']}-kind": kind,
            f"corrections-{data['corrections-TOTAL_FORMS']}-text": text,
            f"corrections-{data['corrections-TOTAL_FORMS']}-noted_at_0": noted_at.strftime("%Y-%m-%d"),
            f"corrections-{data['corrections-TOTAL_FORMS']}-noted_at_1": noted_at.strftime("%H:%M:%S"),
        }
    )
    return client.post(url(article), data)


def live_article(**kw):
    return make_article(author=make_user(is_staff=True), publish_at=timezone.now() - dt.timedelta(days=2), **kw)


def page(article):
    return parse(Client().get(article.get_absolute_url()).content.decode())


def news_article_json_ld(tree):
    for script in tree.find_all("script", type="application/ld+json"):
        data = json.loads(script.text())
        for item in data if isinstance(data, list) else [data]:
            if item.get("@type") == "NewsArticle":
                return item
    raise AssertionError("no NewsArticle")


def test_an_editors_correction_shows_at_the_foot_and_an_update_at_the_top():
    article = live_article(headline="Why Crash Landing on You still wins")
    editor = staff_client("Editors")
    assert add_note_through_admin(editor, article, "correction", "It aired on tvN, not JTBC.").status_code == 302
    assert add_note_through_admin(editor, article, "update", "Now streaming on Netflix.").status_code == 302
    tree = page(article)
    top, foot = tree.find("aside", cls="article-notes-top"), tree.find("aside", cls="article-notes-foot")
    body = tree.find("div", cls="article-body")
    assert top.order < body.order < foot.order
    assert "Update," in top.text() and "Now streaming on Netflix." in top.text()
    assert "Correction," in foot.text() and "It aired on tvN, not JTBC." in foot.text()
    assert timezone.localtime(timezone.now()).strftime("%B") in foot.find("time").text()
    assert Correction.objects.get(kind="correction").noted_by.groups.filter(name="Editors").exists()


def test_a_note_moves_the_modified_time_everywhere_and_is_a_correction_in_json_ld():
    article = live_article()
    Article.objects.filter(pk=article.pk).update(updated_at=article.publish_at)  # untouched since it went live
    before = news_article_json_ld(page(article))["dateModified"]
    Correction.objects.create(article=article, kind="clarification", text="The finale is episode 16.")
    Correction.objects.create(article=article, kind="update", text="Ratings are in.")
    data = news_article_json_ld(page(article))
    assert data["dateModified"] > before
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "datePublished": data["correction"][0]["datePublished"],
            "text": "The finale is episode 16.",
        }
    ]
    atom = ET.fromstring(Client().get("/feed/atom/").content)
    entry = next(e for e in atom.iter(f"{ATOM}entry") if article.slug in e.find(f"{ATOM}id").text)
    updated = dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    assert abs(updated - dt.datetime.fromisoformat(data["dateModified"])) < dt.timedelta(seconds=1)


def test_the_corrections_page_and_its_feeds_list_every_note_on_a_live_article_newest_first():
    now = timezone.now()
    first = live_article(headline="Ratings climb")
    second = live_article(headline="Cast confirmed")
    draft = make_article(status=Article.Status.DRAFT, publish_at=None, headline="Not out yet")
    Correction.objects.create(article=first, text="The rating was 24.85%.", noted_at=now - dt.timedelta(hours=5))
    Correction.objects.create(article=second, kind="update", text="A fourth lead joins.", noted_at=now)
    Correction.objects.create(article=draft, text="Never seen.", noted_at=now)
    response = Client().get("/corrections/")
    assert response.status_code == 200
    entries = parse(response.content.decode()).find_all("li", cls="correction-entry")
    assert [e.find("a").text() for e in entries] == ["Cast confirmed", "Ratings climb"]
    assert "Update" in entries[0].text() and "The rating was 24.85%." in entries[1].text()
    assert "Never seen" not in response.content.decode()
    rss = ET.fromstring(Client().get("/corrections/feed/").content)
    titles = [item.find("title").text for item in rss.iter("item")]
    assert titles == ["Update: Cast confirmed", "Correction: Ratings climb"]
    atom = ET.fromstring(Client().get("/corrections/feed/atom/").content)
    assert [e.find(f"{ATOM}summary").text for e in atom.iter(f"{ATOM}entry")] == [
        "A fourth lead joins.",
        "The rating was 24.85%.",
    ]
    footer = parse(Client().get("/").content.decode()).find("footer", cls="site-footer")
    assert footer.find("a", href="/corrections/").text() == "Corrections and updates"


def test_a_spoiler_articles_note_waits_behind_its_shield_and_is_never_quoted_off_the_article():
    show = make_show(title="Queen of Tears")
    article = live_article(has_spoilers=True, spoiler_show=show, spoiler_through_episode=16)
    Correction.objects.create(article=article, text="Hae In survives the surgery.")
    tree = page(article)
    assert tree.find("aside", cls="article-notes-foot").is_inside(tree.find("details", cls="spoiler-shield"))
    assert "Hae In" not in news_article_json_ld(tree).get("correction", [{}])[0].get("text", "")
    listing = Client().get("/corrections/").content.decode()
    feed = Client().get("/corrections/feed/").content.decode()
    assert "Hae In" not in listing and "Hae In" not in feed
    assert "Spoilers: Queen of Tears ep. 16" in listing


def test_notes_are_kept_through_unpublish_and_republish():
    article = live_article()
    Correction.objects.create(article=article, text="It aired on tvN.")
    article.status = Article.Status.DRAFT
    article.save()
    assert Client().get(article.get_absolute_url()).status_code == 404
    assert "It aired on tvN." not in Client().get("/corrections/").content.decode()
    article.status = Article.Status.PUBLISHED
    article.save()
    assert "It aired on tvN." in page(article).find("aside", cls="article-notes-foot").text()


def test_notes_are_kept_through_a_history_restore():
    editor = staff_client("Editors")
    article = live_article(headline="First take")
    _, data = change_form(editor, url(article), "article_form")
    assert editor.post(url(article), data).status_code == 302  # version 1, before any note
    assert add_note_through_admin(editor, article, text="The date was wrong.").status_code == 302
    first = Version.objects.get_for_object(article).order_by("pk").first()
    revision_url = url(article, f"history/{first.pk}/")
    _, data = change_form(editor, revision_url, "article_form")
    assert editor.post(revision_url, data).status_code == 302
    assert list(article.corrections.values_list("text", flat=True)) == ["The date was wrong."]


def test_a_note_without_text_is_refused_next_to_its_field_and_nothing_is_saved():
    article = live_article(headline="Kept headline")
    response = add_note_through_admin(staff_client("Editors"), article, text="   ")
    assert response.status_code == 200
    errors = [node.parent.text() for node in parse(response.content.decode()).find_all("ul", cls="errorlist")]
    assert any("This field is required" in error for error in errors), errors
    assert not Correction.objects.exists()


def test_writers_read_notes_but_cannot_add_them_even_by_a_crafted_post():
    writer_client = staff_client("Writers")
    writer = writer_client.session["_auth_user_id"]
    draft = make_article(author_id=writer, status=Article.Status.DRAFT, publish_at=None)
    live = live_article()
    Correction.objects.create(article=live, text="It aired on tvN.")
    assert "It aired on tvN." in writer_client.get(url(live)).content.decode()
    editor_data = change_form(staff_client("Editors"), url(draft), "article_form")[1]
    assert "corrections-TOTAL_FORMS" in editor_data
    response = add_note_through_admin(writer_client, draft, text="Sneaked in.")
    assert response.status_code in {200, 302, 403}
    assert not Correction.objects.filter(text="Sneaked in.").exists()
