"""Finding published articles by what a reader types.

PostgreSQL ranks with full-text search: the headline weighs most (A), then the
dek (B), then the body (C). The vector is an expression, not a stored column,
and migration 0003 builds a GIN index on exactly this expression, so the
planner answers `vector @@ query` from the index; the two must stay identical
(change one, add a migration that rebuilds the other).

What can be matched is only what a reader could see without being spoiled: a
spoiler article is found by its headline alone, and inline spoilers are cut
out of every body before indexing. Otherwise a search for a twist ("Hyun-woo
dies") would point at the article that reveals it.

SQLite has no full-text ranking here, so it matches every word of the query in
the headline or (outside spoiler articles) the dek, headline matches first.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When

from .selectors import article_cards

SEARCH_CONFIG = "english"
INDEX_NAME = "article_search_vector_idx"
MAX_WORDS = 8
INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
INLINE_SPOILER = r'<span class="spoiler">.*?</span>'


def _unless_spoiler(field):
    """The field's text, or nothing for a spoiler article."""
    return Case(When(has_spoilers=True, then=Value("")), default=F(field), output_field=TextField())


def _body_without_inline_spoilers():
    return Func(
        _unless_spoiler("body"),
        Value(INLINE_SPOILER),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def article_search_vector():
    """The weighted tsvector the GIN index is built on (PostgreSQL only)."""
    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector(_unless_spoiler("dek"), weight="B", config=SEARCH_CONFIG)
        + SearchVector(_body_without_inline_spoilers(), weight="C", config=SEARCH_CONFIG)
    )


def _split_hyphenated(query):
    """'Kim Soo-hyun' → 'Kim Soo hyun', so either spelling finds the other ('-word' is left alone)."""
    return INNER_HYPHEN.sub(" ", query)


def search_articles(query):
    """Published articles matching the query, best first."""
    query = _split_hyphenated(query)
    articles = article_cards()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            articles.annotate(search=article_search_vector())
            .filter(search=search_query)
            .annotate(rank=SearchRank(article_search_vector(), search_query))
            .order_by("-rank", "-publish_at", "-pk")
        )
    words = query.split()[:MAX_WORDS]
    for word in words:
        articles = articles.filter(Q(headline__icontains=word) | Q(has_spoilers=False, dek__icontains=word))
    headline_hits = Q()
    for word in words:
        headline_hits &= Q(headline__icontains=word)
    return articles.annotate(
        in_headline=Case(When(headline_hits, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("in_headline", "-publish_at", "-pk")
