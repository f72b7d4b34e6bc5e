"""Dated notes on a live article: corrections, clarifications and updates.

A note is its own row, so it stays through unpublish and republish and through
a history restore of the article (ArticleAdmin keeps it out of the restore).
Saving or removing one counts as a change to the article: its modified time
moves (dateModified, the feeds' and sitemaps' dates), and its pages are made
fresh (articles/invalidation.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .article import Article

CORRECTION_TEXT_MAX = 1000
# What the /corrections/ page and its feeds are, as they describe themselves.
CORRECTIONS_RECORD = "Every correction, clarification and update Dramasite has made to a published article."


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"
    UPDATE = "update", "Update"


class Correction(models.Model):
    """What was wrong and what is right (or what is new), dated, as readers see it.

    Updates are news about the story, so they sit at the top of the article;
    corrections and clarifications are a record, kept at its foot, as most
    newsrooms print them. All are listed on /corrections/ with their feed.
    """

    Kind = CorrectionKind
    AT_THE_TOP = frozenset({CorrectionKind.UPDATE})

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=13, choices=CorrectionKind, default=CorrectionKind.CORRECTION)
    text = models.TextField(
        max_length=CORRECTION_TEXT_MAX,
        help_text="Shown to readers as written: say what was wrong and what is right, or what is new.",
    )
    noted_at = models.DateTimeField(
        "dated", default=timezone.now, help_text="In Korean time (KST). The date readers see on the note."
    )
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        verbose_name = "correction or update"
        verbose_name_plural = "corrections and updates"
        ordering = ["noted_at", "pk"]
        indexes = [
            # The /corrections/ page and its feed: every note, newest first.
            models.Index(fields=["-noted_at", "-id"], name="correction_newest_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.article}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        touch(self.article_id)

    def delete(self, *args, **kwargs):
        article_id = self.article_id
        result = super().delete(*args, **kwargs)
        touch(article_id)
        return result

    @property
    def at_the_top(self):
        return self.kind in self.AT_THE_TOP


def touch(article_id):
    """The article changed for its readers: its modified time moves, with no new version or lock change."""
    Article.objects.filter(pk=article_id).update(updated_at=timezone.now())
