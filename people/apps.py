from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self):
        # Cached pages made stale by changes here (docs/caching.md).
        from . import invalidation

        invalidation.connect()
