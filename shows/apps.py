from django.apps import AppConfig


class ShowsConfig(AppConfig):
    name = "shows"
    verbose_name = "Shows"

    def ready(self):
        from addresses.registry import keep_addresses

        from . import invalidation
        from .models import Show

        # Cached pages made stale by changes here (docs/caching.md).
        invalidation.connect()
        # Every show page is public: a changed slug leaves a redirect from the old address.
        keep_addresses(Show, is_public=lambda show: True)
