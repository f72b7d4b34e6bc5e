import functools

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from django.urls import reverse

        from addresses.registry import keep_addresses
        from pagecache import registry
        from pictures.models import next_rights_end

        from . import invalidation, live_from, search_index, selectors, spoiler_log
        from .models import Article, ArticleImage

        spoiler_log.connect()
        invalidation.connect()
        live_from.connect()
        search_index.connect()
        # A live article's changed slug leaves a redirect from the old address; a draft's does not.
        keep_addresses(Article, is_public=lambda article: article.is_published)
        # The page cache knows nothing of articles: tell it what is staff-only and when lists
        # change by themselves (a scheduled article going live moves every list it is on).
        registry.never_cached_prefix(lambda: reverse("articles:preview", args=[0]).rsplit("0/", 1)[0])
        registry.next_change(selectors.next_change_by_itself, tags=["articles"])
        registry.next_change(functools.partial(next_rights_end, ArticleImage), tags=["articles"])
