"""Spoiler moderation: the moderators' screen (a proxy of Article), the spoiler log and readers' reports.

Who may do what is decided in articles/roles.py; the log is written by articles/spoiler_log.py.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .article import Article

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
