"""Finding published articles by what a reader types.

PostgreSQL ranks with full-text search: the headline weighs most (A), then the
dek (B), then the body (C). The weighted vector is a generated column,
`articles_article.search_vector` (migration 0007, built from the expression
below), with a GIN index, so the planner answers `search_vector @@ query` from
the index and ranking reads the stored vector instead of re-parsing bodies.
The column is not a model field (SQLite has no tsvector); StoredSearchVector
names it in queries. Change the expression and the column together (a new
migration).

Only the newest MAX_RANKED matches are ranked: a common word matches most of
the archive, and ranking all of it grows with the archive. Among those the
best come first, so the cost of ranking stays flat at any size.

The articles of a search cost two queries (three on PostgreSQL, whose first,
small one chooses how to find the newest matches: _common_among_newest):
search_articles() finds, ranks and counts the matches at once, returning only
their ids, and ArticlePages fetches the cards of the one page shown by id.
Paginating the ranked queryset itself would run the search twice (a COUNT(*),
then the page) and carry every joined card column through the ranking sort.

What can be matched is only what a reader could see without being spoiled: a
spoiler article is found by its headline alone, and inline spoilers are cut
out of every body before indexing. Otherwise a search for a twist ("Hyun-woo
dies") would point at the article that reveals it.

SQLite has no full-text ranking here, so it matches every word of the query in
the headline or (outside spoiler articles) the dek, headline matches first.
"""

import re
from collections.abc import Sequence
from functools import cached_property

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, Expression, F, Func, IntegerField, Q, TextField, Value, When

from .models import Article
from .selectors import article_cards

SEARCH_CONFIG = "english"
INDEX_NAME = "article_search_vector_col_idx"
STORED_COLUMN = "search_vector"
# How many of the newest matches are ranked: 20 pages of results, and the count
# beside "Articles" never says more. A smaller number would save little: most of
# a search's database time is finding the newest matches (the GIN bitmap visits
# every matching row to sort them by date); ranking 400 stored vectors instead of
# 200 cost 0-3 ms more of 10-15 ms at 100,000 articles.
MAX_RANKED = 400
# A query matching COMMON_HITS of the newest PROBE_SIZE live articles is common
# enough to find by walking the date index (see _common_among_newest): about 10%,
# above where the two plans cross. A word in 4% of articles reaches 10 of 100 by
# chance in under 1% of samples (the newest articles change as new ones go live).
PROBE_SIZE = 100
COMMON_HITS = 10
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


class StoredSearchVector(Expression):
    """The generated search_vector column of the article table (PostgreSQL, migration 0007)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        # The query's own alias for the article table ("U0" inside a subquery).
        alias = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{alias}.{connection.ops.quote_name(STORED_COLUMN)}", []


def article_search_vector():
    """The weighted tsvector expression the stored column is generated from (PostgreSQL only)."""
    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector(_unless_spoiler("dek"), weight="B", config=SEARCH_CONFIG)
        + SearchVector(_body_without_inline_spoilers(), weight="C", config=SEARCH_CONFIG)
    )


def _split_hyphenated(query):
    """'Kim Soo-hyun' → 'Kim Soo hyun', so either spelling finds the other ('-word' is left alone)."""
    return INNER_HYPHEN.sub(" ", query)


def _common_among_newest(search_query):
    """Whether the query matches at least COMMON_HITS of the newest PROBE_SIZE live articles.

    Which plan finds the newest matches fastest depends on how common the words
    are. The GIN bitmap visits every matching row to sort them by date; walking
    the date index tests article after article until it has MAX_RANKED matches.
    At 100,000 articles (PostgreSQL 15, best of 7) the bitmap took 12 ms for a
    word in 4% of them, 28 ms for one in 20% and 370 ms for one in 92%; the walk
    63 ms, 8 ms and 4 ms. They cross near 8%. The walk's cost depends on how
    often the words appear among the newest articles, which is what this asks
    of the newest PROBE_SIZE: one small query (under 1 ms) on the date index.
    """
    hits = (
        Article.objects.published()
        .order_by("-publish_at", "-pk")
        .annotate(hit=SearchVectorExact(StoredSearchVector(), search_query))
        .values_list("hit", flat=True)[:PROBE_SIZE]
    )
    return sum(1 for hit in hits if hit) >= COMMON_HITS


def search_articles(query):
    """The ids of the published articles matching the query, best first (a values_list queryset).

    On PostgreSQL, the newest MAX_RANKED matches (the small query choosing the
    plan runs now; the returned queryset is lazy). On SQLite, every match (one
    table scan, where a COUNT(*) and a page would be two; speed on SQLite is not
    a goal). Wrap it in ArticlePages to page through the cards.
    """
    query = _split_hyphenated(query)
    articles = Article.objects.published()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        if _common_among_newest(search_query):
            # Plain newest-first: the planner can walk the date index, testing each
            # row, and stops after MAX_RANKED matches (a few hundred rows for a
            # common word). It still takes the GIN index if it thinks the word rare.
            newest_first = F("publish_at").desc()
        else:
            # NULLS LAST (publish_at is never null here) keeps the planner off the
            # date index: walking it and testing each row's vector took 300 ms to
            # seconds at 100,000 articles for a word in 4% of them; the GIN bitmap
            # plus a top-N sort takes tens of milliseconds.
            newest_first = F("publish_at").desc(nulls_last=True)
        newest_matches = (
            articles.annotate(search=StoredSearchVector())
            .filter(search=search_query)
            .order_by(newest_first, "-pk")
            .values("pk")[:MAX_RANKED]
        )
        # alias, not annotate: the rank orders the rows but is never sent to Python.
        return (
            articles.filter(pk__in=newest_matches)
            .alias(rank=SearchRank(StoredSearchVector(), search_query))
            .order_by("-rank", "-publish_at", "-pk")
            .values_list("pk", flat=True)
        )
    words = query.split()[:MAX_WORDS]
    for word in words:
        articles = articles.filter(Q(headline__icontains=word) | Q(has_spoilers=False, dek__icontains=word))
    headline_hits = Q()
    for word in words:
        headline_hits &= Q(headline__icontains=word)
    return (
        articles.alias(
            in_headline=Case(When(headline_hits, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("in_headline", "-publish_at", "-pk")
        .values_list("pk", flat=True)
    )


class ArticlePages(Sequence):
    """Search results as the Paginator wants them: its count is the number of ids, a slice is cards.

    The ids are fetched once, on first use (the paginator's count); a page's
    slice then fetches just its cards by primary key, still through
    Article.objects.published(), and puts them back in ranked order. An article
    taken down between the two queries is left out rather than shown.
    """

    def __init__(self, ids):
        self._ids_query = ids

    @cached_property
    def ids(self):
        return list(self._ids_query)

    def __len__(self):
        return len(self.ids)

    @property
    def capped(self):
        """Whether older matches were left out (PostgreSQL ranks only the newest MAX_RANKED)."""
        return connection.vendor == "postgresql" and len(self.ids) >= MAX_RANKED

    def __iter__(self):
        return iter(self[:])  # one query for all the cards, not one per item

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        if not ids:
            return []
        # Cards never show the body: leave the biggest column in the database.
        cards = article_cards().defer("body").in_bulk(ids)
        return [cards[pk] for pk in ids if pk in cards]
