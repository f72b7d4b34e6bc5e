from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from django.urls import reverse

        from pagecache import registry

        from . import invalidation, live_from, search_index, selectors, spoiler_log

        spoiler_log.connect()
        invalidation.connect()
        live_from.connect()
        search_index.connect()
        # The page cache knows nothing of articles: tell it what is staff-only and when lists
        # change by themselves (a scheduled article going live moves every list it is on).
        registry.never_cached_prefix(lambda: reverse("articles:preview", args=[0]).rsplit("0/", 1)[0])
        registry.next_change(selectors.next_scheduled_go_live, tags=["articles"])
