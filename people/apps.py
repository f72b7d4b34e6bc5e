from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self):
        from addresses.registry import keep_addresses

        from . import invalidation
        from .models import Person

        # Cached pages made stale by changes here (docs/caching.md).
        invalidation.connect()
        # Every person page is public: a changed slug leaves a redirect from the old address.
        keep_addresses(Person, is_public=lambda person: True)
