import functools

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self):
        from addresses.registry import keep_addresses
        from pagecache import registry
        from pictures.models import next_rights_end

        from . import invalidation
        from .models import Person

        # Cached pages made stale by changes here (docs/caching.md).
        invalidation.connect()
        # Every person page is public: a changed slug leaves a redirect from the old address.
        keep_addresses(Person, is_public=lambda person: True)
        # A picture whose rights end comes off the pages the next day, with no save to say so.
        registry.next_change(functools.partial(next_rights_end, Person), tags=["people"])
