"""The review loop's one row of its own: what an editor wrote to the writer."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .article import Article

REVIEW_NOTE_MAX = 2000


class ReviewNote(models.Model):
    """A note from an editor to the article's writer, written with a save (usually when sending it back).

    Shown on the article's admin page to everyone who can open it, newest first,
    and quoted in the mail that tells the writer (articles/review.py).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="review_notes")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(max_length=REVIEW_NOTE_MAX)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["article", "-written_at"], name="review_note_article_idx")]

    def __str__(self):
        return f"Note on {self.article}"
