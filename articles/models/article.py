"""The article: its sections and statuses, the one doorway to what readers may see, and the model."""

import datetime as dt
import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from editing.locking import VersionedModel
from editing.richtext import SanitizedRichTextField
from editing.text import strip_control_characters
from people.models import Person
from pictures.images import ValidatedImageField, checked_reencoding
from shows.models import Show

DEFAULT_SPOILER_WARNING = "This article reveals plot details of a current movie or series."
# The smallest picture Facebook, X and Google show as a large preview; 1200 × 630 is what they ask for.
SOCIAL_IMAGE_MIN_SIZE = (600, 315)
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


def published_q(now=None):
    """The one rule for what readers may see, as a Q that composes anywhere.

    Published, its publish time come, and its take-down time (if it has one) not yet come.
    `now` is for prepared queries (publicpages/prepared.py), which pass the time of each run.
    """
    now = now or timezone.now()
    return Q(status=Status.PUBLISHED, publish_at__lte=now) & (Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now))


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Live articles: published, the publish time come, no take-down time passed. The public doorway."""
        return self.filter(published_q(now))

    def for_cards(self, today=None):
        """What a card shows: author, spoiled show and the lead image joined in (no query per row).

        Each row has .lead_image (an ArticleImage) only when it has one; cards
        must still hide it on spoiler articles (templates/includes/article_card.html).
        Each also has .co_authors_listed, its co-authors in byline order (articles/models/bylines.py).
        Show and person pages get theirs from {% articles_about %} (articles/templatetags/articles_tags.py).
        """
        return (
            self.with_co_authors_listed()
            .select_related("author", "spoiler_show")
            .annotate(
                lead_image=models.FilteredRelation(
                    "images",
                    # Not a photo whose rights have ended (pictures.models.FromTheLibrary).
                    condition=Q(images__is_lead=True)
                    & (
                        Q(images__library_rights_until__isnull=True)
                        | Q(images__library_rights_until__gte=today or timezone.localdate())
                    ),
                )
            )
            .select_related("lead_image")
        )

    def with_co_authors_listed(self):
        """Each row with .co_authors_listed: a whole byline with no query per row (cards, feeds)."""
        from .bylines import co_author_column

        return self.annotate(co_authors_listed=co_author_column(connections[self.db]))

    def with_co_author_flag(self):
        """Each row with .has_co_authors, so a page fetches co-authors only for articles that have some."""
        from .bylines import co_author_flag

        return self.annotate(has_co_authors=co_author_flag(connections[self.db]))

    def scheduled(self):
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def taken_down(self):
        """Published, but past their take-down time: in the admin, on no public page."""
        return self.filter(status=Status.PUBLISHED, unpublish_at__lte=timezone.now())

    def to_be_taken_down(self):
        """Live articles with a take-down time still to come: each leaves every page by itself then."""
        return self.published().filter(unpublish_at__isnull=False)

    def by_staff(self, user):
        """What a staff member wrote or co-wrote, newest first: author pages and feeds. Chain it after published().

        Their co-written articles are looked up first (a handful of ids), so someone
        who co-wrote nothing gets exactly the author query article_author_live_idx serves.
        The ids are remembered on the user object: a feed asks once whether there is
        anything to list and again for the items.
        """
        from .bylines import ArticleCoAuthor

        co_written = user.__dict__.get("_co_written")
        if co_written is None:
            co_written = list(ArticleCoAuthor.objects.filter(staff=user).values_list("article_id", flat=True))
            user.__dict__["_co_written"] = co_written
        return self.filter(Q(author=user) | Q(pk__in=co_written)) if co_written else self.filter(author=user)

    def by_contributor(self, contributor):
        """A guest contributor's articles, newest first: their page and feeds. Chain it after published()."""
        from .bylines import ArticleCoAuthor

        return self.filter(pk__in=ArticleCoAuthor.objects.filter(contributor=contributor).values("article_id"))

    def about_show(self, show, now=None):
        """Articles about this show, newest first: show pages and feeds. Chain it after published().

        Read from article_show_live_idx as tagged() reads a tag's (ArticleShow
        keeps a copy of each article's publish time). Walking the live articles
        newest first and testing each for the show read most of the archive for
        a show whose articles are all old.
        """
        return self._newest_linked("show_links", "article_id", now, show=show)

    def about_person(self, person, now=None):
        """Articles about this person, newest first: person pages and feeds. Chain it after published().

        Read from article_person_live_idx, as about_show() reads a show's.
        """
        return self._newest_linked("person_links", "article_id", now, person=person)

    def _newest_linked(self, links, article_column, now, **target):
        # The link's copy of the publish time filters and orders, so the index serves both;
        # published() (chained by the caller) still decides what is shown.
        lookups = {f"{links}__{name}": value for name, value in target.items()}
        return self.filter(**lookups, **{f"{links}__live_from__lte": now or timezone.now()}).order_by(
            f"-{links}__live_from", f"-{links}__{article_column}"
        )

    def tagged(self, tag, now=None):
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
        return self._newest_linked("tag_links", "content_object_id", now, tag=tag)


# The rows of article_take_down_idx: published articles that have a take-down time.
WITH_TAKE_DOWN_TIME = Q(status=Status.PUBLISHED, unpublish_at__isnull=False)


# VersionedModel adds `version`, the optimistic-locking counter (editing/locking.py).
class Article(VersionedModel):
    Section = Section
    Status = Status

    headline = models.CharField(max_length=200, help_text="Under 100 characters reads best in shares and search.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The article's address. Change it freely: once the article is live, the old address leads here.",
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
    unpublish_at = models.DateTimeField(
        "take down at",
        null=True,
        blank=True,
        help_text=(
            "Optional, in Korean time (KST). At this time the article leaves every page by itself "
            "(an embargo lifted early, a competition that closes); it stays here, Published, to reuse or delete."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("updated time", auto_now=True)
    # When it last went to review: the editors' queue waits oldest first (articles/review.py).
    review_requested_at = models.DateTimeField("sent for review", null=True, blank=True, editable=False)

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
    spoiler_teaser = models.CharField(
        "spoiler-free teaser",
        max_length=200,
        blank=True,
        help_text=(
            "One line that gives nothing away, shown instead of the spoiler label where the article is shared "
            "or listed off the site (share previews, feeds, search engines)."
        ),
    )
    spoiler_warning = models.CharField(
        "warning text",
        max_length=300,
        blank=True,
        help_text=f"Leave empty for the standard warning: “{DEFAULT_SPOILER_WARNING}”",
    )

    # Search and sharing: what search engines and share previews show instead of the defaults.
    seo_title = models.CharField(
        "search and share title",
        max_length=70,
        blank=True,
        help_text=(
            "Shown in the browser tab, search results and share previews instead of the headline. "
            "Under 60 characters reads best. Leave empty to use the headline."
        ),
    )
    meta_description = models.CharField(
        "search and share description",
        max_length=200,
        blank=True,
        help_text=(
            "Shown in search results and share previews instead of the dek; about 150 characters. "
            "Not used while the article has spoilers: the spoiler-free teaser is, as it gives nothing away."
        ),
    )
    social_image = ValidatedImageField(
        "share image",
        upload_to="articles/share/%Y/%m/",
        blank=True,
        width_field="social_image_width",
        height_field="social_image_height",
        # Previews fetch it whole (structured_data.py): no page resizes it.
        with_renditions=False,
        help_text=(
            "The picture share previews show instead of the lead image: 1200 × 630 is best, "
            f"{SOCIAL_IMAGE_MIN_SIZE[0]} × {SOCIAL_IMAGE_MIN_SIZE[1]} the least. JPEG, PNG, GIF or WebP, up to 10 MB. "
            "Not used while the article has spoilers: its share card is."
        ),
    )
    social_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    social_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    social_image_alt = models.CharField(
        "share image alt text",
        max_length=250,
        blank=True,
        help_text="What the share image shows, for readers who cannot see it. Required with a share image.",
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
            # When the next live article is taken down (the page cache's lifetimes): only those with a time.
            models.Index(name="article_take_down_idx", fields=["unpublish_at"], condition=WITH_TAKE_DOWN_TIME),
            # The editors' review queue, oldest first (partial: only articles in review).
            models.Index(fields=["review_requested_at"], name="article_review_queue_idx", condition=Q(status="review")),
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
        for field in ("headline", "dek", "spoiler_teaser", "spoiler_warning", "seo_title", "meta_description"):
            setattr(self, field, strip_control_characters(getattr(self, field)))
        # In review since when: set on the way in, cleared on the way out, whatever path saves it.
        waiting_since = self.review_requested_at
        if self.status != Status.IN_REVIEW:
            self.review_requested_at = None
        elif self.review_requested_at is None:
            self.review_requested_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.review_requested_at != waiting_since:
            kwargs["update_fields"] = {*update_fields, "review_requested_at"}
        adding = self._state.adding
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if not adding and (update_fields is None or {"status", "publish_at"} & set(update_fields)):
            # Tag, show and person pages read the links' copy of when this article is live.
            from ..live_from import article_changed

            article_changed(self)

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
        if self.unpublish_at and self.publish_at and self.unpublish_at <= self.publish_at:
            errors["unpublish_at"] = "The take-down time must come after the publish time."
        if self.social_image:
            if not self.social_image_alt.strip():
                errors["social_image_alt"] = "Describe the share image for readers who cannot see it."
            too_small = self._social_image_too_small()
            if too_small:
                errors["social_image"] = too_small
        if errors:
            raise ValidationError(errors)

    def _social_image_too_small(self):
        """Why the share image is too small to be shown large, or ""."""
        file = self.social_image
        if file._committed:
            width, height = self.social_image_width, self.social_image_height
        else:
            try:  # checked and re-encoded once; the form's field did it already (pictures/images.py)
                width, height = checked_reencoding(file.file).size
            except ValidationError:
                return ""  # not a picture: the field's own check says so
        least_width, least_height = SOCIAL_IMAGE_MIN_SIZE
        if width is None or (width >= least_width and height >= least_height):
            return ""
        return (
            f"This picture is {width} × {height} pixels; share previews need at least "
            f"{least_width} × {least_height} (1200 × 630 is best)."
        )

    @functools.cached_property
    def bylines(self):
        """Its author, then its co-authors, each a Byline (name, page, page-cache tag): the article page.

        Asked by the template, the JSON-LD and the page-cache tags of one page view, so worked out once.
        """
        from .bylines import bylines_of

        return bylines_of(self)

    @property
    def linked_byline(self):
        """'By' what the article page prints: every name linked to their page."""
        from .bylines import linked_byline

        return linked_byline(self)

    @property
    def byline_text(self):
        """'Jamie Park and Lee Da Eun': cards, the lead story, feeds."""
        from .bylines import byline_text

        return byline_text(self)

    @property
    def share_title(self):
        """The title search results and share previews show: the search and share title, else the headline."""
        return self.seo_title or self.headline

    @property
    def share_description(self):
        """What search results and share previews say of it (public_summary, unless an editor wrote one).

        A spoiler article keeps its spoiler-free summary: the editor's description
        may predate the spoiler flag, which a moderator can set at any time.
        """
        if self.has_spoilers:
            return self.public_summary
        return self.meta_description or self.dek

    @property
    def live_from(self):
        """When readers may see it (it may be in the future): its publish time if Published, else None.

        Its tag, show and person links keep a copy (articles/live_from.py).
        """
        return self.publish_at if self.status == Status.PUBLISHED else None

    @property
    def is_published(self):
        now = timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    @property
    def is_taken_down(self):
        """Published, but its take-down time has passed: no reader sees it."""
        return self.status == Status.PUBLISHED and self.unpublish_at is not None and self.unpublish_at <= timezone.now()

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

        A spoiler article's dek can give the twist away, so it is replaced by its
        spoiler-free teaser when it has one, else by its label.
        """
        if self.has_spoilers:
            return self.spoiler_teaser or self.spoiler_label
        return self.dek

    @property
    def spoiler_warning_text(self):
        return self.spoiler_warning.strip() or DEFAULT_SPOILER_WARNING
