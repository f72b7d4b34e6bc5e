from django.contrib import admin
from django.utils.html import format_html

from .models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Editors see every redirect (those made by a change of address, and their own) and remove or add them."""

    list_display = ("old_path", "leads_to", "automatic", "created_at")
    list_filter = ("automatic",)
    search_fields = ("old_path", "new_path")
    fields = ("old_path", "new_path")
    ordering = ("-created_at", "-pk")

    @admin.display(description="new address", ordering="new_path")
    def leads_to(self, redirect):
        return format_html('<a href="{}">{}</a>', redirect.new_path, redirect.new_path)
