"""An article's links to its tags, shows and people, each with a copy of when the article is live.

The copy (live_from) lets a tag, show or person page read its newest articles
from one index. Everything that keeps it in step is in articles/live_from.py.
"""

from django.db import models
from taggit.models import Tag, TaggedItemBase

from people.models import Person
from shows.models import Show

from .article import Article


class TaggedArticle(TaggedItemBase):
    """An article's tag (django-taggit's through model), with a copy of when the article is live.

    The copy is what lets a tag page read its newest articles from one index
    (ArticleQuerySet.tagged). Article.save() updates it when the status or
    publish time changes; a new link copies it from its article. Code that
    changes those fields with QuerySet.update() (which skips save()) must
    update the links too.
    """

    # article_tag_live_idx leads with the tag, so the foreign key needs no index of its own.
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles", db_index=False)
    # article_tag_unique leads with the article: it serves "this article's tags".
    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tag_links", db_index=False)
    live_from = models.DateTimeField(
        null=True, editable=False, help_text="The article's publish time while it is Published, else empty."
    )

    class Meta:
        verbose_name = "article tag"
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="article_tag_unique")]
        indexes = [
            # Tag pages and feeds: one tag's live articles newest first, in the listings' order.
            models.Index(fields=["tag", "-live_from", "-content_object"], name="article_tag_live_idx"),
        ]

    def save(self, *args, **kwargs):
        # taggit adds links with get_or_create(content_object=article, tag=...): the article is at hand.
        self.live_from = self.content_object.live_from  # the rule is Article.live_from; see live_from.py
        super().save(*args, **kwargs)


class DatedArticleLink(models.Model):
    """An article's link to a show or person, with a copy of when the article is live.

    The copy lets a show or person page read its newest articles from one index
    (ArticleQuerySet.about_show, about_person), as TaggedArticle does for tags.
    Article.save() updates it when the status or publish time changes; links
    made with .add() or .set() from either side get it from an m2m_changed
    receiver (articles/live_from.py), links saved one by one from save().
    Code that changes those fields with QuerySet.update() or inserts link rows
    in bulk must set it too (bench/seed.py does).
    """

    live_from = models.DateTimeField(
        null=True, editable=False, help_text="The article's publish time while it is Published, else empty."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.live_from = self.article.live_from
        super().save(*args, **kwargs)


class ArticleShow(DatedArticleLink):
    """The table of Article.shows (Django's own until migration 0011, same table and columns)."""

    # No index of their own (Django's were dropped in migration 0011): the unique constraint leads
    # with the article, the index below with the show.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="show_links", db_index=False)
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="article_links", db_index=False)

    class Meta:
        db_table = "articles_article_shows"
        verbose_name = "article show"
        # Django's unique constraint on its many-to-many table (same generated name): "this article's shows".
        unique_together = [("article", "show")]
        indexes = [
            # Show pages, feeds and related stories: one show's live articles newest first.
            models.Index(fields=["show", "-live_from", "-article"], name="article_show_live_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} → show {self.show_id}"


class ArticlePerson(DatedArticleLink):
    """The table of Article.people (Django's own until migration 0011, same table and columns)."""

    # No index of their own, as for ArticleShow.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="person_links", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="article_links", db_index=False)

    class Meta:
        db_table = "articles_article_people"
        verbose_name = "article person"
        # Django's unique constraint on its many-to-many table (same generated name): "this article's people".
        unique_together = [("article", "person")]
        indexes = [
            # Person pages, feeds and related stories: one person's live articles newest first.
            models.Index(fields=["person", "-live_from", "-article"], name="article_person_live_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} → person {self.person_id}"
