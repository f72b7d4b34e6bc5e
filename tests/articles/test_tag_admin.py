"""The tag admin: merging tags moves the articles' tags, and only those who may change tags can do it."""

import datetime as dt

import pytest
from django.utils import timezone
from taggit.models import Tag

from rehearsal.html import parse
from tests.factories import logged_in, make_article, make_staff

pytestmark = pytest.mark.django_db

TAGS = "/admin/taggit/tag/"
MERGE = f"{TAGS}merge-tags/"


def tagged(headline, *names, hours_ago=1):
    article = make_article(headline=headline, publish_at=timezone.now() - dt.timedelta(hours=hours_ago))
    article.tags.add(*names)
    return article


def choose_for_merging(client, *names):
    chosen = [tag.pk for tag in Tag.objects.filter(name__in=names)]
    response = client.post(TAGS, {"action": "render_tag_form", "_selected_action": chosen, "index": 0})
    assert response.status_code == 302 and response["Location"].endswith("merge-tags/")


def test_merging_tags_moves_every_article_to_the_merged_tag(client):
    """Articles with either spelling end with the merged tag once; its page lists them, newest first."""
    both = tagged("Both spellings", "K-drama", "Kdrama", hours_ago=2)
    one = tagged("One spelling", "Kdrama")
    other = tagged("Another tag", "Romance")
    editor = logged_in(make_staff("Editors"))
    choose_for_merging(editor, "K-drama", "Kdrama")
    assert editor.get(MERGE).status_code == 200
    assert editor.post(MERGE, {"new_tag_name": "K-drama"}).status_code == 302

    assert list(both.tags.names()) == ["K-drama"]
    assert list(one.tags.names()) == ["K-drama"]
    assert list(other.tags.names()) == ["Romance"]
    page = parse(client.get("/tags/k-drama/").content.decode())
    assert [h.text() for h in page.find_all("h2", cls="card-headline")] == ["One spelling", "Both spellings"]
    assert client.get("/tags/kdrama/").status_code == 404


def test_only_those_who_may_change_tags_can_merge_them():
    tagged("Tagged", "K-drama", "Kdrama")
    writer = logged_in(make_staff("Writers"))
    assert writer.get(MERGE).status_code == 403
    assert writer.post(MERGE, {"new_tag_name": "Merged"}).status_code == 403
    assert not Tag.objects.filter(name="Merged").exists()


def test_a_tag_page_in_the_admin_opens_without_taggits_generic_inline():
    tag = tagged("Tagged", "K-drama").tags.get()
    response = logged_in(make_staff("Editors")).get(f"{TAGS}{tag.pk}/change/")
    assert response.status_code == 200
    assert "taggeditem" not in response.content.decode().lower()
