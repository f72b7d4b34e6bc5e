"""The moderators' screens: spoiler moderation, the report queue and the spoiler log.

Moderators change the four spoiler fields of any article and resolve readers'
reports; nothing else. The moderation form holds only those fields and the save
writes only those columns, so a crafted POST carrying a headline, a body or a
status changes nothing. The body of an unpublished article is never shown here.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import Truncator

from adminsite.big_lists import BigListMixin
from editing.locking import OptimisticLockAdminMixin

from . import spoiler_log
from .admin_display import (
    ArticleStatusFilter,
    ShowsInUseFilter,
    SpoilerHistoryMixin,
    can_read_reports,
    can_read_spoiler_log,
    kst,
    spoiler_badge,
    status_label,
    who,
)
from .forms import SpoilerMarkingForm, SpoilerScopeForm
from .models import SPOILER_FIELDS, ReportStatus, SpoilerChange, SpoilerModeration, SpoilerReport


@admin.register(SpoilerModeration)
# Stale saves refused (OptimisticLockAdminMixin); fast at 100k rows (BigListMixin).
class SpoilerModerationAdmin(BigListMixin, OptimisticLockAdminMixin, SpoilerHistoryMixin, admin.ModelAdmin):
    form = SpoilerMarkingForm
    # Open reports beside the headline, so the work is in view at any width; the badge says
    # the show and episode a marking spoils ("Spoilers: Queen of Tears ep. 16").
    list_display = ["headline", "open_reports_column", "spoilers_column", "status_column", "warning_column"]
    list_filter = ["has_spoilers", ArticleStatusFilter, ("spoiler_show", ShowsInUseFilter)]
    list_select_related = ["spoiler_show"]
    search_fields = ["headline"]
    autocomplete_fields = ["spoiler_show"]
    actions = ["mark_spoilers", "unmark_spoilers", "set_scope"]
    readonly_fields = ["headline_column", "status_column", "text_column", "log_column", "reports_column"]
    fieldsets = [
        ("Article", {"fields": ["headline_column", "status_column", "text_column"]}),
        (
            "Spoiler marking",
            {"fields": ["has_spoilers", "spoiler_show", "spoiler_through_episode", "spoiler_warning", "reason"]},
        ),
        ("Recent spoiler changes", {"fields": ["log_column"]}),
        ("Open reader reports", {"fields": ["reports_column"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        # The log and the reports are other models' rows: embedded only for those who may read them.
        hidden = set()
        if not can_read_spoiler_log(request.user):
            hidden.add("log_column")
        if not can_read_reports(request.user):
            hidden.add("reports_column")
        return [
            (name, options)
            for name, options in super().get_fieldsets(request, obj)
            if not hidden & set(options["fields"])
        ]

    def get_queryset(self, request):
        # A subquery per listed row, not a JOIN + GROUP BY over every article.
        open_reports = (
            SpoilerReport.objects.filter(article=OuterRef("pk"), status=ReportStatus.OPEN)
            .order_by()
            .values("article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(open_report_count=Coalesce(Subquery(open_reports), 0))

    def changelist_view(self, request, extra_context=None):
        # The work queue first: the articles readers reported, most open reports first.
        context = {
            "title": "Spoiler moderation: choose an article to mark",
            "reported": reported_articles() if can_read_reports(request.user) else None,
        }
        return super().changelist_view(request, {**context, **(extra_context or {})})

    # Moderators never add or delete articles; the screen is for the marking only.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_view_on_site_url(self, obj=None):
        return super().get_view_on_site_url(obj) if obj is not None and obj.is_published else None

    def save_model(self, request, obj, form, change):
        with spoiler_log.acting(request.user, "moderation", form.cleaned_data.get("reason", "")):
            obj.save(update_fields=list(SPOILER_FIELDS))

    # Bulk actions ----------------------------------------------------------

    @admin.action(description="Mark as having spoilers", permissions=["change"])
    def mark_spoilers(self, request, queryset):
        self._apply(request, queryset, "moderation (bulk)", has_spoilers=True)

    @admin.action(description="Remove the spoiler marking", permissions=["change"])
    def unmark_spoilers(self, request, queryset):
        self._apply(
            request, queryset, "moderation (bulk)", has_spoilers=False, spoiler_show=None, spoiler_through_episode=None
        )

    @admin.action(description="Set the spoiled show and episode…", permissions=["change"])
    def set_scope(self, request, queryset):
        form = SpoilerScopeForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply(
                request,
                queryset,
                "moderation (bulk)",
                reason=form.cleaned_data["reason"],
                has_spoilers=True,
                spoiler_show=form.cleaned_data["spoiler_show"],
                spoiler_through_episode=form.cleaned_data["spoiler_through_episode"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Set the spoiled show and episode",
            "opts": self.opts,
            "form": form,
            "articles": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/spoilermoderation/set_scope.html", context)

    def _apply(self, request, queryset, source, reason="", **values):
        # One save per article, so each change is checked and lands in the spoiler log.
        count = 0
        with spoiler_log.acting(request.user, source, reason):
            for article in queryset.select_related("spoiler_show"):
                for name, value in values.items():
                    setattr(article, name, value)
                article.save(update_fields=list(SPOILER_FIELDS))
                count += 1
        self.message_user(request, f"Updated the spoiler marking of {count} article(s).", messages.SUCCESS)

    # Columns and read-only parts ---------------------------------------------

    @admin.display(description="headline")
    def headline_column(self, article):
        return article.headline

    @admin.display(description="status")
    def status_column(self, article):
        return status_label(article)

    @admin.display(description="spoilers", ordering="has_spoilers")
    def spoilers_column(self, article):
        return spoiler_badge(article)

    @admin.display(description="warning")
    def warning_column(self, article):
        if not article.has_spoilers:
            return "—"
        return Truncator(article.spoiler_warning).chars(80) if article.spoiler_warning else "(standard warning)"

    @admin.display(description="open reports", ordering="open_report_count")
    def open_reports_column(self, article):
        return article.open_report_count

    @admin.display(description="text")
    def text_column(self, article):
        # Moderators must not read what readers cannot yet: unpublished bodies stay hidden.
        if not article.is_published:
            return "Not shown: this article is not published yet."
        return format_html(
            '<p>{}</p><p><a href="{}">Read it on the site</a></p>',
            Truncator(strip_tags(article.body)).words(150),
            article.get_absolute_url(),
        )

    @admin.display(description="log")
    def log_column(self, article):
        changes = spoiler_log.changes_for(article.pk, limit=10)
        if not changes:
            return "No spoiler changes recorded yet."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (kst(change.at), who(change.user), change.source, change.describe(), change.reason or "—")
                for change in changes
            ),
        )
        history = reverse("admin:articles_spoilermoderation_history", args=[article.pk])
        return format_html(
            "<table><thead><tr><th>When</th><th>Who</th><th>Where</th><th>Change</th><th>Reason</th></tr></thead>"
            '<tbody>{}</tbody></table><p><a href="{}">Full history</a></p>',
            rows,
            history,
        )

    @admin.display(description="reports")
    def reports_column(self, article):
        reports = article.spoiler_reports.filter(status=ReportStatus.OPEN)[:10]
        if not reports:
            queue = reverse("admin:articles_spoilerreport_changelist")
            return format_html('None open. <a href="{}">Back to the report queue</a>', queue)
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> · episode {}: {}</li>',
            (
                (
                    reverse("admin:articles_spoilerreport_change", args=[r.pk]),
                    kst(r.created_at),
                    r.episode or "—",
                    Truncator(r.message).chars(200),
                )
                for r in reports
            ),
        )
        return format_html(
            '<ul>{}</ul><p><a href="{}">Resolve them in the report queue</a></p>', items, open_reports_url(article.pk)
        )


REPORTED_SHOWN = 20


def open_reports_url(article_pk):
    """The report queue narrowed to one article's open reports (filters the queue declares)."""
    queue = reverse("admin:articles_spoilerreport_changelist")
    return f"{queue}?article__id__exact={article_pk}&status__exact={ReportStatus.OPEN}"


def reported_articles(limit=REPORTED_SHOWN):
    """[(article, open reports, oldest open report time, their queue)], most reports first, then the longest waiting.

    One query, grouped from the open reports (a handful at any archive size, on their status index),
    not a count over every article.
    """
    open_reports = Q(spoiler_reports__status=ReportStatus.OPEN)
    rows = (
        SpoilerModeration.objects.filter(open_reports)
        .annotate(n=Count("spoiler_reports", filter=open_reports), oldest=Min("spoiler_reports__created_at"))
        .only("pk", "headline")
        .order_by("-n", "oldest", "pk")[:limit]
    )
    return [(article, article.n, article.oldest, open_reports_url(article.pk)) for article in rows]


@admin.register(SpoilerReport)
class SpoilerReportAdmin(admin.ModelAdmin):
    """The moderators' queue of readers' reports: read them, resolve them."""

    list_display = ["created_at", "article_column", "message_column", "episode", "status", "resolved_by"]
    list_filter = ["status", ("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article", "resolved_by"]
    search_fields = ["message", "article__headline"]
    date_hierarchy = "created_at"
    ordering = ["status", "-created_at"]  # open before resolved
    actions = ["resolve_reports"]
    fields = ["article_column", "message", "episode", "created_at", "status", "resolved_by", "resolved_at"]
    readonly_fields = ["article_column", "message", "episode", "created_at", "resolved_by", "resolved_at"]

    def has_add_permission(self, request):
        return False  # reports come from readers

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            if obj.status == ReportStatus.RESOLVED:
                obj.resolve(request.user)
            else:
                obj.resolved_by, obj.resolved_at = None, None
        super().save_model(request, obj, form, change)

    @admin.action(description="Mark resolved", permissions=["change"])
    def resolve_reports(self, request, queryset):
        count = 0
        for report in queryset.filter(status=ReportStatus.OPEN):
            report.resolve(request.user)
            report.save(update_fields=["status", "resolved_by", "resolved_at"])
            count += 1
        self.message_user(request, f"Resolved {count} report(s).", messages.SUCCESS)

    @admin.display(description="article", ordering="article__headline")
    def article_column(self, report):
        # Everyone who sees the queue (moderators, editors) may open the moderation screen.
        url = reverse("admin:articles_spoilermoderation_change", args=[report.article_id])
        return format_html('<a href="{}">{}</a>', url, report.article.headline)

    @admin.display(description="message")
    def message_column(self, report):
        return Truncator(report.message).chars(120)


@admin.register(SpoilerChange)
class SpoilerChangeAdmin(admin.ModelAdmin):
    """The spoiler log, read-only for everyone."""

    list_display = ["at", "article", "user", "source", "describe", "reason"]
    list_filter = ["source"]
    list_select_related = ["article", "user"]
    search_fields = ["article__headline", "reason"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
