from django.apps import AppConfig


class ShowsConfig(AppConfig):
    name = "shows"
    verbose_name = "Shows"

    def ready(self):
        # Cached pages made stale by changes here (docs/caching.md).
        from . import invalidation

        invalidation.connect()
