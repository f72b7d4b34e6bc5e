from django.contrib import admin

from editing.history import HistoryAdmin
from pictures.forms import LibraryPictureForm
from pictures.thumbnails import LIST_WIDTH, thumbnail
from pictures.upload_rollback import UploadsRollBackAdminMixin

from .models import AirSlot, Availability, Episode, Genre, Network, Show, StreamingService
from .search import search_shows


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "country"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(StreamingService)
class StreamingServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0
    autocomplete_fields = ["service"]


class AirSlotInline(admin.TabularInline):
    model = AirSlot
    extra = 0


class EpisodeInline(admin.TabularInline):
    model = Episode
    extra = 0


@admin.register(Show)
# History with restore, stale saves refused (editing/history.py); uploads taken back if the save rolls back.
class ShowAdmin(UploadsRollBackAdminMixin, HistoryAdmin):
    list_display = [
        "title",
        "poster_thumbnail",
        "original_title",
        "network",
        "status",
        "premiere_date",
        "episode_count",
    ]
    list_filter = ["status", "network", "genres"]
    list_select_related = ["network"]
    search_fields = ["title", "original_title", "slug"]
    date_hierarchy = "premiere_date"
    prepopulated_fields = {"slug": ["title"]}
    form = LibraryPictureForm
    autocomplete_fields = ["network", "library_photo"]
    readonly_fields = ["poster_preview"]
    fieldsets = [
        (None, {"fields": ["title", "original_title", "slug", "network", "status", "genres"]}),
        ("Dates", {"fields": ["premiere_date", "finale_date", "episode_count", "runtime_minutes"]}),
        ("Description", {"fields": ["logline", "logline_attribution", "synopsis"]}),
        ("Poster", {"fields": ["library_photo", "poster", "poster_preview", "poster_alt", "poster_credit"]}),
    ]
    # people/admin.py registers the show admin again with its credits inline (people sit above shows).
    inlines = [AvailabilityInline, AirSlotInline, EpisodeInline]

    def get_search_results(self, request, queryset, search_term):
        # As the site search matches: any spelling of either title, spaced, hyphenated or joined.
        found, distinct = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= queryset.filter(pk__in=[show.pk for show in search_shows(search_term, limit=50)])
        return found, distinct

    @admin.display(description="poster")
    def poster_thumbnail(self, show):
        return thumbnail(show.poster, show.poster_alt, width=LIST_WIDTH)

    @admin.display(description="current poster")
    def poster_preview(self, show):
        return thumbnail(show.poster, show.poster_alt)


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["show", "service", "regions"]
    list_select_related = ["show", "service"]
    list_filter = ["service"]
    search_fields = ["show__title", "service__name", "regions"]
    autocomplete_fields = ["show", "service"]


@admin.register(AirSlot)
class AirSlotAdmin(admin.ModelAdmin):
    list_display = ["show", "weekday", "local_time", "time_zone"]
    list_select_related = ["show"]
    list_filter = ["weekday"]
    search_fields = ["show__title"]
    autocomplete_fields = ["show"]


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = ["show", "number", "air_date", "title"]
    list_select_related = ["show"]
    search_fields = ["show__title", "title"]
    autocomplete_fields = ["show"]
