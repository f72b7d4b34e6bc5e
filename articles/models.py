"""Articles and the captioned media placed in them."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from dramasite.images import ValidatedImageField
from dramasite.locking import VersionedModel
from dramasite.richtext import SanitizedRichTextField
from dramasite.text import strip_control_characters
from people.models import Person
from shows.models import Show

DEFAULT_SPOILER_WARNING = "This article reveals plot details of a current movie or series."
# Edits within this long after publication do not earn an "Updated" line.
UPDATE_NOTICE_AFTER = dt.timedelta(hours=1)


class Section(models.TextChoices):
    NEWS = "news", "News"
    FEATURE = "feature", "Feature"
    REVIEW = "review", "Review"
    RECAP = "recap", "Recap"
    INTERVIEW = "interview", "Interview"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


def published_q():
    """The one rule for what readers may see, as a Q that composes anywhere."""
    return Q(status=Status.PUBLISHED, publish_at__lte=timezone.now())


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Live articles: published, with a publish time that has come. The public doorway."""
        return self.filter(published_q())

    def for_cards(self):
        """What a card shows: author, spoiled show and the lead image joined in (no query per row).

        Each row has .lead_image (an ArticleImage) only when it has one; cards
        must still hide it on spoiler articles (templates/includes/article_card.html).
        Reachable from shows and people through their reverse relations (shows/views.py
        articles_about()).
        """
        return (
            self.select_related("author", "spoiler_show")
            .annotate(lead_image=models.FilteredRelation("images", condition=Q(images__is_lead=True)))
            .select_related("lead_image")
        )

    def scheduled(self):
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def about_show(self, show):
        """Articles about this show, newest first: show pages and feeds. Chain it after published().

        Read from article_show_live_idx as tagged() reads a tag's (ArticleShow
        keeps a copy of each article's publish time). Walking the live articles
        newest first and testing each for the show read most of the archive for
        a show whose articles are all old.
        """
        return self._newest_linked("show_links", "article_id", show=show)

    def about_person(self, person):
        """Articles about this person, newest first: person pages and feeds. Chain it after published().

        Read from article_person_live_idx, as about_show() reads a show's.
        """
        return self._newest_linked("person_links", "article_id", person=person)

    def _newest_linked(self, links, article_column, **target):
        # The link's copy of the publish time filters and orders, so the index serves both;
        # published() (chained by the caller) still decides what is shown.
        lookups = {f"{links}__{name}": value for name, value in target.items()}
        return self.filter(**lookups, **{f"{links}__live_from__lte": timezone.now()}).order_by(
            f"-{links}__live_from", f"-{links}__{article_column}"
        )

    def tagged(self, tag):
        """Articles with this tag, newest first: tag pages and tag feeds. Chain it after published().

        The tag's links are read newest first from article_tag_live_idx
        (TaggedArticle keeps a copy of each article's publish time), so a page
        costs the same for a tag on 50 articles or 5,000, recent or years old.
        Joining the articles by their date instead sorted every article of a
        busy tag; walking all live articles and testing each for the tag reads
        most of the archive for a big tag whose articles are old. published()
        still decides what is shown: a stale copy could misplace an article,
        never show one that is not live.
        """
        return self._newest_linked("tag_links", "content_object_id", tag=tag)


# VersionedModel adds `version`, the optimistic-locking counter (dramasite/locking.py).
class Article(VersionedModel):
    Section = Section
    Status = Status

    headline = models.CharField(max_length=200, help_text="Under 100 characters reads best in shares and search.")
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The article's address. Do not change it once published."
    )
    dek = models.CharField(
        max_length=300,
        blank=True,
        help_text="One line under the headline. Hidden in listings if the article has spoilers.",
    )
    body = SanitizedRichTextField(help_text="Images, quotes and videos are added below and placed “after paragraph N”.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles", help_text="Shown in the byline."
    )
    section = models.CharField(max_length=12, choices=Section, default=Section.NEWS)
    # Tags are listed by name everywhere (article page, feeds, structured data), as the admin's
    # tag field shows them; taggit's prefetch would otherwise return them in no set order.
    tags = TaggableManager(
        through="TaggedArticle",
        ordering=["name"],
        blank=True,
        help_text="Comma-separated. Reuse existing tags where you can.",
    )
    # Through models that carry a copy of the publish time, for show and person pages (ArticleShow).
    shows = models.ManyToManyField(
        Show, through="ArticleShow", related_name="articles", blank=True, help_text="Shows this article is about."
    )
    people = models.ManyToManyField(
        Person, through="ArticlePerson", related_name="articles", blank=True, help_text="People this article is about."
    )

    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Readers see an article only when it is Published and its publish time has come.",
    )
    publish_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        # No single-column index: article_admin_order_idx (-publish_at, -id) serves MIN/MAX and
        # the admin order, the *_live_idx indexes the public lists.
        help_text=(
            "In Korean time (KST, Asia/Seoul). A future time schedules the article: it goes live then by itself. "
            "Empty with status Published means now."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("updated time", auto_now=True)

    has_spoilers = models.BooleanField(
        "has spoilers", default=False, help_text="Shows a warning first and hides the body until the reader chooses."
    )
    spoiler_show = models.ForeignKey(
        Show,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spoiler_articles",
        verbose_name="spoiled show",
        help_text="The show whose plot this article reveals.",
    )
    spoiler_through_episode = models.PositiveSmallIntegerField(
        "through episode",
        null=True,
        blank=True,
        help_text="The last episode whose plot is revealed. Readers who have watched that far see the article openly.",
    )
    spoiler_warning = models.CharField(
        "warning text",
        max_length=300,
        blank=True,
        help_text=f"Leave empty for the standard warning: “{DEFAULT_SPOILER_WARNING}”",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        # Publishing (now, scheduled or taking back) is the editors' right; writers only send for review.
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        # What each index serves; tests/test_indexes.py checks they exist (and, on
        # PostgreSQL, that the pages' queries use them). Search has its own GIN
        # index on a generated column (migration 0007, articles/search.py).
        indexes = [
            # Home, section-less listings, feeds, sitemaps, search candidates: live articles newest first.
            models.Index(fields=["status", "-publish_at"], name="article_live_idx"),
            # Section pages, the home page's section rails and section feeds/sitemaps.
            models.Index(fields=["section", "status", "-publish_at"], name="article_section_live_idx"),
            # Author pages and feeds: one author's live articles newest first.
            models.Index(fields=["author", "status", "-publish_at"], name="article_author_live_idx"),
            # The admin article lists in their default order (-publish_at, -pk) with no sort step,
            # drafts (no publish time) first; also MIN/MAX for the admin's date drill-down.
            models.Index(fields=["-publish_at", "-id"], name="article_admin_order_idx"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # "Published" with no time means "now"; a time is what published() compares.
        if self.status == Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        # Control characters pasted into plain-text fields would break feeds and sitemaps.
        for field in ("headline", "dek", "spoiler_warning"):
            setattr(self, field, strip_control_characters(getattr(self, field)))
        adding = self._state.adding
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if not adding and (update_fields is None or {"status", "publish_at"} & set(update_fields)):
            # Tag, show and person pages read the links' copy of when this article is live
            # (TaggedArticle, ArticleShow and ArticlePerson .live_from).
            for links in (self.tag_links, self.show_links, self.person_links):
                links.exclude(live_from=self.live_from).update(live_from=self.live_from)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.spoiler_through_episode is not None and not self.spoiler_show_id:
            errors["spoiler_show"] = "Choose the show whose episodes are spoiled."
        if self.spoiler_show_id and not self.has_spoilers:
            errors["has_spoilers"] = "Tick “has spoilers” or clear the spoiled show."
        if self.spoiler_show_id and self.spoiler_through_episode:
            count = self.spoiler_show.episode_count
            if count and self.spoiler_through_episode > count:
                errors["spoiler_through_episode"] = f"{self.spoiler_show} has {count} episodes."
        if errors:
            raise ValidationError(errors)

    @property
    def live_from(self):
        """When readers may see it (it may be in the future): its publish time if Published, else None."""
        return self.publish_at if self.status == Status.PUBLISHED else None

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED and self.publish_at is not None and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.publish_at is not None and self.publish_at > timezone.now()

    @property
    def was_updated(self):
        """True when the article was edited well after it went live (worth an "Updated" note).

        Fixing a typo in the first hour is not news; readers only see an update
        date when the change came later than that.
        """
        if not self.publish_at or not self.updated_at:
            return False
        return self.updated_at - self.publish_at > UPDATE_NOTICE_AFTER

    @property
    def spoiler_scope(self):
        """'Queen of Tears, up to episode 8': what the warning names."""
        if not self.has_spoilers or not self.spoiler_show_id:
            return ""
        if self.spoiler_through_episode:
            return f"{self.spoiler_show}, up to episode {self.spoiler_through_episode}"
        return str(self.spoiler_show)

    @property
    def spoiler_label(self):
        """'Spoilers: Queen of Tears ep. 8', for cards and summaries."""
        if not self.has_spoilers:
            return ""
        if not self.spoiler_show_id:
            return "Spoilers"
        if self.spoiler_through_episode:
            return f"Spoilers: {self.spoiler_show} ep. {self.spoiler_through_episode}"
        return f"Spoilers: {self.spoiler_show}"

    @property
    def modified_at(self):
        """When readers last saw it change: a scheduled article goes live after its last edit."""
        if self.publish_at is None:
            return self.updated_at
        return max(self.updated_at, self.publish_at)

    @property
    def public_summary(self):
        """The one summary any listing, feed, search result or share tag may show.

        A spoiler article's dek can give the twist away, so it is replaced by its label.
        """
        return self.spoiler_label if self.has_spoilers else self.dek

    @property
    def spoiler_warning_text(self):
        return self.spoiler_warning.strip() or DEFAULT_SPOILER_WARNING


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
        self.live_from = self.content_object.live_from
        super().save(*args, **kwargs)


class DatedArticleLink(models.Model):
    """An article's link to a show or person, with a copy of when the article is live.

    The copy lets a show or person page read its newest articles from one index
    (ArticleQuerySet.about_show, about_person), as TaggedArticle does for tags.
    Article.save() updates it when the status or publish time changes; links
    made with .add() or .set() from either side get it from an m2m_changed
    receiver (articles/link_dates.py), links saved one by one from save().
    Code that changes those fields with QuerySet.update() or inserts link rows
    in bulk must set it too (dramasite/bench/seed.py does).
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


class PlacedInBody(models.Model):
    """Media shown “after paragraph N” of the body; 0 puts it before the first."""

    position = models.PositiveSmallIntegerField(
        "after paragraph",
        default=0,
        help_text="0 = before the first paragraph; 3 = after the third. Past the end, it goes last.",
    )

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return self.article.get_absolute_url()


class ArticleImage(PlacedInBody):
    media_kind = "image"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = ValidatedImageField(
        upload_to="articles/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text="JPEG, PNG, GIF or WebP, up to 10 MB and 40 megapixels.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_text = models.CharField(
        max_length=250, help_text="What the picture shows, for readers who cannot see it. Required."
    )
    caption = models.CharField(
        max_length=300, blank=True, help_text="e.g. “Kim Soo Hyun (left) and Kim Ji Won (right)”."
    )
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer or source, e.g. “tvN”.")
    is_lead = models.BooleanField(
        "lead image", default=False, help_text="Shown at the top and on cards. One per article."
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(is_lead=True),
                name="one_lead_image_per_article",
                violation_error_message="An article can have only one lead image.",
            )
        ]

    def __str__(self):
        return self.caption or self.alt_text

    def clean(self):
        if not self.alt_text.strip():
            raise ValidationError({"alt_text": "Describe the picture for readers who cannot see it."})


class PullQuote(PlacedInBody):
    media_kind = "quote"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(help_text="The words quoted, without quotation marks.")
    attribution = models.CharField(max_length=200, help_text="Who said or wrote it, e.g. “Netflix”.")
    source_url = models.URLField("source link", blank=True, help_text="Where the quote comes from, if online.")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "pull quote"

    def __str__(self):
        return f"“{self.text[:60]}” — {self.attribution}"


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"}


def youtube_video_id(url):
    """The 11-character video id of a YouTube URL, or None if it is not one."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or parts.hostname not in YOUTUBE_HOSTS:
        return None
    if parts.hostname == "youtu.be":
        candidate = parts.path.lstrip("/")
    elif parts.path == "/watch":
        candidate = parse_qs(parts.query).get("v", [""])[0]
    elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
        candidate = parts.path.split("/")[2]
    else:
        return None
    return candidate if YOUTUBE_ID.match(candidate) else None


def validate_youtube_url(value):
    if youtube_video_id(value) is None:
        raise ValidationError(
            "Paste a YouTube video link, e.g. https://www.youtube.com/watch?v=… or https://youtu.be/…",
            code="not_youtube",
        )


class VideoEmbed(PlacedInBody):
    media_kind = "video"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="videos")
    url = models.URLField("YouTube URL", validators=[validate_youtube_url])
    caption = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "video"

    def __str__(self):
        return self.caption or self.url

    @property
    def video_id(self):
        return youtube_video_id(self.url)

    @property
    def embed_url(self):
        """Privacy-enhanced player, loaded only when the reader asks for it."""
        return f"https://www.youtube-nocookie.com/embed/{self.video_id}?autoplay=1"

    @property
    def watch_url(self):
        return f"https://www.youtube.com/watch?v={self.video_id}"


# Moderation ----------------------------------------------------------------
# The spoiler moderation screen, its audit log and readers' reports. Who may do
# what is decided in articles/roles.py; the audit is written by articles/audit.py.

SPOILER_FIELDS = ("has_spoilers", "spoiler_show", "spoiler_through_episode", "spoiler_warning")


class SpoilerModeration(Article):
    """Articles as the moderators see them: only the spoiler marking can change."""

    class Meta:
        proxy = True
        verbose_name = "spoiler moderation"
        verbose_name_plural = "spoiler moderation"


class SpoilerChange(models.Model):
    """One change to an article's spoiler marking: who, when, before, after and why. Never edited."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="spoiler_changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the change came from code or the shell.",
    )
    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    source = models.CharField(max_length=40, help_text="Where the change was made.")
    before = models.JSONField()
    after = models.JSONField()
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        get_latest_by = "at"

    def __str__(self):
        return f"{self.article} · {self.describe()}"

    def describe(self):
        """'has spoilers: no → yes; through episode: — → 8', for history pages."""
        parts = []
        for key, label in SPOILER_LABELS.items():
            old, new = self.before.get(key), self.after.get(key)
            if old != new:
                parts.append(f"{label}: {_shown(old)} → {_shown(new)}")
        return "; ".join(parts) or "no change"


SPOILER_LABELS = {
    "has_spoilers": "has spoilers",
    "spoiler_show": "spoiled show",
    "spoiler_through_episode": "through episode",
    "spoiler_warning": "warning text",
}


def _shown(value):
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value in (None, ""):
        return "—"
    return f"“{value}”" if isinstance(value, str) else str(value)


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


REPORT_MESSAGE_MAX = 1000


class SpoilerReport(models.Model):
    """A reader's “this article spoils something it does not warn about”. No account, no IP stored."""

    Status = ReportStatus

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="spoiler_reports")
    message = models.TextField(max_length=REPORT_MESSAGE_MAX, help_text="What the reader says is spoiled.")
    episode = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The episode the reader says is spoiled, if they gave one."
    )
    created_at = models.DateTimeField("reported", default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=ReportStatus, default=ReportStatus.OPEN, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "spoiler report"

    def __str__(self):
        return f"Report on {self.article}"

    def resolve(self, user):
        self.status = ReportStatus.RESOLVED
        self.resolved_by = user
        self.resolved_at = timezone.now()
