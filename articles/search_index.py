"""SQLite's full-text index of articles (FTS5), kept in step with every write.

PostgreSQL searches a generated, GIN-indexed tsvector column (articles/search.py,
migration 0007). SQLite, the database every newcomer starts on, gets its own
index: an FTS5 table, `article_search`, one row per Published article (rowid =
the article's id) holding what a reader could see unspoiled, as on PostgreSQL:

- the headline, always;
- the dek and the body (its text, tags stripped, inline spoiler spans cut out),
  unless the article is a spoiler article, which is found by its headline alone.

Articles that are not Published are not in it (a scheduled one is: it is found
once published() lets it through). The porter tokenizer over unicode61 stems
English as PostgreSQL's english configuration does and keeps Hangul words whole.

Every write reaches it: a save (the admin, the bulk publish and unpublish
actions, the moderation screen, a history restore, the shell), a raw save
(loaddata, import_content), a delete, in the same transaction as the row, from
the receivers connected in ArticlesConfig.ready(). QuerySet.update() skips
them, as it skips every receiver: `manage.py rebuild_search_index` builds the
index again from the articles.
"""

import re

from django.db import connections, router
from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags

from .models import Article, Status

TABLE = "article_search"
COLUMNS = ("headline", "dek", "body")
CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(headline, dek, body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)
INLINE_SPOILER = re.compile(r'<span class="spoiler">.*?</span>', re.DOTALL)


def applies(using="default"):
    """The index exists on SQLite only."""
    return connections[using].vendor == "sqlite"


def indexed_text(article):
    """(headline, dek, body text) as the index holds them: nothing a spoiler could hide."""
    if article.has_spoilers:
        return article.headline, "", ""
    body = strip_tags(INLINE_SPOILER.sub(" ", article.body or ""))
    return article.headline, article.dek or "", body


def index(article, using="default"):
    """Put the article in the index as it is now, or take it out if it is not Published."""
    if not applies(using):
        return
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article.pk])  # noqa: S608 (our table)
        if article.status == Status.PUBLISHED:
            cursor.execute(
                f"INSERT INTO {TABLE} (rowid, headline, dek, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                [article.pk, *indexed_text(article)],
            )


def unindex(article_id, using="default"):
    if applies(using):
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article_id])  # noqa: S608 (our table)


def rebuild(using="default", article_model=Article):
    """Empty the index and fill it from every Published article; returns how many it holds.

    article_model: a migration passes its historical Article, whose fields these are too.
    """
    if not applies(using):
        return None
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(CREATE)
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 (our table)
        count = 0
        rows = (
            article_model._base_manager.using(using)
            .filter(status=Status.PUBLISHED)
            .only("pk", "headline", "dek", "body", "has_spoilers", "status")
        )
        for article in rows.iterator(chunk_size=2000):
            cursor.execute(
                f"INSERT INTO {TABLE} (rowid, headline, dek, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                [article.pk, *indexed_text(article)],
            )
            count += 1
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")  # noqa: S608 (FTS5's own command)
    return count


def _saved(sender, instance, raw=False, using=None, **kwargs):
    index(instance, using or router.db_for_write(Article))


def _deleted(sender, instance, using=None, **kwargs):
    unindex(instance.pk, using or router.db_for_write(Article))


def connect():
    # The proxy the moderators edit saves the same rows.
    for model in (Article, *Article.__subclasses__()):
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-index-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-index-delete-{model.__name__}")
