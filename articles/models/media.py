"""What is placed in an article's body: captioned images, pull quotes and YouTube videos."""

import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from pictures.images import ValidatedImageField
from pictures.models import FromTheLibrary

from .article import Article


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


class ArticleImage(FromTheLibrary, PlacedInBody):
    media_kind = "image"
    library_copies = {"file": "image", "width": "width", "height": "height", "alt_text": "alt_text", "credit": "credit"}
    library_use_related = ("article",)

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

    def library_use_label(self):
        return f"Article: {self.article.headline} (image after paragraph {self.position})"

    def library_use_admin_url(self):
        return reverse("admin:articles_article_change", args=[self.article_id])

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
