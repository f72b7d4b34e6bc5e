from django.contrib import admin

from editing.history import HistoryAdmin
from pictures.forms import LibraryPictureForm
from pictures.thumbnails import LIST_WIDTH, thumbnail
from pictures.upload_rollback import UploadsRollBackAdminMixin
from shows.admin import ShowAdmin
from shows.models import Show

from .models import Credit, Person
from .search import search_people


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["show"]
    fields = ["show", "kind", "character_name", "billing_order"]


class ShowCreditInline(admin.TabularInline):
    """The cast and crew on a show's form: people's rows, so people's admin adds it (shows know no people)."""

    model = Credit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "kind", "character_name", "billing_order"]
    verbose_name = "cast or crew credit"


class ShowWithCreditsAdmin(ShowAdmin):
    """The show admin with its credits inline; registered in its place, so history versions keep them too."""

    inlines = [*ShowAdmin.inlines, ShowCreditInline]


admin.site.unregister(Show)
admin.site.register(Show, ShowWithCreditsAdmin)


@admin.register(Person)
# History with restore, stale saves refused (editing/history.py); uploads taken back if the save rolls back.
class PersonAdmin(UploadsRollBackAdminMixin, HistoryAdmin):
    form = LibraryPictureForm
    autocomplete_fields = ["library_photo"]
    list_display = ["name", "photo_thumbnail", "hangul_name", "birth_date"]
    list_filter = ["credits__kind"]
    search_fields = ["name", "hangul_name", "alternative_names", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview"]
    fieldsets = [
        (None, {"fields": ["name", "hangul_name", "alternative_names", "slug", "birth_date", "bio"]}),
        ("Photo", {"fields": ["library_photo", "photo", "photo_preview", "photo_alt", "photo_credit"]}),
    ]
    inlines = [CreditInline]

    def get_search_results(self, request, queryset, search_term):
        # As the site search matches: any romanisation, Hangul, spaced, hyphenated or joined.
        found, distinct = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= queryset.filter(pk__in=[person.pk for person in search_people(search_term, limit=50)])
        return found, distinct

    @admin.display(description="photo")
    def photo_thumbnail(self, person):
        return thumbnail(person.photo, person.photo_alt, width=LIST_WIDTH)

    @admin.display(description="current photo")
    def photo_preview(self, person):
        return thumbnail(person.photo, person.photo_alt)


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["person", "show", "character_name", "kind", "billing_order"]
    list_filter = ["kind"]
    list_select_related = ["person", "show"]
    search_fields = ["person__name", "show__title", "character_name"]
    autocomplete_fields = ["person", "show"]
