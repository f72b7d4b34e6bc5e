"""Which cached pages an article change makes stale, and what article pages depend on.

The tag names are shared with shows/invalidation.py and people/invalidation.py
and listed in docs/caching.md. Receivers are wired in ArticlesConfig.ready()
and bump on commit (pagecache.pages.bump). Fixture saves (raw) are
skipped: loaddata is followed by a global bump (pagecache/apps.py).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete
from taggit.models import Tag

from pagecache import pages

from .models import (
    Article,
    ArticleCoAuthor,
    ArticleImage,
    Contributor,
    Correction,
    PullQuote,
    Status,
    TaggedArticle,
    VideoEmbed,
)
from .models.bylines import listed_co_authors, page_tag

# What is remembered from the row as loaded, so a save also invalidates where the article was.
_REMEMBERED = ("status", "section", "author_id", "spoiler_show_id")
_USER_NAME_FIELDS = ("username", "first_name", "last_name")


def card_tags(articles):
    """A list of article cards shows each card's byline (all its names) and spoiled show's title."""
    tags = set()
    for article in articles:
        tags.add(f"author:{article.author_id}")
        tags.update(tag for tag, _ in listed_co_authors(article) or ())
        if article.spoiler_show_id:
            tags.add(f"show:{article.spoiler_show_id}")
    return tags


def article_page_tags(article, show_ids, person_ids):
    """The article page: the article, its byline, shows, people and tags (its related cards say their own)."""
    return {
        f"article:{article.pk}",
        *(byline.page_tag for byline in article.bylines),
        f"show:{article.spoiler_show_id}" if article.spoiler_show_id else None,
        *(f"show:{pk}" for pk in show_ids),
        *(f"person:{pk}" for pk in person_ids),
        *(f"tag:{tag.slug}" for tag in article.tags.all()),
    } - {None}


def changed_article_tags(article):
    """Every tag a change to this article (as it is now in the database) touches."""
    tags = {
        "articles",
        f"article:{article.pk}",
        f"section:{article.section}",
        f"author:{article.author_id}",
        f"show:{article.spoiler_show_id}" if article.spoiler_show_id else None,
    }
    tags.update(f"show:{pk}" for pk in article.shows.values_list("pk", flat=True))
    tags.update(f"person:{pk}" for pk in article.people.values_list("pk", flat=True))
    # Its co-authors' pages list it too.
    tags.update(page_tag(*ids) for ids in article.co_authors.values_list("staff_id", "contributor_id"))
    tags.update(f"tag:{slug}" for slug in article.tags.values_list("slug", flat=True))
    return tags - {None}


def _was_or_is_public(article):
    before = getattr(article, "_pagecache_before", {})
    # Scheduled articles count: publishing one in the future changes when lists must expire.
    return article.status == Status.PUBLISHED or before.get("status") == Status.PUBLISHED


def remember_loaded_state(sender, instance, **kwargs):
    instance._pagecache_before = {field: instance.__dict__.get(field) for field in _REMEMBERED}


def article_saved(sender, instance, raw=False, **kwargs):
    if raw or not _was_or_is_public(instance):
        remember_loaded_state(sender, instance)
        return
    before = instance._pagecache_before
    tags = changed_article_tags(instance)
    # Where it was before this save: an old section, author or spoiled show.
    tags.update({f"section:{before['section']}", f"author:{before['author_id']}"})
    if before["spoiler_show_id"]:
        tags.add(f"show:{before['spoiler_show_id']}")
    pages.bump(*tags)
    remember_loaded_state(sender, instance)


def article_deleted(sender, instance, **kwargs):
    if _was_or_is_public(instance):
        pages.bump(*changed_article_tags(instance))


def _article_part_changed(part, *tags):
    """A row shown as part of its article changed: the article's tags (and these) if it is Published."""
    article = Article.objects.filter(pk=part.article_id).first()
    if article is not None and article.status == Status.PUBLISHED:
        pages.bump(*tags, *changed_article_tags(article))


def media_changed(sender, instance, raw=False, **kwargs):
    """An image, quote or video shows on its article's page (a lead image on every card)."""
    if not raw:
        _article_part_changed(instance)


def correction_changed(sender, instance, raw=False, **kwargs):
    """A note shows on its article (and moves its modified time everywhere) and on /corrections/."""
    if not raw:
        _article_part_changed(instance, "corrections")


def remember_co_author(sender, instance, **kwargs):
    # The ids as loaded (or None for a new row): whose page the row named before a save.
    staff_id, contributor_id = instance.__dict__.get("staff_id"), instance.__dict__.get("contributor_id")
    instance._pagecache_page_tag = page_tag(staff_id, contributor_id) if staff_id or contributor_id else None


def co_author_changed(sender, instance, raw=False, **kwargs):
    """A name joins, moves in or leaves a byline: the article's pages, and the page of who was and is named."""
    if raw:
        return
    before = getattr(instance, "_pagecache_page_tag", None)
    remember_co_author(sender, instance)
    _article_part_changed(instance, before, instance.page_tag)


def contributor_saved(sender, instance, raw=False, **kwargs):
    """A guest's name on every byline it is in (cards anywhere), and their page."""
    if not raw:
        pages.bump("articles", f"contributor:{instance.pk}")


def relation_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Shows, people or tags added to or taken from an article (or articles from a show or person)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    related_name, prefix = _RELATIONS[sender]
    if reverse:
        # instance is the show or person; pk_set holds articles.
        if action == "pre_clear":
            pk_set = set(instance.articles.values_list("pk", flat=True))
        articles = list(Article.objects.filter(pk__in=pk_set or ()))
        tags = {f"{prefix}:{instance.pk}"}
    else:
        articles = [instance]
        if action == "pre_clear":
            pk_set = set(getattr(instance, related_name).values_list("pk", flat=True))
        if prefix == "tag":
            tags = {f"tag:{slug}" for slug in Tag.objects.filter(pk__in=pk_set or ()).values_list("slug", flat=True)}
        else:
            tags = {f"{prefix}:{pk}" for pk in pk_set or ()}
    for article in articles:
        if _was_or_is_public(article):
            pages.bump(*tags, *changed_article_tags(article))


def tag_saved(sender, instance, raw=False, **kwargs):
    """A renamed tag: its page, and every article page listing it."""
    if raw:
        return
    before = getattr(instance, "_pagecache_slug", None)
    pages.bump("articles", f"tag:{instance.slug}", f"tag:{before}" if before else None)
    instance._pagecache_slug = instance.slug


def remember_tag_slug(sender, instance, **kwargs):
    instance._pagecache_slug = instance.__dict__.get("slug")


def remember_user_name(sender, instance, **kwargs):
    instance._pagecache_name = tuple(instance.__dict__.get(field) for field in _USER_NAME_FIELDS)


def user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """A byline changed: the author's page and every list of cards (logins save last_login only)."""
    name = tuple(getattr(instance, field) for field in _USER_NAME_FIELDS)
    if raw or name == getattr(instance, "_pagecache_name", None):
        return
    pages.bump("articles", f"author:{instance.pk}")
    instance._pagecache_name = name


_RELATIONS = {}


def connect():
    _RELATIONS.update(
        {
            Article.shows.through: ("shows", "show"),
            Article.people.through: ("people", "person"),
            TaggedArticle: ("tags", "tag"),
        }
    )
    for model in (Article, *Article.__subclasses__()):
        post_init.connect(remember_loaded_state, sender=model, dispatch_uid=f"pagecache-init-{model.__name__}")
        post_save.connect(article_saved, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        pre_delete.connect(article_deleted, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    for model in (ArticleImage, PullQuote, VideoEmbed):
        post_save.connect(media_changed, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(media_changed, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    post_init.connect(remember_co_author, sender=ArticleCoAuthor, dispatch_uid="pagecache-init-co-author")
    post_save.connect(co_author_changed, sender=ArticleCoAuthor, dispatch_uid="pagecache-save-co-author")
    post_delete.connect(co_author_changed, sender=ArticleCoAuthor, dispatch_uid="pagecache-delete-co-author")
    post_save.connect(contributor_saved, sender=Contributor, dispatch_uid="pagecache-save-contributor")
    post_delete.connect(contributor_saved, sender=Contributor, dispatch_uid="pagecache-delete-contributor")
    post_save.connect(correction_changed, sender=Correction, dispatch_uid="pagecache-save-correction")
    post_delete.connect(correction_changed, sender=Correction, dispatch_uid="pagecache-delete-correction")
    for through in _RELATIONS:
        m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"pagecache-m2m-{through.__name__}")
    post_init.connect(remember_tag_slug, sender=Tag, dispatch_uid="pagecache-init-tag")
    post_save.connect(tag_saved, sender=Tag, dispatch_uid="pagecache-save-tag")
    post_delete.connect(tag_saved, sender=Tag, dispatch_uid="pagecache-delete-tag")
    user_model = get_user_model()
    post_init.connect(remember_user_name, sender=user_model, dispatch_uid="pagecache-init-user")
    post_save.connect(user_saved, sender=user_model, dispatch_uid="pagecache-save-user")
