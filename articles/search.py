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

The articles of a search cost two queries (three on PostgreSQL the first time
a process sees the words, whose first, small one chooses how to find the
newest matches: _common_among_newest):
search_articles() finds, ranks and counts the matches at once, returning only
their ids, and ArticlePages fetches the cards of the one page shown by id.
Paginating the ranked queryset itself would run the search twice (a COUNT(*),
then the page) and carry every joined card column through the ranking sort.

What can be matched is only what a reader could see without being spoiled: a
spoiler article is found by its headline alone, and inline spoilers are cut
out of every body before indexing. Otherwise a search for a twist ("Hyun-woo
dies") would point at the article that reveals it.

SQLite has its own full-text index (FTS5, articles/search_index.py) with the same
rule for what it holds; bm25 ranks with the headline weighing most, then the dek,
then the body, among the newest MAX_RANKED matches, as on PostgreSQL.

A query that names a show or a person (any of its stored spellings, Hangul
included: shows/search.py, people/search.py) also finds the live articles linked
to them, read from the links' own index, and those come first; among them the
rest of the query's words rank them ("queen of tears ep 8 recap"). Equal rank,
newer first. find_articles() is the one API; the view does not know which
database it runs on.
"""

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
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
from django.utils import timezone

from editing.names import is_hangul, names_in, normalise

from . import search_index
from .models import Article, ArticlePerson, ArticleShow
from .selectors import cards_by_id

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


def _web_query(text):
    """The reader's words as PostgreSQL's web search syntax understands them (quotes, -word, or)."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def _common_among_newest(text):
    """Whether the query matches at least COMMON_HITS of the newest PROBE_SIZE live articles.

    Which plan finds the newest matches fastest depends on how common the words
    are. The GIN bitmap visits every matching row to sort them by date; walking
    the date index tests article after article until it has MAX_RANKED matches.
    At 100,000 articles (PostgreSQL 15, best of 7) the bitmap took 12 ms for a
    word in 4% of them, 28 ms for one in 20% and 370 ms for one in 92%; the walk
    63 ms, 8 ms and 4 ms. They cross near 8%. The walk's cost depends on how
    often the words appear among the newest articles, which is what this asks
    of the newest PROBE_SIZE: one small query (under 1 ms) on the date index.

    The answer only chooses a plan (both find the same articles), and how common
    a word is changes slowly, so each process remembers it for PLAN_SECONDS: a
    repeated search skips the probe's query (3-4 ms with its compilation here).
    """
    remembered = _plans.get(text)
    if remembered is not None and remembered[0] > time.monotonic():
        return remembered[1]
    hits = (
        Article.objects.published()
        .order_by("-publish_at", "-pk")
        .annotate(hit=SearchVectorExact(StoredSearchVector(), _web_query(text)))
        .values_list("hit", flat=True)[:PROBE_SIZE]
    )
    common = sum(1 for hit in hits if hit) >= COMMON_HITS
    if len(_plans) >= PLANS_REMEMBERED:
        _plans.clear()
    _plans[text] = (time.monotonic() + PLAN_SECONDS, common)
    return common


PLAN_SECONDS = 600
PLANS_REMEMBERED = 2048
# Query text → (until when, whether it is common among the newest articles): _common_among_newest.
_plans = {}


def forget_plans():
    """Drop the plans this process remembers (tests, and after a bulk load changes what is common)."""
    _plans.clear()


@dataclass
class Matches:
    """The ids of the matching live articles, best first, and whether older matches were left out."""

    ids: list
    capped: bool = False


def query_terms(query):
    """The words a search looks for: hyphenated names split, words of nothing but punctuation dropped."""
    return [word for word in _split_hyphenated(query).split() if any(char.isalnum() for char in word)][:MAX_WORDS]


def find_articles(query, *, shows=(), people=()):
    """Matches for the query: articles linked to the named shows and people first, then text matches.

    shows and people are the ones the query names (shows.search.shows_named_in,
    people.search.people_named_in); the words left over rank the linked articles.
    """
    terms = query_terms(query)
    linked_ids, linked_capped = _linked_articles(shows, people)
    named_words = _named_words(terms, shows, people) if linked_ids else set()
    rest = [term for term in terms if term.casefold() not in named_words]
    if connection.vendor == "postgresql":
        return _postgres_matches(terms, rest, linked_ids, linked_capped)
    return _sqlite_matches(terms, rest, linked_ids, linked_capped)


def search_articles(query):
    """The ids of the published articles whose text matches the query, best first (text only)."""
    return find_articles(query).ids


def _named_words(terms, shows, people):
    """The query's words that are part of a named show's or person's name (lowercased)."""
    names = [name for show in shows for name in names_in(show.search_titles)]
    names += [name for person in people for name in names_in(person.search_names)]
    used = set()
    for term in terms:
        key = normalise(term)
        if key and any(key in name for name in names):
            used.add(term.casefold())
    return used


def _linked_articles(shows, people):
    """Ids of the newest MAX_RANKED live articles linked to each show and person, read from the links' index."""
    now = timezone.now()
    ids, capped = [], False
    for model, field, rows in ((ArticleShow, "show", shows), (ArticlePerson, "person", people)):
        for row in rows:
            # "-article_id", the column: "-article" sorts by Article's own ordering, joining every
            # linked article (3 ms for a person with 238 articles at 100,000, against 0.1 ms).
            found = list(
                model.objects.filter(**{field: row}, live_from__lte=now)
                .order_by("-live_from", "-article_id")
                .values_list("article_id", flat=True)[:MAX_RANKED]
            )
            capped |= len(found) >= MAX_RANKED
            ids += [pk for pk in found if pk not in ids]
    return ids, capped


def _postgres_matches(terms, rest, linked_ids, linked_capped):
    articles = Article.objects.published()
    if not linked_ids:
        if not terms:
            return Matches([])
        # One query finds, ranks and counts: the newest matches are a subquery of the ranking.
        ids = list(text_matches(" ".join(terms)))
        return Matches(ids, capped=len(ids) >= MAX_RANKED)
    candidates = Q(pk__in=linked_ids)
    text_count = 0
    if terms:
        newest_matches = list(_newest_text_matches(articles, " ".join(terms)).values_list("pk", flat=True))
        text_count = len(newest_matches)
        candidates |= Q(pk__in=newest_matches)
    ranked = articles.filter(candidates).alias(
        linked=Case(When(pk__in=linked_ids, then=Value(1)), default=Value(0), output_field=IntegerField())
    )
    if rest:
        # Any of the words left over ranks the articles: "ep 8 recap" among Queen of Tears'.
        rank_query = _web_query(" or ".join(rest))
        ranked = ranked.alias(rank=SearchRank(StoredSearchVector(), rank_query))
    else:
        ranked = ranked.alias(rank=Value(0.0))
    ids = list(ranked.order_by("-linked", "-rank", "-publish_at", "-pk").values_list("pk", flat=True))
    return Matches(ids, capped=linked_capped or text_count >= MAX_RANKED)


def _newest_text_matches(articles, text):
    """The newest MAX_RANKED text matches, found by the plan that suits how common the words are."""
    if _common_among_newest(text):  # noqa: SIM108 (each plan needs its comment)
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
    return (
        articles.annotate(search=StoredSearchVector())
        .filter(search=_web_query(text))
        .order_by(newest_first, "-pk")
        .values("pk")[:MAX_RANKED]
    )


def text_matches(query):
    """PostgreSQL: the ranked ids of the text matches, as one lazy query (the probe choosing its plan runs now)."""
    text = " ".join(query_terms(query))
    articles = Article.objects.published()
    return (
        articles.filter(pk__in=_newest_text_matches(articles, text))
        .alias(rank=SearchRank(StoredSearchVector(), _web_query(text)))
        .order_by("-rank", "-publish_at", "-pk")
        .values_list("pk", flat=True)
    )


# Headline, dek and body, in the FTS5 table's column order; bm25 is lower for better matches.
BM25 = f"bm25({search_index.TABLE}, 10.0, 4.0, 1.0)"


def fts_query(terms):
    """An FTS5 query that only ever means "these words": each is a quoted string, never syntax.

    Quotes inside a word are doubled, so `"`, `*`, `NEAR`, `-`, `:` and unbalanced
    quotes are text to look for. A Hangul word also matches with a particle after
    it ("김수현" finds "김수현이").
    """
    quoted = []
    for term in terms:
        token = '"' + term.replace('"', '""') + '"'
        quoted.append(f"{token}*" if is_hangul(term) else token)
    return " ".join(quoted)


def _fts_scores(match, limit=MAX_RANKED):
    """{article id: bm25} for the newest `limit` rows matching (lower is better).

    As on PostgreSQL, only the newest matches are ranked: FTS5 walks a word's
    matches newest id first and stops at `limit`, where ORDER BY rank would
    score every match (15 ms against 2 ms for a word in 4% of 100,000 articles).
    """
    sql = (
        f"SELECT rowid, {BM25} FROM {search_index.TABLE} "  # noqa: S608 (our table)
        f"WHERE {search_index.TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, limit])
        return dict(cursor.fetchall())


def _sqlite_matches(terms, rest, linked_ids, linked_capped):
    text_scores = _fts_scores(fts_query(terms)) if terms else {}
    if not text_scores and not linked_ids:
        return Matches([])
    linked = set(linked_ids)
    live = Article.objects.published().filter(pk__in=[*linked, *text_scores])
    rows = live.values_list("pk", "publish_at", "headline", "dek", "has_spoilers")
    missing = float("inf")

    def order(row):
        pk, publish_at, headline, dek, has_spoilers = row
        newest = (-publish_at.timestamp(), -pk)
        if pk in linked:
            # FTS5 scores a row only by running the whole match again for it (a lookup per
            # article), so the other words rank the linked articles by their headline and dek.
            return (0, -_word_score(rest, headline, "" if has_spoilers else dek), *newest)
        return (1, text_scores.get(pk, missing), *newest)

    ordered = sorted(rows, key=order)
    return Matches([row[0] for row in ordered], capped=linked_capped or len(text_scores) >= MAX_RANKED)


WORD = re.compile(r"\w+")


def _word_score(words, headline, dek):
    """How well headline and dek answer these words: 10 a word in the headline, 4 in the dek (prefixes count)."""
    headline_words = WORD.findall(headline.casefold())
    dek_words = WORD.findall(dek.casefold())
    score = 0
    for word in (term.casefold() for term in words):
        if any(token.startswith(word) for token in headline_words):
            score += 10
        elif any(token.startswith(word) for token in dek_words):
            score += 4
    return score


class ArticlePages(Sequence):
    """Search results as the Paginator wants them: its count is the number of ids, a slice is cards.

    The ids come found and ranked (find_articles); a page's slice fetches just
    its cards by primary key, still through
    Article.objects.published(), and puts them back in ranked order. An article
    taken down between the two queries is left out rather than shown.
    """

    def __init__(self, matches):
        self._matches = matches

    @cached_property
    def ids(self):
        return list(self._matches.ids)

    def __len__(self):
        return len(self.ids)

    @property
    def capped(self):
        """Whether older matches were left out (only the newest MAX_RANKED of each kind are ranked)."""
        return self._matches.capped

    def __iter__(self):
        return iter(self[:])  # one query for all the cards, not one per item

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        if not ids:
            return []
        # One prepared query (selectors.cards_by_id: no body, compiled once); the ids give the order.
        cards = {card.pk: card for card in cards_by_id(ids)}
        return [cards[pk] for pk in ids if pk in cards]
