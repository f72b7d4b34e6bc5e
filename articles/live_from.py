"""The copy of an article's publish time on its tag, show and person links, kept in step here.

Tag, show and person pages (and their feeds, and related stories) read their
newest articles from the links' own index, so each link carries live_from: its
article's publish time while the article is Published, else NULL. The rule is
Article.live_from; every way a link or an article is written keeps the copy:

- an article saved with a new status or publish time: article_changed(), from Article.save();
- a link saved one by one (taggit's get_or_create of a tag link, a link row saved in
  code): its own save() copies Article.live_from (models/links.py);
- links made in bulk by .add() or .set(), from the article's side (the admin's
  fields, imports of old archives) or the show's or person's: links_added(), an
  m2m_changed receiver, one UPDATE from the article rows (live_from_in_sql());
- tags of a database or archive from before articles/0009, still in taggit's generic
  table: move_article_links_from_taggit(), used by that migration and import_content.

Raw loads (loaddata, archives, history versions that list an article's shows in
its row) are dated too: the article row is saved before its links, so its date is
already in the database when the receiver runs. QuerySet.update() of status or
publish_at skips all of this; code that does it must call article_changed().
"""

from django.db.models import Case, DateTimeField, F, OuterRef, Subquery, When
from django.db.models.signals import m2m_changed

from .models import Article, ArticlePerson, ArticleShow, Status

# Link model -> the attname of its key to the show or person.
_OTHER_SIDE = {ArticleShow: "show_id", ArticlePerson: "person_id"}


def article_changed(article):
    """The article's status or publish time changed: its tag, show and person links follow."""
    for links in (article.tag_links, article.show_links, article.person_links):
        links.exclude(live_from=article.live_from).update(live_from=article.live_from)


def live_from_in_sql():
    """Article.live_from as SQL, for the article a link row points at."""
    return Subquery(
        Article.objects.filter(pk=OuterRef("article_id")).values(
            live_from=Case(When(status=Status.PUBLISHED, then=F("publish_at")), output_field=DateTimeField())
        )
    )


def links_added(sender, instance, action, reverse, pk_set, using, **kwargs):
    """New show or person links copy their article's live time: one UPDATE for the rows just added."""
    if action != "post_add" or not pk_set:
        return
    other = _OTHER_SIDE[sender]
    if reverse:  # instance is the show or person; pk_set holds articles
        rows = sender._base_manager.filter(**{other: instance.pk}, article_id__in=pk_set)
    else:  # instance is the article; pk_set holds shows or people
        rows = sender._base_manager.filter(article_id=instance.pk, **{f"{other}__in": pk_set})
    # Read from the database rather than the instance: from the show's side there is no article at hand.
    rows.using(using).update(live_from=live_from_in_sql())


def connect():
    for model in _OTHER_SIDE:
        m2m_changed.connect(links_added, sender=model, dispatch_uid=f"link-dates-{model.__name__}")


# Tags from before articles/0009 ------------------------------------------------------------
# Migration 0009 moves them once for a database; import_content again for an archive exported
# before it, whose article tags arrive as taggit rows. One function, so both give each link the
# same live_from. It takes an app registry (the migration's historical one, or django.apps.apps)
# and keeps to tables and columns as they were at 0009, so the migration still runs as it did.


def tag_link_tables(apps, connection):
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
    names = tag_link_tables(apps, connection)
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
