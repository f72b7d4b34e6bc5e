"""Reads of articles for the public site, always through published()."""

from django.db.models import Prefetch

from people.models import Person
from shows.models import Show

from .models import Article


def live_articles():
    """Published articles with what a card needs, in one query plus prefetches."""
    return Article.objects.published().select_related("author", "spoiler_show")


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
            queryset=Show.objects.select_related("network").prefetch_related("air_slots", "availabilities__service"),
        ),
        Prefetch("people", queryset=Person.objects.order_by("name")),
    )
