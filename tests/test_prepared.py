"""Querysets compiled once and run again with new values (publicpages/prepared.py)."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from articles.models import Article
from publicpages.prepared import Prepared
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def live_in(section, now):
    return Article.objects.published(now).filter(section=section).order_by("-publish_at", "-pk")


@pytest.fixture
def articles():
    now = timezone.now()
    return {
        "news": [make_article(section="news", publish_at=now - dt.timedelta(hours=n)) for n in range(1, 5)],
        "review": [make_article(section="review", publish_at=now - dt.timedelta(hours=n)) for n in range(1, 3)],
        "scheduled": make_article(section="news", publish_at=now + dt.timedelta(hours=1)),
    }


def test_each_call_runs_with_its_own_values_and_compiles_once(articles, monkeypatch):
    builds = []

    def build(section, now):
        builds.append(section)
        return live_in(section, now)

    prepared = Prepared(build, section=str, now=dt.datetime)
    now = timezone.now()
    assert prepared(section="news", now=now) == list(live_in("news", now))
    assert prepared(section="review", now=now) == list(live_in("review", now))
    assert len(builds) == 1, "built again for the second call"
    # The time is a value too: an hour on, the scheduled article is live.
    later = now + dt.timedelta(hours=2)
    assert articles["scheduled"] in prepared(section="news", now=later)
    assert articles["scheduled"] not in prepared(section="news", now=now)


def test_pages_of_a_listing_are_the_querysets_slices(articles):
    prepared = Prepared(live_in, section=str, now=dt.datetime)
    now = timezone.now()
    listing = prepared.listing(section="news", now=now)
    assert list(listing[0:2]) == list(live_in("news", now)[0:2])
    assert list(listing[2:4]) == list(live_in("news", now)[2:4])
    with pytest.raises(TypeError):
        listing[1]


def test_a_value_the_builder_drops_is_an_error_not_an_ignored_filter():
    prepared = Prepared(lambda section, now: Article.objects.published(now), section=str, now=dt.datetime)
    with pytest.raises(ImproperlyConfigured, match="section"):
        prepared(section="news", now=timezone.now())


def test_a_time_without_a_zone_is_refused(articles):
    prepared = Prepared(live_in, section=str, now=dt.datetime)
    with pytest.raises(ValueError, match="aware"):
        prepared(section="news", now=dt.datetime(2026, 1, 1))  # noqa: DTZ001 -- the point of the test


if connection.vendor == "postgresql":

    def test_on_postgresql_only_prepared_queries_keep_their_plan(articles):
        """Their plans are kept in the database (a prepared statement); every other query is planned each time."""
        prepared = Prepared(live_in, keep_plan="always", section=str, now=dt.datetime)
        prepared(section="news", now=timezone.now())
        # Not this one: without keep_plan, PostgreSQL plans it for each run's values.
        Prepared(live_in, section=str, now=dt.datetime)(section="review", now=timezone.now())
        list(live_in("review", timezone.now()))
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            statements = [statement for (statement,) in cursor.fetchall()]
        assert len(statements) == 1, statements
        assert '"articles_article"."section" = $' in statements[0]
        # The kept plan is forced for that query only: every other query is still planned for its values.
        with connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            assert cursor.fetchone() == ("auto",)
