from django.apps import AppConfig


class PicturesConfig(AppConfig):
    """Images: upload checks and re-encoding, renditions, serving media from the disk (views.py)."""

    name = "pictures"
    verbose_name = "Pictures"

    def ready(self):
        from django.conf import settings

        from pagecache import registry

        # Media are files: never looked up as pages.
        registry.never_cached_prefix(lambda: f"/{settings.MEDIA_URL.lstrip('/')}")
