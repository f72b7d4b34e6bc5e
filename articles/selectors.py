"""Reads of articles for the public site, always through published()."""

import functools

from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.utils import timezone

from people.models import Person
from shows.models import Availability, Show

from .models import Article, ArticleCoAuthor, Correction, Section
from .page_relations import with_page_relations_inline

RELATED_LIMIT = 4
# Per show, person and tag of the article: how many of its most recently linked articles are considered.
RELATED_CANDIDATES = 10
# How many of an article's shows, people and tags related stories are looked for through.
RELATED_MAX_LINKS = 30


def live_articles():
    """Published articles with what a card needs, in one query plus prefetches."""
    return Article.objects.published().select_related("author", "spoiler_show")


def article_cards():
    """Published articles ready for cards, lead image included (ArticleQuerySet.for_cards)."""
    return Article.objects.published().for_cards()


def articles_about(subject):
    """A show's or a person's live articles, newest first, read from its links' index.

    Not show.articles, which already joins the links once: about_show() would join them again.
    """
    live = Article.objects.published()
    return live.about_show(subject) if isinstance(subject, Show) else live.about_person(subject)


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
    # Whether it has co-authors rides on the article's own query: most have none (fetch_co_authors).
    # Images, quotes, videos, corrections and tags ride on it too, as JSON (page_relations.unpack() reads them).
    return with_page_relations_inline(queryset.with_co_author_flag()).prefetch_related(
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


def related_articles(article, limit=RELATED_LIMIT):
    """Up to `limit` other live articles sharing a show, a person or a tag, newest first.

    Reads article.shows/people/tags.all(), which article_for_page() prefetched,
    so this is a single query however many of each there are.

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
        *(("show", [show.pk, now, RELATED_CANDIDATES]) for show in article.shows.all()),
        *(("person", [person.pk, now, RELATED_CANDIDATES]) for person in article.people.all()),
        *(("tag", [tag.pk, now, RELATED_CANDIDATES]) for tag in article.tags.all()),
    ]
    # Shows first, then people, then tags: an article linked to more than this
    # (a tag list pasted in by mistake, say) still gets related stories without
    # a query the database refuses (SQLite allows 500 terms in a UNION) or
    # takes long to plan.
    branches = branches[:RELATED_MAX_LINKS]
    if not branches:
        return []
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
    # published() still decides: a stale copy could leave a story out, never show one that is not live.
    # At most `limit` rows, sorted here: an ORDER BY ... LIMIT would invite a walk by date.
    cards = article_cards().filter(pk__in=RawSQL(chosen, params)).order_by()  # noqa: S611 -- fixed SQL, values as parameters
    return sorted(cards, key=lambda card: (card.publish_at, card.pk), reverse=True)


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


def newest_per_section(per_section=3):
    """The newest few live articles of every section, newest first within each, in one query.

    Each section is read newest-first from the (section, status, -publish_at)
    index and cut at per_section, and the sections are joined with UNION ALL,
    so the cost does not grow with the archive (a window function over every
    live article took seconds at 100,000 articles on SQLite).
    """
    live = Article.objects.published().order_by("-publish_at", "-pk").values("pk")
    parts = [live.filter(section=section)[:per_section].query.sql_with_params() for section in Section.values]
    sql = _union([part for part, _ in parts], keep_duplicates=True)
    ids = RawSQL(sql, [param for _, part_params in parts for param in part_params])  # noqa: S611 -- ORM-compiled SQL
    return list(article_cards().filter(pk__in=ids).order_by("section", "-publish_at", "-pk"))


def next_change_by_itself():
    """When the next scheduled article goes live or live article is taken down, or None.

    Cached pages must not outlast it: either changes every list the article is on.
    """
    going_live = Article.objects.scheduled().order_by("publish_at").values_list("publish_at", flat=True).first()
    taken_down = (
        Article.objects.to_be_taken_down().order_by("unpublish_at").values_list("unpublish_at", flat=True).first()
    )
    return min((moment for moment in (going_live, taken_down) if moment), default=None)
