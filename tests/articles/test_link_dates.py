"""Show and person links carry a copy of when their article is live (ArticleShow, ArticlePerson .live_from).

Show and person pages and feeds read their newest articles by that copy, so it
must follow every way a link is made and every change of status or publish time.
"""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article, ArticlePerson, ArticleShow
from rehearsal.admin_forms import change_form
from rehearsal.html import parse
from tests.factories import make_article, make_person, make_show, make_staff, staff_client

pytestmark = pytest.mark.django_db


def copies(article):
    """{(kind, show or person id): live_from} of the article's links, as the database holds them."""
    found = {
        ("show", pk): at for pk, at in ArticleShow.objects.filter(article=article).values_list("show", "live_from")
    }
    people = ArticlePerson.objects.filter(article=article).values_list("person", "live_from")
    found.update({("person", pk): at for pk, at in people})
    return found


def assert_copies_follow(article):
    article.refresh_from_db()
    assert copies(article), "the article has no links to check"
    assert set(copies(article).values()) == {article.live_from}


@pytest.fixture
def show():
    return make_show(title="Queen of Tears")


@pytest.fixture
def person():
    return make_person(name="Kim Ji Won")


def test_links_added_from_the_article_copy_its_live_time(show, person):
    article = make_article(publish_at=timezone.now() - dt.timedelta(days=300))
    article.shows.add(show)
    article.people.set([person])
    assert copies(article) == {("show", show.pk): article.publish_at, ("person", person.pk): article.publish_at}


def test_links_added_from_the_show_or_person_copy_their_articles_live_times(show, person):
    """show.articles.add() knows only the articles' ids: each link still gets its own article's time."""
    now = timezone.now()
    old = make_article(publish_at=now - dt.timedelta(days=300))
    scheduled = make_article(publish_at=now + dt.timedelta(days=2))
    draft = make_article(status=Article.Status.DRAFT, publish_at=None)
    show.articles.add(old, scheduled, draft)
    person.articles.set([old.pk, scheduled.pk, draft.pk])
    for article in (old, scheduled, draft):
        assert set(copies(article).values()) == {article.live_from}, article.headline
    assert copies(draft) == {("show", show.pk): None, ("person", person.pk): None}


def test_a_link_saved_by_itself_copies_its_articles_live_time(show):
    article = make_article()
    link = ArticleShow.objects.create(article=article, show=show)
    assert link.live_from == article.publish_at
    assert copies(article)[("show", show.pk)] == article.publish_at


def test_the_copies_follow_publishing_unpublishing_and_rescheduling(show, person):
    article = make_article(status=Article.Status.DRAFT, publish_at=None)
    article.shows.add(show)
    article.people.add(person)
    assert set(copies(article).values()) == {None}

    article.status = Article.Status.PUBLISHED
    article.save()  # "Published" with no time means now
    assert article.publish_at is not None
    assert_copies_follow(article)

    article.publish_at = timezone.now() + dt.timedelta(days=1)
    article.save(update_fields=["publish_at"])
    assert_copies_follow(article)

    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    assert set(copies(article).values()) == {None}


def test_re_adding_a_link_keeps_its_copy(show):
    article = make_article()
    article.shows.add(show)
    article.shows.remove(show)
    show.articles.add(article)
    article.shows.add(show)  # already there: nothing changes
    assert copies(article) == {("show", show.pk): article.publish_at}


def test_the_admin_shows_the_shows_and_people_boxes_and_their_links_get_the_live_time(show, person):
    """Django's admin hides many-to-many fields with their own through model; these keep their autocomplete."""
    editor = staff_client("Editors")
    article = make_article(headline="Casting news", author=make_staff("Writers"))
    response, data = change_form(editor, f"/admin/articles/article/{article.pk}/change/", "article_form")
    form = parse(response.content.decode()).find("form", id="article_form")
    for name in ("shows", "people"):
        box = form.find("select", name=name)
        assert box is not None and "multiple" in box.attrs, name
        assert "admin-autocomplete" in box.attrs.get("class", ""), name  # the search-as-you-type box
    data.update(shows=[show.pk], people=[person.pk])
    assert editor.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    assert set(copies(article)) == {("show", show.pk), ("person", person.pk)}
    assert_copies_follow(article)  # the form saves the time to the second: the copies say the same
    assert "Casting news" in editor.get(show.get_absolute_url()).content.decode()


def test_publishing_from_the_admin_list_dates_the_links(show):
    """The "Publish now" action saves only some fields; the links still follow."""
    editor = staff_client("Editors")
    article = make_article(status=Article.Status.DRAFT, publish_at=None, headline="Finally out")
    article.shows.add(show)
    response = editor.post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [article.pk]}, follow=True
    )
    assert response.status_code == 200
    assert_copies_follow(article)
    assert "Finally out" in editor.get(show.get_absolute_url()).content.decode()


def test_the_shows_and_people_boxes_still_search(show, person):
    """The autocomplete lookups behind the boxes answer for the article's shows and people fields."""
    editor = staff_client("Editors")
    for field, term, found in [("shows", "Queen", show), ("people", "Kim", person)]:
        response = editor.get(
            "/admin/autocomplete/",
            {"app_label": "articles", "model_name": "article", "field_name": field, "term": term},
        )
        assert response.status_code == 200, field
        assert [row["id"] for row in response.json()["results"]] == [str(found.pk)], field
