"""Admin change lists filter only by what they declare, for every role (adminsite/lookups.py).

Django's change list applies any query-string lookup on the model's own fields,
so a moderator could read an unpublished body one guess at a time through
"N results". These tests walk every registered admin as every role with a
lookup on each field the list does not declare, a pattern lookup, values that
do not parse and years out of range: the count never moves, and nothing
answers 5xx.
"""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from adminsite.lookups import DeclaredLookupsOnly
from articles import spoiler_log
from articles.models import Article, PullQuote, SpoilerReport, Status, VideoEmbed
from people.models import Credit
from shows.models import AirSlot, Episode, Genre
from tests.factories import (
    make_article,
    make_article_image,
    make_availability,
    make_network,
    make_person,
    make_show,
    make_staff,
    make_user,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "writer", "editor", "moderator", "superuser"]
SECRET = "Zebra-7 tangerine ending"


@pytest.fixture
def newsroom():
    """Staff of every role, and at least one row in every table an admin lists."""
    users = {
        "writer": make_staff("Writers", username="wendy"),
        "editor": make_staff("Editors", username="eddie"),
        "moderator": make_staff("Moderators", username="mona"),
        "superuser": make_user(username="root", is_staff=True, is_superuser=True),
    }
    network = make_network(name="tvN")
    show = make_show(title="Queen of Tears", network=network, premiere_date=dt.date(2024, 3, 9))
    show.genres.add(Genre.objects.create(name="Romance", slug="romance"))
    AirSlot.objects.create(show=show, weekday=5, local_time=dt.time(21, 10), time_zone="Asia/Seoul")
    Episode.objects.create(show=show, number=1, air_date=dt.date(2024, 3, 9))
    make_availability(show, regions="International")
    person = make_person(name="Kim Ji Won", hangul_name="김지원")
    Credit.objects.create(person=person, show=show, character_name="Hong Hae In")
    live = make_article(headline="Live story", author=users["writer"], has_spoilers=True, spoiler_show=show)
    live.tags.add("recap")
    make_article_image(live)
    PullQuote.objects.create(article=live, text="A quote", attribution="Netflix", position=0)
    VideoEmbed.objects.create(article=live, url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", position=0)
    draft = make_article(
        headline="Draft story", dek=f"Dek {SECRET}", body=f"<p>{SECRET}</p>", status=Status.DRAFT, publish_at=None
    )
    scheduled = make_article(
        headline="Scheduled story",
        dek=f"Dek {SECRET}",
        body=f"<p>{SECRET}</p>",
        publish_at=timezone.now() + dt.timedelta(days=3),
    )
    for article in (live, draft, scheduled):
        SpoilerReport.objects.create(article=article, message="It spoils the finale")
        with spoiler_log.acting(users["moderator"], "moderation", "reader report"):
            article.has_spoilers = not article.has_spoilers
            article.save()
    AccessAttempt.objects.create(username="guess", ip_address="203.0.113.7", failures_since_start=2)
    AccessFailureLog.objects.create(username="guess", ip_address="203.0.113.7")
    AccessLog.objects.create(username="guess", ip_address="203.0.113.7")
    return {"users": users, "live": live, "draft": draft, "scheduled": scheduled}


def client_for(role, users):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(users[role])
    return client


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def declared_parameters(response):
    """The query-string names a list's own filters and drill-down consume."""
    cl = response.context["cl"]
    names = {name for spec in cl.filter_specs for name in spec.expected_parameters()}
    if cl.date_hierarchy:
        names |= {f"{cl.date_hierarchy}__{part}" for part in ("year", "month", "day")}
    return names


# Lookups tried on each of a model's own columns, and on each relation (reverse ones included).
COLUMN_LOOKUPS = [
    ("exact", "1"),
    ("icontains", "a"),
    ("regex", "."),
    ("iregex", "^"),
    ("isnull", "true"),
    ("year", "99999"),
    ("has_key", "a"),
]
RELATION_LOOKUPS = [("exact", "1"), ("isnull", "true"), ("regex", ".")]


def probes(model, declared):
    """(key, value, undeclared): lookups on each field the list does not declare, then its own filters given junk."""
    for field in model._meta.get_fields():
        lookups = COLUMN_LOOKUPS if field.concrete and not field.many_to_many else RELATION_LOOKUPS
        for lookup, value in lookups:
            key = f"{field.name}__{lookup}"
            if key not in declared:
                yield key, value, True
        if field.name not in declared:
            yield field.name, "0", True
    for key in sorted(declared):
        # A declared filter given a value its field cannot take: refused or read as Django
        # reads it (any "isnull" value but false/0 means true), never a 500.
        for junk in ("not-a-value", "99999999999999999999999", "\x00", "-1", "9999-99-99"):
            yield key, junk, False


def test_every_registered_admin_has_the_allowlist():
    """Ours, auth's, taggit's and axes' admins all inherit it; the site puts it first for anything registered."""
    assert REGISTERED
    missing = [
        model._meta.label for model, model_admin in REGISTERED if not isinstance(model_admin, DeclaredLookupsOnly)
    ]
    assert missing == []
    labels = {model._meta.label for model, _ in REGISTERED}
    assert {"auth.User", "auth.Group", "taggit.Tag", "axes.AccessAttempt", "articles.SpoilerModeration"} <= labels


def test_a_new_admin_registered_on_the_site_gets_it_too():
    """Registering any ModelAdmin (or none) on the site puts the allowlist in front of it."""

    class Plain(admin.ModelAdmin):
        pass

    site = type(admin.site)()
    site.register(Group, Plain)
    site.register(Tag)
    assert isinstance(site._registry[Group], DeclaredLookupsOnly) and isinstance(site._registry[Group], Plain)
    assert isinstance(site._registry[Tag], DeclaredLookupsOnly)


@pytest.mark.parametrize("model", [model for model, _ in REGISTERED], ids=lambda model: model._meta.label)
def test_no_role_can_filter_a_list_by_what_it_does_not_declare(newsroom, model):
    """Every field, pattern lookups, bad values and years out of range, as every role: same count, never 5xx."""
    url = changelist(model)
    for role in ROLES:
        client = client_for(role, newsroom["users"])
        plain = client.get(url)
        assert plain.status_code in (200, 302, 403), (role, url)
        if plain.status_code != 200:
            # A role without the list: every probe is refused the same way, before any lookup runs.
            for key, value, _ in list(probes(model, set()))[:6]:
                probed = client.get(url, {key: value})
                assert probed.status_code == plain.status_code, (role, key)
            continue
        expected = plain.context["cl"].result_count
        refused = client.get(f"{url}?e=1")  # where every refusal lands: the plain list
        assert refused.status_code == 200 and refused.context["cl"].result_count == expected
        for key, value, undeclared in probes(model, declared_parameters(plain)):
            probed = client.get(url, {key: value})
            where = (role, model._meta.label, key, value)
            assert probed.status_code in (200, 302), where
            if probed.status_code == 302:
                assert probed["Location"] == f"{url}?e=1", where
            elif undeclared:
                assert probed.context["cl"].result_count == expected, where


@pytest.mark.parametrize("role", ["moderator", "editor"])
@pytest.mark.parametrize("which", ["draft", "scheduled"])
@pytest.mark.parametrize(
    "screen", ["/admin/articles/spoilermoderation/", "/admin/articles/spoilerreport/", "/admin/articles/spoilerchange/"]
)
def test_an_unpublished_body_or_dek_cannot_be_probed(newsroom, role, which, screen):
    """The issue's attack, by name: id plus a guess at the body or dek, right and wrong, answer alike."""
    article = newsroom[which]
    client = client_for(role, newsroom["users"])
    prefix = "" if screen.endswith("spoilermoderation/") else "article__"
    answers = set()
    for guess in (SECRET, "no such words"):
        for field in ("body", "dek"):
            for lookup in ("icontains", "regex", "startswith"):
                query = {f"{prefix}id__exact": article.pk, f"{prefix}{field}__{lookup}": guess}
                response = client.get(screen, query, follow=True)
                assert response.status_code == 200
                assert response.redirect_chain == [(f"{screen}?e=1", 302)]
                answers.add(response.context["cl"].result_count)
    assert len(answers) == 1  # right and wrong guesses look the same
    assert SECRET not in client.get(screen, follow=True).content.decode()


def test_the_refusal_says_why_and_a_second_bad_lookup_is_not_a_database_error(newsroom):
    """?e=1 plus another bad lookup redirects to the plain list again, never Django's "Database error" page."""
    client = client_for("moderator", newsroom["users"])
    first = client.get("/admin/articles/spoilermoderation/", {"body__icontains": "x"}, follow=True)
    assert "cannot be filtered that way" in first.content.decode()
    again = client.get("/admin/articles/spoilermoderation/?e=1&body__icontains=x")
    assert again.status_code == 302 and again["Location"] == "/admin/articles/spoilermoderation/?e=1"
    assert "Database error" not in client.get(again["Location"]).content.decode()


def test_declared_filters_search_and_drill_down_still_work(newsroom):
    """What each list offers is unchanged: status, section, show, search, the date drill-down and e=1 plus a filter."""
    editor = client_for("editor", newsroom["users"])

    def count(url, **query):
        response = editor.get(url, query)
        assert response.status_code == 200, (url, query)
        return response.context["cl"].result_count

    articles = "/admin/articles/article/"
    assert count(articles) == 3
    assert count(articles, state="draft") == 1
    assert count(articles, state="scheduled") == 1
    assert count(articles, section__exact="news") == 3
    assert count(articles, has_spoilers__exact="1") == 2
    assert count(articles, q="Draft") == 1
    year = timezone.localtime(newsroom["live"].publish_at).year
    assert count(articles, publish_at__year=str(year)) >= 1
    assert count(articles, e="1", state="live") == 1
    assert count("/admin/articles/spoilermoderation/", spoiler_show__id__exact=str(newsroom["live"].spoiler_show_id))
    assert count("/admin/articles/spoilerreport/", article__id__exact=str(newsroom["draft"].pk)) == 1
    assert count("/admin/articles/spoilerchange/", source="moderation") == 3
    assert count("/admin/people/person/", credits__kind__exact="lead") == 1
    assert count("/admin/people/person/", credits__kind__exact="cameo") == 0


@pytest.mark.parametrize("year", ["99999", "0", "1", "9999", "-5", "abc"])
@pytest.mark.parametrize("extra", [{}, {"month": "12"}, {"month": "12", "day": "31"}, {"month": "13"}])
def test_a_date_drill_down_out_of_range_is_refused_plainly(newsroom, year, extra):
    """__year=99999, year 1 or 9999 to its last day: the list again with ?e=1 (or the period), never a 500."""
    client = client_for("editor", newsroom["users"])
    for url, field in [("/admin/articles/article/", "publish_at"), ("/admin/articles/spoilerchange/", "at")]:
        query = {f"{field}__year": year, **{f"{field}__{part}": value for part, value in extra.items()}}
        response = client.get(url, query)
        assert response.status_code in (200, 302), (url, query)
        if response.status_code == 302:
            assert response["Location"] == f"{url}?e=1"


@pytest.mark.parametrize("page", ["461168601842738792", "-1", "0", "abc", "1e9", "99999999999999999999999999"])
def test_any_page_number_on_an_admin_list_is_answered_plainly(newsroom, page):
    """The admin's own ?p=: past the end, negative or junk is the list again, never a 500."""
    client = client_for("editor", newsroom["users"])
    for model in (Article, SpoilerReport):
        response = client.get(changelist(model), {"p": page})
        assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(9999, 12, 31, 14, 59, tzinfo=dt.UTC),  # 23:59 KST, the last time an editor can type
        dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC),  # past the calendar's end in Seoul time
        dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.UTC),
    ],
)
def test_the_lists_still_render_when_the_database_holds_a_time_at_the_calendars_edge(newsroom, moment):
    """A row written in the shell with such a publish time: the article lists and drill-down still render."""
    Article.objects.filter(pk=newsroom["scheduled"].pk).update(publish_at=moment)
    for role in ("editor", "writer"):
        client = client_for(role, newsroom["users"])
        response = client.get("/admin/articles/article/")
        assert response.status_code == 200
        assert "Scheduled story" in response.content.decode()
        year = str(moment.year)
        drilled = client.get("/admin/articles/article/", {"publish_at__year": year})
        assert drilled.status_code in (200, 302)
    moderator = client_for("moderator", newsroom["users"])
    assert moderator.get("/admin/articles/spoilermoderation/").status_code == 200


def test_a_pattern_lookup_is_never_allowed_even_if_a_filter_declared_it():
    """lookup_allowed refuses __regex and __iregex outright, whatever the list declares."""

    class Declares(admin.ModelAdmin):
        list_filter = ["headline"]

    model_admin = type(admin.site)()
    model_admin.register(Article, Declares)
    declared = model_admin._registry[Article]
    request = type("Request", (), {"user": None})()
    assert not declared.lookup_allowed("headline__regex", ".", request)
    assert not declared.lookup_allowed("author__username__iregex", ".", request)
    assert declared.lookup_allowed("headline", "x", request)


def test_text_filters_never_reach_the_database_with_a_nul(newsroom):
    """A NUL in any value (PostgreSQL refuses it in text) is a refused filter, not a 500."""
    client = client_for("editor", newsroom["users"])
    for query in ({"section__exact": "\x00"}, {"source": "a\x00b"}, {"state": "\x00"}):
        for url in ("/admin/articles/article/", "/admin/articles/spoilerchange/"):
            response = client.get(url, query)
            assert response.status_code in (200, 302)


def test_every_field_type_is_probed():
    """The walk reaches text, numbers, dates, booleans, JSON and relations (so a new kind is not missed)."""
    kinds = set()
    for model, _ in REGISTERED:
        for field in model._meta.get_fields():
            if field.concrete:
                kinds.add(type(field).__mro__[0])
    assert {models.CharField, models.TextField, models.DateTimeField, models.BooleanField, models.ForeignKey} <= {
        base for kind in kinds for base in kind.__mro__
    }
