from django.apps import AppConfig


class PublicPagesConfig(AppConfig):
    """What the readers' pages share: pagination without counting, share tags and JSON-LD helpers, times."""

    name = "publicpages"
    verbose_name = "Public pages"
