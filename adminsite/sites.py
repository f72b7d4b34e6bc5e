"""The newsroom's admin site: Django's, with every registered admin filtering only by what it declares.

Installed in place of ``django.contrib.admin`` (INSTALLED_APPS names
``adminsite.apps.NewsroomAdminConfig``), so ``admin.site`` and ``@admin.register``
everywhere, third-party apps included, use this site. See adminsite/lookups.py
for the filters and adminsite/readonly_links.py for read-only foreign keys, which
link only where the user may go. Apps put their work queues on the index page
with add_index_panel, and a ModelAdmin may add to each autocomplete result of
its model with autocomplete_extra(obj) (the photo picker's thumbnails).
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView

from . import readonly_links
from .lookups import declared_lookups_only


class AutocompleteWithExtras(AutocompleteJsonView):
    """Django's autocomplete answers, each result with what its admin adds (autocomplete_extra(obj))."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        extra = getattr(self.model_admin, "autocomplete_extra", None)
        return {**result, **extra(obj)} if extra else result


class NewsroomAdminSite(admin.AdminSite):
    site_header = "Dramasite newsroom"
    site_title = "Dramasite newsroom"
    index_title = "Newsroom"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._index_panels = []

    def add_index_panel(self, panel):
        """panel(request) -> {"template": ..., **context} or None: a work queue above the app list.

        Apps add their own (articles: "Waiting for review"); this site knows none of them.
        """
        self._index_panels.append(panel)

    def index(self, request, extra_context=None):
        panels = [shown for panel in self._index_panels if (shown := panel(request))]
        return super().index(request, {"index_panels": panels, **(extra_context or {})})

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def serve(request, *args, **kwargs):
            # The page is rendered here, while the request is known to its read-only
            # fields (readonly_links.py), rather than later by the handler.
            with readonly_links.serving(request):
                response = inner(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                return response

        return serve

    def autocomplete_view(self, request):
        return AutocompleteWithExtras.as_view(admin_site=self)(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = declared_lookups_only(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)
