"""Moving article tags out of django-taggit's generic link table into articles.TaggedArticle.

Migration 0009 does it once for a database; import_content does it again for an
archive exported before 0009, whose article tags arrive as taggit rows. One
function, so both give each link the same live_from. It takes an app registry
(the migration's historical one, or django.apps.apps) and keeps to tables and
columns as they were at 0009, so the migration still runs as it did.
"""


def tables(apps, connection):
    quote = connection.ops.quote_name
    return {
        "link": quote(apps.get_model("articles", "TaggedArticle")._meta.db_table),
        "generic": quote(apps.get_model("taggit", "TaggedItem")._meta.db_table),
        "article": quote(apps.get_model("articles", "Article")._meta.db_table),
    }


def move_article_links_from_taggit(apps, connection):
    """Copy the generic table's article links into TaggedArticle, live_from = the article's publish
    time while it is Published (else NULL), as Article.live_from; then delete them from the generic table."""
    content_type = (
        apps.get_model("contenttypes", "ContentType")
        .objects.using(connection.alias)
        .filter(app_label="articles", model="article")
        .first()
    )
    if content_type is None:  # a new database: nothing has been tagged yet
        return
    names = tables(apps, connection)
    # Links to deleted articles (the generic table has no foreign key) are left behind and removed.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO {link} (tag_id, content_object_id, live_from) "  # noqa: S608 (names from models)
            "SELECT g.tag_id, a.id, CASE WHEN a.status = %s THEN a.publish_at END "
            "FROM {generic} g INNER JOIN {article} a ON a.id = g.object_id "
            "WHERE g.content_type_id = %s".format(**names),
            ["published", content_type.pk],
        )
        cursor.execute(
            "DELETE FROM {generic} WHERE content_type_id = %s".format(**names),  # noqa: S608 (names from models)
            [content_type.pk],
        )
