"""Reads of articles for the public site, always through published()."""

import datetime as dt
import functools

from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.utils import timezone

from publicpages.prepared import Prepared
from shows.models import Show

from .article_page import page_source
from .models import Article, ArticleCoAuthor, Correction, Section
from .page_relations import NEEDED_FIRST, unpack, with_page_relations_inline

RELATED_LIMIT = 4
# Per show, person and tag of the article: how many of its most recently linked articles are considered.
RELATED_CANDIDATES = 10
# How many of an article's shows, people and tags related stories are looked for through.
RELATED_MAX_LINKS = 30


def live_articles(now=None):
    """Published articles with what a card needs, in one query plus prefetches."""
    return Article.objects.published(now).select_related("author", "spoiler_show")


def article_cards(now=None, today=None):
    """Published articles ready for cards, lead image included (ArticleQuerySet.for_cards).

    Without what no card shows: the body, and the author's password hash and last sign-in
    (a listing kept by its rows as read would otherwise be rendered again after each sign-in).
    """
    return Article.objects.published(now).for_cards(today).defer("body", "author__password", "author__last_login")


def _card_listing(build, keep_plan=True, **kinds):
    """Live articles for cards, newest first, as build(cards, now, **values) narrows them: prepared."""
    return Prepared(
        lambda now, today, **values: build(article_cards(now, today), now, **values),
        keep_plan=keep_plan,
        now=dt.datetime,
        today=dt.date,
        **kinds,
    )


# Listings, compiled once per process and page (publicpages/prepared.py); a paginator slices them.
_SECTION_CARDS = _card_listing(lambda cards, now, section: cards.filter(section=section), section=str)
# A tag's, show's or person's list: on three articles or on three thousand, measured as fast with the
# plan PostgreSQL keeps for every value (publicpages/prepared.py, keep_plan="always").
_TAG_CARDS = _card_listing(lambda cards, now, tag: cards.tagged(tag, now), keep_plan="always", tag=int)
_SHOW_CARDS = _card_listing(lambda cards, now, show: cards.about_show(show, now), keep_plan="always", show=int)
_PERSON_CARDS = _card_listing(
    lambda cards, now, person: cards.about_person(person, now), keep_plan="always", person=int
)
# The front page's list leaves out its lead story (0 when there is none: no article has that id).
_HOME_CARDS = _card_listing(lambda cards, now, lead: cards.exclude(pk=lead), lead=int)
_LEAD_STORIES = _card_listing(lambda cards, now: cards.filter(lead_image__isnull=False))


def _listing(prepared, **values):
    return prepared.listing(now=timezone.now(), today=timezone.localdate(), **values)


def section_cards(section):
    return _listing(_SECTION_CARDS, section=section)


def tag_cards(tag):
    return _listing(_TAG_CARDS, tag=tag.pk)


def home_cards(lead_pk=None):
    return _listing(_HOME_CARDS, lead=lead_pk or 0)


def lead_story():
    """The newest live article with a lead image, for the front page's top: one row as read, or none."""
    return _listing(_LEAD_STORIES)[:1]


def lead_story_pk(lead):
    """The primary key of lead_story()'s article, or None, read from its row."""
    return lead.column(Article._meta.pk)[0] if lead else None


def newest_cards_about(subject, count):
    """A show's or a person's newest live articles, for cards: one query, read from its links' index."""
    prepared = _SHOW_CARDS if isinstance(subject, Show) else _PERSON_CARDS
    return _listing(prepared, **{"show" if prepared is _SHOW_CARDS else "person": subject.pk})[:count]


# Cards by id, compiled once per process for each size of id list (publicpages/prepared.py).
_cards_by_id = {}


def cards_by_id(ids):
    """The live ones among these articles, ready for cards, in no particular order: one query, rows as read.

    The list is padded to a power of two by repeating its last id, so a few
    compiled shapes serve every length.
    """
    ids = list(ids)
    if not ids:
        return ()
    size = 1 << (len(ids) - 1).bit_length()
    prepared = _cards_by_id.get(size)
    if prepared is None:
        names = [f"id{number}" for number in range(size)]
        prepared = _cards_by_id[size] = Prepared(
            # No ORDER BY: callers order them, and SQLite would otherwise walk the live index to avoid a sort.
            lambda now, today, **ids: article_cards(now, today).filter(pk__in=list(ids.values())).order_by(),
            keep_plan=True,
            now=dt.datetime,
            today=dt.date,
            **dict.fromkeys(names, int),
        )
    padded = ids + ids[-1:] * (size - len(ids))
    return prepared.as_read(
        now=timezone.now(), today=timezone.localdate(), **{f"id{n}": pk for n, pk in enumerate(padded)}
    )


def card_image(article):
    """The lead image a card or lead story may show: none for spoiler articles."""
    return None if article.has_spoilers else getattr(article, "lead_image", None)


# The article page's one query, compiled once per process (publicpages/prepared.py).
_live_article_page = Prepared(
    lambda slug, now: with_page_relations(live_articles(now)).filter(slug=slug),
    keep_plan=True,
    slug=str,
    now=dt.datetime,
)


def live_article_for_page(slug):
    """The live article at slug with everything its page shows (page_relations.unpack), or None: one query."""
    found = _live_article_page(slug=slug, now=timezone.now())
    if not found:
        return None
    article = found[0]
    article.page_source = page_source(article)  # what the page renders from, as read (article_page.py)
    return unpack(article, only=NEEDED_FIRST)


def article_for_preview():
    """Any article, whatever its status, with what its page renders.

    The single exception to the one-doorway rule: only the staff-only
    PreviewView (articles/views.py) may use it, after checking admin rights.
    """
    return with_page_relations(Article.objects.select_related("author", "spoiler_show"))


def with_page_relations(queryset):
    # Whether it has co-authors rides on the article's own query: most have none (fetch_co_authors).
    # Everything else the page shows of other tables rides on it too, as JSON (page_relations.unpack()).
    return with_page_relations_inline(queryset.with_co_author_flag())


def fetch_co_authors(article):
    """The co-authors of an article fetched for its page, with their accounts or guest rows: a query only if any."""
    if article.has_co_authors:
        prefetch_related_objects(
            [article], Prefetch("co_authors", queryset=ArticleCoAuthor.objects.select_related("staff", "contributor"))
        )


def corrections_of_live_articles():
    """Every note on a live article, newest first, with its article (the /corrections/ page and feed)."""
    return (
        Correction.objects.filter(article__in=Article.objects.published())
        .select_related("article")
        .order_by("-noted_at", "-pk")
    )


def related_articles(article, show_ids, person_ids, limit=RELATED_LIMIT):
    """Up to `limit` other live articles sharing a show, a person or a tag: the newest, as rows read for
    cards (publicpages.prepared.RowsAsRead), in no particular order (newest_first() sorts them).

    Takes the article's shows' and people's ids and reads article.tags.all(), which
    live_article_for_page() read with the row, so this is two queries however many of
    each there are: the ids, then their cards.

    Candidates are, for each show, person and tag of the article, the
    RELATED_CANDIDATES newest live articles linked to it, read newest-first
    from the links' (link, -live_from, -article) indexes and cut there: a tag on
    thousands of articles costs no more than a rare one, at any archive size.
    The branches are joined with UNION, the newest `limit` are chosen by the
    links' live_from, and only those are looked up, by primary key, through
    published(). (An OR of three IN lists made the planner walk every live
    article; one branch per kind with IN sorted every link of a busy tag.)
    """
    now = timezone.now()
    branches = [
        *(("show", [pk, now, RELATED_CANDIDATES]) for pk in show_ids),
        *(("person", [pk, now, RELATED_CANDIDATES]) for pk in person_ids),
        *(("tag", [tag.pk, now, RELATED_CANDIDATES]) for tag in article.tags.all()),
    ]
    # Shows first, then people, then tags: an article linked to more than this
    # (a tag list pasted in by mistake, say) still gets related stories without
    # a query the database refuses (SQLite allows 500 terms in a UNION) or
    # takes long to plan.
    branches = branches[:RELATED_MAX_LINKS]
    if not branches:
        return ()
    link_sql = _newest_links_sql()
    q = connection.ops.quote_name
    # The newest few candidates are chosen by the links' own copy of the live time, without
    # joining the articles table; only those few are then fetched. (SQLite, which has no
    # statistics here, still answers that fetch by walking the live-articles index.)
    chosen = (
        f"SELECT {q('id')} FROM ({_union([link_sql[kind] for kind, _ in branches])}) AS candidates "  # noqa: S608
        f"WHERE {q('id')} <> %s GROUP BY {q('id')} ORDER BY MAX({q('live_from')}) DESC, {q('id')} DESC LIMIT %s"
    )
    params = [param for _, branch_params in branches for param in branch_params] + [article.pk, limit]
    with connection.cursor() as cursor:
        cursor.execute(chosen, params)
        chosen_ids = [pk for (pk,) in cursor.fetchall()]
    # published() still decides: a stale copy could leave a story out, never show one that is not live.
    # At most `limit` rows, sorted here: an ORDER BY ... LIMIT would invite a walk by date.
    return cards_by_id(chosen_ids)


def newest_first(articles):
    """Articles newest first, as every list of cards shows them."""
    return sorted(articles, key=lambda article: (article.publish_at, article.pk), reverse=True)


@functools.cache
def _newest_links_sql():
    """Per kind of link, SQL for the newest article ids linked to one show, person or tag.

    Written once rather than compiled by the ORM per show, person and tag:
    compiling those few small queries cost more than running them.
    """
    q = connection.ops.quote_name

    def newest(through, link, article_column):
        # Every kind of link carries when its article went live (TaggedArticle, ArticleShow,
        # ArticlePerson), so each reads its (link, -live_from, -article) index from the top.
        # Table and column names come from the models' _meta and this module; values are parameters.
        article, live_from = q(article_column), q("live_from")
        return (
            f"SELECT {article} AS {q('id')}, {live_from} FROM {q(through._meta.db_table)} "  # noqa: S608
            f"WHERE {q(link)} = %s AND {live_from} <= %s ORDER BY {live_from} DESC, {article} DESC LIMIT %s"
        )

    return {
        "show": newest(Article.shows.through, "show_id", "article_id"),
        "person": newest(Article.people.through, "person_id", "article_id"),
        "tag": newest(Article.tags.through, "tag_id", "content_object_id"),
    }


def _union(parts, keep_duplicates=False):
    """SQL joining SELECTs that each keep their own ORDER BY and LIMIT, so each reads only the top of its index.

    Each is wrapped in its own SELECT because SQLite allows ORDER BY/LIMIT
    only there (PostgreSQL takes it either way); Django's QuerySet.union()
    cannot express that on SQLite.
    """
    joiner = " UNION ALL " if keep_duplicates else " UNION "
    # Only SQL written or compiled here is joined; every value stays a parameter.
    return joiner.join(f"SELECT * FROM ({part}) AS part_{i}" for i, part in enumerate(parts))  # noqa: S608


def _section_rails(now, today, per_section):
    live = Article.objects.published(now).order_by("-publish_at", "-pk").values("pk")
    parts = [live.filter(section=section)[:per_section].query.sql_with_params() for section in Section.values]
    sql = _union([part for part, _ in parts], keep_duplicates=True)
    ids = RawSQL(sql, [param for _, part_params in parts for param in part_params])  # noqa: S611 -- ORM-compiled SQL
    return article_cards(now, today).filter(pk__in=ids).order_by("section", "-publish_at", "-pk")


# Compiled once per process for each rail length (publicpages/prepared.py).
_SECTION_RAILS = {}


def newest_per_section(per_section=3):
    """The newest few live articles of every section, newest first within each, in one query (rows as read).

    Each section is read newest-first from the (section, status, -publish_at)
    index and cut at per_section, and the sections are joined with UNION ALL,
    so the cost does not grow with the archive (a window function over every
    live article took seconds at 100,000 articles on SQLite).
    """
    prepared = _SECTION_RAILS.get(per_section)
    if prepared is None:
        prepared = _SECTION_RAILS[per_section] = Prepared(
            lambda now, today: _section_rails(now, today, per_section),
            keep_plan=True,
            now=dt.datetime,
            today=dt.date,
        )
    return prepared.as_read(now=timezone.now(), today=timezone.localdate())


def next_change_by_itself():
    """When the next scheduled article goes live or live article is taken down, or None.

    Cached pages must not outlast it: either changes every list the article is on.
    """
    going_live = Article.objects.scheduled().order_by("publish_at").values_list("publish_at", flat=True).first()
    taken_down = (
        Article.objects.to_be_taken_down().order_by("unpublish_at").values_list("unpublish_at", flat=True).first()
    )
    return min((moment for moment in (going_live, taken_down) if moment), default=None)
