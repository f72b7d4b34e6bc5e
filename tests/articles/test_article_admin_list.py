"""The article list in the admin: status at a glance (scheduled in Seoul time), filters, search, actions."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article, SpoilerReport
from rehearsal.html import parse
from tests.factories import logged_in, make_article, make_show, make_staff

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/articles/article/"
SEOUL = ZoneInfo("Asia/Seoul")


def rows(response):
    return {article.headline for article in response.context["cl"].result_list}


def cells(response, headline):
    page = parse(response.content.decode())
    for row in page.find("table", id="result_list").find_all("tr"):
        if headline in row.text():
            return row.text()
    raise AssertionError(f"{headline} not listed")


@pytest.fixture
def newsroom():
    show = make_show(title="Queen of Tears", episode_count=16)
    writer = make_staff("Writers", first_name="Jamie", last_name="Park")
    far = dt.datetime(2030, 11, 27, 9, 0, tzinfo=SEOUL)
    make_article(headline="Live story", author=writer)
    make_article(headline="Scheduled story", author=writer, publish_at=far)
    make_article(headline="Draft story", author=writer, status=Article.Status.DRAFT, publish_at=None)
    make_article(headline="Review story", author=writer, status=Article.Status.IN_REVIEW, publish_at=None)
    spoiler = make_article(
        headline="Spoiler story", author=writer, has_spoilers=True, spoiler_show=show, spoiler_through_episode=8
    )
    spoiler.shows.add(show)
    return {"writer": writer, "show": show}


def test_scheduled_articles_show_their_time_and_zone(newsroom):
    """Scheduled is not Live: the list says when, in Seoul time, and names the zone."""
    response = logged_in(make_staff("Editors")).get(ARTICLES)
    assert "Scheduled for 27 Nov 2030, 09:00 KST" in cells(response, "Scheduled story")
    assert "Live" in cells(response, "Live story")
    assert "In review" in cells(response, "Review story")
    assert "Jamie Park" in cells(response, "Draft story")
    assert "⚠ Spoilers: Queen of Tears ep. 8" in cells(response, "Spoiler story")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=scheduled", {"Scheduled story"}),
        ("state=live", {"Live story", "Spoiler story"}),
        ("state=draft", {"Draft story"}),
        ("state=review", {"Review story"}),
        ("has_spoilers__exact=1", {"Spoiler story"}),
        ("q=Jamie", {"Live story", "Scheduled story", "Draft story", "Review story", "Spoiler story"}),
        ("q=Review", {"Review story"}),
    ],
)
def test_filters_and_search(newsroom, query, expected):
    response = logged_in(make_staff("Editors")).get(f"{ARTICLES}?{query}")
    assert response.status_code == 200
    assert rows(response) == expected


def test_filter_by_show_and_date_hierarchy(newsroom):
    client = logged_in(make_staff("Editors"))
    response = client.get(f"{ARTICLES}?shows__id__exact={newsroom['show'].pk}")
    assert rows(response) == {"Spoiler story"}
    assert client.get(f"{ARTICLES}?publish_at__year=2030").status_code == 200
    assert rows(client.get(f"{ARTICLES}?publish_at__year=2030")) == {"Scheduled story"}


def test_writers_see_every_article_but_no_publishing_actions(newsroom):
    """Writers read the whole list (newsroom colleagues), with no publish, unpublish or delete."""
    response = logged_in(newsroom["writer"]).get(ARTICLES)
    assert len(rows(response)) == 5
    assert response.context["action_form"] is None
    other = logged_in(make_staff("Writers")).get(ARTICLES)
    assert len(rows(other)) == 5


def test_editors_get_the_publish_and_unpublish_actions(newsroom):
    response = logged_in(make_staff("Editors")).get(ARTICLES)
    choices = {name for name, _ in response.context["action_form"].fields["action"].choices}
    assert {"publish_now", "unpublish", "delete_selected"} <= choices


def test_publish_now_makes_a_scheduled_article_live_and_unpublish_takes_it_back(newsroom):
    client = logged_in(make_staff("Editors"))
    scheduled = Article.objects.get(headline="Scheduled story")
    client.post(ARTICLES, {"action": "publish_now", "_selected_action": [scheduled.pk], "index": 0})
    scheduled.refresh_from_db()
    assert scheduled.is_published
    client.post(ARTICLES, {"action": "unpublish", "_selected_action": [scheduled.pk], "index": 0})
    scheduled.refresh_from_db()
    assert scheduled.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=scheduled.pk).exists()
    # Both show in the article's history, so a restore can tell them apart.
    history = client.get(f"{ARTICLES}{scheduled.pk}/history/").content.decode()
    assert "Published with the “Publish now” action." in history
    assert "Unpublished (back to draft) with the list action." in history


def test_add_form_has_autocomplete_and_a_prepopulated_slug():
    """Shows, people, the spoiled show and (for editors) the byline are searched, not scrolled."""
    response = logged_in(make_staff("Editors")).get(f"{ARTICLES}add/")
    page = parse(response.content.decode())
    for name in ("shows", "people", "spoiler_show", "author"):
        assert "admin-autocomplete" in page.find("select", name=name).classes, name
    assert "slug" in response.context["adminform"].prepopulated_fields[0]["field"].name
    writer_form = logged_in(make_staff("Writers")).get(f"{ARTICLES}add/")
    author = parse(writer_form.content.decode()).find("select", name="author")
    assert "admin-autocomplete" not in author.classes  # a writer's byline is their own
    assert "publish_at" not in writer_form.context["adminform"].form.fields


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize(
    ("url", "budget"),
    # Moderation: 9, one of them the reported-first queue above the list (articles/moderation_admin.py).
    [(ARTICLES, 10), ("/admin/articles/spoilermoderation/", 9), ("/admin/articles/spoilerreport/", 10)],
    ids=["articles", "moderation", "reports"],
)
def test_the_lists_cost_the_same_queries_for_1_or_30_rows(url, budget, count, django_assert_max_num_queries):
    """Session, user, rights, count, rows and filters: a fixed number of queries however long the list."""
    editor = make_staff("Editors")
    show = make_show()
    for _ in range(count):
        article = make_article(author=editor, has_spoilers=True, spoiler_show=show)
        article.shows.add(show)
        SpoilerReport.objects.create(article=article, message="Spoils it")
    client = logged_in(editor)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
