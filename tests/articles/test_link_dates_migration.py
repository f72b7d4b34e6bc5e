"""Migration 0011 dates the show and person links of existing articles, and hands the tables back when undone."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0010_link_newest_first_indexes")]
AFTER = [("articles", "0011_dated_show_and_person_links")]
TABLES = ("articles_article_shows", "articles_article_people")


def migrate(targets):
    """Migrate to the targets and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def columns(table):
    with connection.cursor() as cursor:
        return [column.name for column in connection.introspection.get_table_description(cursor, table)]


def indexes(table):
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def single_column_indexes(table):
    """The columns with a plain index of their own (Django gives one to each key of its m2m tables)."""
    found = indexes(table).values()
    return {
        c["columns"][0]
        for c in found
        if c["index"] and not c["unique"] and not c["primary_key"] and len(c["columns"]) == 1
    }


@pytest.fixture
def at_0010():
    apps = migrate(BEFORE)
    yield apps
    # Leave the database as the other tests expect it: every migration applied.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_links_get_their_articles_live_times_and_lose_them_when_undone(at_0010):
    apps = at_0010
    author = apps.get_model("auth", "User").objects.create(username="jamie")
    article = apps.get_model("articles", "Article").objects
    at = timezone.now() - dt.timedelta(days=400)
    later = timezone.now() + dt.timedelta(days=1)
    live = article.create(slug="live", body="<p>x</p>", author=author, status="published", publish_at=at)
    scheduled = article.create(slug="scheduled", body="<p>x</p>", author=author, status="published", publish_at=later)
    # A draft with a past time: only Published articles are live, whatever their time.
    draft = article.create(slug="draft", body="<p>x</p>", author=author, status="draft", publish_at=at)
    show = apps.get_model("shows", "Show").objects.create(title="Queen of Tears", slug="queen-of-tears")
    person = apps.get_model("people", "Person").objects.create(name="Kim Ji Won", slug="kim-ji-won")
    for each in (live, scheduled, draft):
        each.shows.add(show)
        each.people.add(person)

    apps = migrate(AFTER)
    expected = {(live.pk, at), (scheduled.pk, later), (draft.pk, None)}
    shows = apps.get_model("articles", "ArticleShow").objects.filter(show_id=show.pk)
    assert set(shows.values_list("article_id", "live_from")) == expected
    people = apps.get_model("articles", "ArticlePerson").objects.filter(person_id=person.pk)
    assert set(people.values_list("article_id", "live_from")) == expected
    for table, key, index in [
        ("articles_article_shows", "show_id", "article_show_live_idx"),
        ("articles_article_people", "person_id", "article_person_live_idx"),
    ]:
        assert indexes(table)[index]["columns"] == [key, "live_from", "article_id"]
        assert single_column_indexes(table) == set()  # each was the start of another index

    apps = migrate(BEFORE)
    for table in TABLES:
        assert "live_from" not in columns(table), table
    article = apps.get_model("articles", "Article").objects
    assert set(article.get(pk=live.pk).shows.values_list("slug", flat=True)) == {"queen-of-tears"}
    assert set(article.get(pk=draft.pk).people.values_list("slug", flat=True)) == {"kim-ji-won"}
    # Related stories' indexes (0010) are still there, and Django's own.
    found = indexes("articles_article_shows")
    assert found["articles_show_newest_idx"]["columns"] == ["show_id", "article_id"]
    assert any(c["unique"] and c["columns"] == ["article_id", "show_id"] for c in found.values())
    assert single_column_indexes("articles_article_shows") == {"article_id", "show_id"}
    assert single_column_indexes("articles_article_people") == {"article_id", "person_id"}
