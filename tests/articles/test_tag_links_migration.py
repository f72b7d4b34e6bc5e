"""Migration 0009 moves article tags from taggit's generic table into TaggedArticle, and back when undone."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0008_listing_indexes")]
AFTER = [("articles", "0009_tagged_article")]


def migrate(targets):
    """Migrate to the targets and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_0008():
    apps = migrate(BEFORE)
    yield apps
    # Leave the database as the other tests expect it: every migration applied.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_tags_move_with_their_articles_live_times_and_back(at_0008):
    apps = at_0008
    content_type = apps.get_model("contenttypes", "ContentType").objects
    articles = content_type.get(app_label="articles", model="article")
    shows = content_type.get(app_label="shows", model="show")
    author = apps.get_model("auth", "User").objects.create(username="jamie")
    article = apps.get_model("articles", "Article").objects
    at = timezone.now() - dt.timedelta(hours=1)
    live = article.create(slug="live", body="<p>x</p>", author=author, status="published", publish_at=at)
    draft = article.create(slug="draft", body="<p>x</p>", author=author, status="draft")
    tag = apps.get_model("taggit", "Tag").objects
    wedding, finale = tag.create(name="Wedding", slug="wedding"), tag.create(name="Finale", slug="finale")
    generic = apps.get_model("taggit", "TaggedItem").objects
    generic.create(content_type=articles, object_id=live.pk, tag=wedding)
    generic.create(content_type=articles, object_id=live.pk, tag=finale)
    generic.create(content_type=articles, object_id=draft.pk, tag=wedding)
    generic.create(content_type=articles, object_id=live.pk + draft.pk + 1000, tag=finale)  # a deleted article's
    generic.create(content_type=shows, object_id=1, tag=wedding)  # not an article's: left alone

    apps = migrate(AFTER)
    links = apps.get_model("articles", "TaggedArticle").objects
    assert set(links.values_list("content_object_id", "tag__slug", "live_from")) == {
        (live.pk, "wedding", at),
        (live.pk, "finale", at),
        (draft.pk, "wedding", None),
    }
    generic = apps.get_model("taggit", "TaggedItem").objects
    assert list(generic.values_list("content_type__model", "object_id")) == [("show", 1)]

    apps = migrate(BEFORE)
    generic = apps.get_model("taggit", "TaggedItem").objects.filter(content_type__model="article")
    assert set(generic.values_list("object_id", "tag__slug")) == {
        (live.pk, "wedding"),
        (live.pk, "finale"),
        (draft.pk, "wedding"),
    }
