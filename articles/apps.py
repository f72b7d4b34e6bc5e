from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import audit

        audit.connect()

        from . import invalidation

        invalidation.connect()

        from . import link_dates

        link_dates.connect()
