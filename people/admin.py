from django.contrib import admin
from reversion.admin import VersionAdmin

from dramasite.locking import OptimisticLockAdminMixin

from .models import Credit, Person


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["show"]


@admin.register(Person)
class PersonAdmin(OptimisticLockAdminMixin, VersionAdmin):
    list_display = ["name", "hangul_name", "birth_date"]
    search_fields = ["name", "hangul_name", "alternative_names"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CreditInline]


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["person", "show", "character_name", "kind", "billing_order"]
    list_filter = ["kind"]
    list_select_related = ["person", "show"]
    search_fields = ["person__name", "show__title", "character_name"]
    autocomplete_fields = ["person", "show"]
