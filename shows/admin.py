from django.contrib import admin
from reversion.admin import VersionAdmin

from dramasite.locking import OptimisticLockAdminMixin

from .models import AirSlot, Availability, Episode, Genre, Network, Show, StreamingService


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
class ShowAdmin(OptimisticLockAdminMixin, VersionAdmin):
    list_display = ["title", "original_title", "network", "status", "premiere_date", "episode_count"]
    list_filter = ["status", "network"]
    list_select_related = ["network"]
    search_fields = ["title", "original_title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["network"]
    inlines = [AvailabilityInline, AirSlotInline, EpisodeInline]


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["show", "service", "regions"]
    list_select_related = ["show", "service"]
    autocomplete_fields = ["show", "service"]


@admin.register(AirSlot)
class AirSlotAdmin(admin.ModelAdmin):
    list_display = ["show", "weekday", "local_time", "time_zone"]
    list_select_related = ["show"]
    autocomplete_fields = ["show"]


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = ["show", "number", "air_date", "title"]
    list_select_related = ["show"]
    autocomplete_fields = ["show"]
