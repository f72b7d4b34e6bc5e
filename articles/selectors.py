"""Reads of articles for the public site, always through published()."""

from django.db import connection
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL

from people.models import Person
from shows.models import Availability, Show

from .models import Article, Section

RELATED_LIMIT = 4
# Per show, person or tag link table: how many of the most recently linked articles are considered.
RELATED_CANDIDATES = 60


def live_articles():
    """Published articles with what a card needs, in one query plus prefetches."""
    return Article.objects.published().select_related("author", "spoiler_show")


def article_cards():
    """Published articles ready for cards, lead image included (ArticleQuerySet.for_cards)."""
    return Article.objects.published().for_cards()


def card_image(article):
    """The lead image a card or lead story may show: none for spoiler articles."""
    return None if article.has_spoilers else getattr(article, "lead_image", None)


def article_for_page():
    """Everything the article page renders, fetched in a fixed number of queries."""
    return with_page_relations(live_articles())


def article_for_preview():
    """Any article, whatever its status, with what its page renders.

    The single exception to the one-doorway rule: only the staff-only
    PreviewView (articles/views.py) may use it, after checking admin rights.
    """
    return with_page_relations(Article.objects.select_related("author", "spoiler_show"))


def with_page_relations(queryset):
    return queryset.prefetch_related(
        "images",
        "quotes",
        "videos",
        "tags",
        Prefetch(
            "shows",
            queryset=Show.objects.select_related("network").prefetch_related(
                "air_slots",
                # One query for availability and its service, not two.
                Prefetch("availabilities", queryset=Availability.objects.select_related("service")),
            ),
        ),
        Prefetch("people", queryset=Person.objects.order_by("name")),
    )


def related_articles(article, limit=RELATED_LIMIT):
    """Up to `limit` other live articles sharing a show, a person or a tag, newest first.

    Reads article.shows/people/tags.all(), which article_for_page() prefetched,
    so this is a single query however many of each there are.
    """
    show_ids = [show.pk for show in article.shows.all()]
    person_ids = [person.pk for person in article.people.all()]
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not (show_ids or person_ids or tag_ids):
        return []
    # One UNION of ids, not an OR of three IN lists: with OR the planner walks every
    # live article testing each, which grows with the archive; the union is only
    # the articles sharing something, looked up by primary key. Where LIMIT is
    # allowed inside UNION (PostgreSQL), each branch keeps only its most recently
    # added RELATED_CANDIDATES, so a tag on thousands of articles costs no more.
    branches = [
        Article.shows.through.objects.filter(show_id__in=show_ids).values_list("article_id"),
        Article.people.through.objects.filter(person_id__in=person_ids).values_list("article_id"),
        Article.tags.through.objects.filter(tag_id__in=tag_ids).values_list("content_object_id"),
    ]
    if connection.features.supports_slicing_ordering_in_compound:
        branches = [branch.order_by(f"-{branch.query.values_select[0]}")[:RELATED_CANDIDATES] for branch in branches]
    sharing = branches[0].union(*branches[1:])
    return list(article_cards().filter(pk__in=sharing).exclude(pk=article.pk)[:limit])


def newest_per_section(per_section=3):
    """The newest few live articles of every section, newest first within each, in one query.

    Each section is read newest-first from the (section, status, -publish_at)
    index and cut at per_section, and the sections are joined with UNION ALL,
    so the cost does not grow with the archive. Each part is wrapped in its
    own SELECT because SQLite allows ORDER BY/LIMIT only there (PostgreSQL
    takes it either way); a window function over every live article took
    seconds at 100,000 articles on SQLite.
    """
    live = Article.objects.published().order_by("-publish_at", "-pk").values("pk")
    parts = [live.filter(section=section)[:per_section].query.sql_with_params() for section in Section.values]
    # Only ORM-compiled SQL is joined here; every value stays a parameter.
    sql = " UNION ALL ".join(f"SELECT * FROM ({part}) AS newest_{i}" for i, (part, _) in enumerate(parts))  # noqa: S608
    params = [param for _, part_params in parts for param in part_params]
    ids = RawSQL(sql, params)  # noqa: S611 -- SQL built by the ORM, values passed as parameters
    return list(article_cards().filter(pk__in=ids).order_by("section", "-publish_at", "-pk"))


def next_scheduled_go_live():
    """When the next scheduled article goes live, or None: cached pages must not outlast it."""
    return Article.objects.scheduled().order_by("publish_at").values_list("publish_at", flat=True).first()
