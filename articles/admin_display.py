"""What the newsroom's admin lists show: status in Seoul time, spoiler badges, a status filter."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from . import spoiler_log
from .models import Status
from .models.bylines import byline_name


def kst(moment):
    """'27 Nov 2026, 09:00 KST': the newsroom works in Seoul time and says so."""
    try:
        local = timezone.localtime(moment)
    except OverflowError:  # a time at the very end of the calendar, written outside the admin
        local = moment
    # The same format as every other staff screen (dramasite/formats/en/formats.py).
    return date_format(local, "DATETIME_FORMAT")


def who(user):
    """A staff member as the newsroom names them (a log row may have nobody signed in)."""
    if user is None:
        return "(nobody signed in)"
    return byline_name(user)


def status_label(article):
    if article.is_scheduled:
        return f"Scheduled for {kst(article.publish_at)}"
    if article.is_taken_down:
        return f"Taken down {kst(article.unpublish_at)}"
    if article.is_published:
        return f"Live until {kst(article.unpublish_at)}" if article.unpublish_at else "Live"
    return article.get_status_display()


def spoiler_badge(article):
    if not article.has_spoilers:
        return "—"
    return format_html('<strong title="{}">⚠ {}</strong>', article.spoiler_warning_text, article.spoiler_label)


class ArticleStatusFilter(admin.SimpleListFilter):
    """Status as the newsroom thinks of it: scheduled is not the same as live."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
            ("taken-down", "Taken down"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.filter(status=Status.DRAFT)
            case "review":
                return queryset.filter(status=Status.IN_REVIEW)
            case "scheduled":
                return queryset.scheduled()
            case "live":
                return queryset.published()
            case "taken-down":
                return queryset.taken_down()
        return queryset


class ShowsInUseFilter(admin.RelatedOnlyFieldListFilter):
    """Only shows that some article is linked to, found show by show.

    Django's RelatedOnlyFieldListFilter collects the ids from every article in
    the list (a scan of the article table); here each show asks the link or
    foreign-key index whether any article points at it, which costs the same
    at any number of articles.
    """

    def field_choices(self, field, request, model_admin):
        related = field.related_model
        if field.many_to_many:
            links = field.remote_field.through.objects.filter(**{field.m2m_reverse_field_name(): OuterRef("pk")})
        else:
            links = field.model._base_manager.filter(**{field.name: OuterRef("pk")})
        ordering = self.field_admin_ordering(field, request, model_admin) or related._meta.ordering
        shows = related._default_manager.filter(Exists(links)).order_by(*ordering)
        return [(show.pk, str(show)) for show in shows]


class SpoilerHistoryMixin:
    """The history page lists every spoiler change under whatever history the admin already shows.

    The template extends the page the rest of the admin would have used (Django's,
    or a versioning library's), so adding one does not hide the other.
    """

    object_history_template = "admin/articles/spoiler_history.html"

    def history_view(self, request, object_id, extra_context=None):
        base = super().object_history_template or "admin/object_history.html"
        # The log holds moderators' reasons: shown to those who may read the log itself, as its own admin is.
        shown = can_read_spoiler_log(request.user)
        context = {
            "show_spoiler_changes": shown,
            "spoiler_changes": spoiler_log.changes_for(object_id) if shown else [],
            "base_history_template": base,
        }
        return super().history_view(request, object_id, {**context, **(extra_context or {})})


def can_read_spoiler_log(user):
    """May this user read the spoiler log (who changed a marking, and why), wherever it is embedded?"""
    return user.has_perm("articles.view_spoilerchange")


def can_read_reports(user):
    """May this user read readers' spoiler reports, wherever they are embedded?"""
    return user.has_perm("articles.view_spoilerreport")
