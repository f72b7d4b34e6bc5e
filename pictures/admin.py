"""The photo library in the admin: find, upload, correct and replace photos; see where each is used."""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from editing.history import HistoryAdmin

from .models import RIGHTS_ENDING_SOON, Photo, copy_into_uses, library_models
from .thumbnails import LIST_WIDTH, picker_thumbnail_url, thumbnail
from .upload_rollback import UploadsRollBackAdminMixin

# Rows of each kind of use the front page's "rights end" panel lists.
PANEL_ROWS = 20


def _uses_count():
    counts = [
        Coalesce(
            Subquery(
                model._default_manager.filter(library_photo=OuterRef("pk"))
                .order_by()
                .values("library_photo")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        )
        for model in library_models()
    ]
    total = counts[0]
    for count in counts[1:]:
        total = total + count
    return total


class RightsFilter(admin.SimpleListFilter):
    title = "rights"
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [("ended", "Ended"), ("soon", "End within 30 days"), ("open", "No end date")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "ended":
            return queryset.filter(rights_until__lt=today)
        if self.value() == "soon":
            return queryset.filter(rights_until__gte=today, rights_until__lte=today + RIGHTS_ENDING_SOON)
        if self.value() == "open":
            return queryset.filter(rights_until__isnull=True)
        return queryset


class NeedsFilter(admin.SimpleListFilter):
    """Photos moved in from before the library may lack what the library now asks for."""

    title = "needs"
    parameter_name = "needs"

    def lookups(self, request, model_admin):
        return [("credit", "A credit"), ("alt", "Alt text"), ("unused", "Nothing: used nowhere")]

    def queryset(self, request, queryset):
        if self.value() == "credit":
            return queryset.filter(credit="")
        if self.value() == "alt":
            return queryset.filter(alt_text="")
        if self.value() == "unused":
            return queryset.filter(uses_count=0)
        return queryset


def use_link(use):
    """Where a use is edited, named as an editor knows it."""
    return format_html('<a href="{}">{}</a>', use.library_use_admin_url(), use.library_use_label())


@admin.register(Photo)
# History with restore, stale saves refused (editing/history.py): two editors correcting one photo
# cannot overwrite each other, and a wrong correction (it changes every page) can be taken back.
class PhotoAdmin(UploadsRollBackAdminMixin, HistoryAdmin):
    list_display = ["list_thumbnail", "alt_text", "credit", "rights_until", "uses_count", "uploaded_at"]
    list_display_links = ["list_thumbnail", "alt_text"]
    list_filter = [RightsFilter, NeedsFilter]
    search_fields = ["alt_text", "credit", "rights_note", "file"]
    readonly_fields = ["preview", "where_used"]
    fields = ["file", "preview", "alt_text", "credit", "rights_note", "rights_until", "where_used"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(uses_count=_uses_count())

    def get_search_results(self, request, queryset, search_term):
        found, distinct = super().get_search_results(request, queryset, search_term)
        if request.path == reverse("admin:autocomplete"):
            # The picker offers only photos that may still be placed.
            found = found.exclude(rights_until__lt=timezone.localdate())
        return found, distinct

    def autocomplete_extra(self, photo):
        """What the picker shows beside a photo's text (adminsite.sites, static/js/photo_picker.js)."""
        return {"thumbnail": picker_thumbnail_url(photo)}

    @admin.display(description="photo")
    def list_thumbnail(self, photo):
        return thumbnail(photo.file, photo.alt_text, width=LIST_WIDTH)

    @admin.display(description="current picture")
    def preview(self, photo):
        return thumbnail(photo.file, photo.alt_text)

    @admin.display(description="used", ordering="uses_count")
    def uses_count(self, photo):
        return photo.uses_count

    @admin.display(description="where it is used")
    def where_used(self, photo):
        uses = photo.uses() if photo.pk else []
        if not uses:
            return "Nowhere yet."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((use_link(use),) for use in uses)))

    def restored(self, request, before, after):
        # django-reversion wrote the old row past save() and its signals: the uses take its copy here,
        # and an earlier file gets its renditions back (those of the file it replaces go).
        copy_into_uses(after)
        if before.file.name != after.file.name:
            Photo._meta.get_field("file").swap_renditions(after, before.file.name, before.width)

    def get_deleted_objects(self, objs, request):
        # Django would name each use by its own __str__ (an image's caption); name them as editors know them.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            protected = [use_link(use) for photo in objs for use in photo.uses()]
        return deleted, counts, perms_needed, protected


def rights_ending_panel(request):
    """Where the site shows a photo whose rights end within 30 days, soonest first, then those whose
    rights ended in the last 30 days, latest first: what to swap, the most urgent at the top.

    Shown to whoever may correct photos (editors). A picture whose rights have ended is already off
    the pages (pictures.models.FromTheLibrary.picture_may_be_shown); the row still names it. Older
    ends are under the Photos list's *rights → ended*.
    """
    if not request.user.has_perm("pictures.change_photo"):
        return None
    today = timezone.localdate()
    upcoming, ended, more = [], [], False
    for model in library_models():
        rows = model._default_manager.select_related("library_photo", *model.library_use_related)
        for found, lookups, order in (
            (upcoming, {"library_rights_until__range": (today, today + RIGHTS_ENDING_SOON)}, "library_rights_until"),
            (
                ended,
                {"library_rights_until__gte": today - RIGHTS_ENDING_SOON, "library_rights_until__lt": today},
                "-library_rights_until",
            ),
        ):
            picked = list(rows.filter(**lookups).order_by(order, "pk")[: PANEL_ROWS + 1])
            more = more or len(picked) > PANEL_ROWS
            found += picked[:PANEL_ROWS]
    if not upcoming and not ended:
        return None
    upcoming.sort(key=lambda use: use.library_rights_until)
    ended.sort(key=lambda use: use.library_rights_until, reverse=True)
    uses = upcoming + ended
    return {
        "template": "admin/pictures/includes/rights_ending.html",
        "more": more,
        "uses": [
            {
                "label": use.library_use_label(),
                "admin_url": use.library_use_admin_url(),
                "photo_id": use.library_photo_id,
                "photo_label": str(use.library_photo),
                "last_day": use.library_rights_until,
                "off_from": use.picture_off_from,
                "ended": not use.picture_may_be_shown(today),
            }
            for use in uses
        ],
    }


admin.site.add_index_panel(rights_ending_panel)
