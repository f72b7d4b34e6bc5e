"""The newsroom's admin site: Django's, with every registered admin filtering only by what it declares.

Installed in place of ``django.contrib.admin`` (INSTALLED_APPS names
``adminsite.apps.NewsroomAdminConfig``), so ``admin.site`` and ``@admin.register``
everywhere, third-party apps included, use this site. See adminsite/lookups.py.
"""

from django.contrib import admin

from .lookups import declared_lookups_only


class NewsroomAdminSite(admin.AdminSite):
    site_header = "Dramasite newsroom"
    site_title = "Dramasite newsroom"
    index_title = "Newsroom"

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = declared_lookups_only(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)
