from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_migrate, post_save


class PageCacheConfig(AppConfig):
    """Whole pages for readers, kept in Django's cache and dropped exactly when they change (pages.py)."""

    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        # Django's own personal cookie: a message to show once (the spoiler report's thank-you).
        from django.contrib.messages.storage.cookie import CookieStorage

        from . import registry

        registry.personal_cookie(CookieStorage.cookie_name)
        registry.never_cached_prefix(lambda: _admin_prefix())
        # Static files (WhiteNoise answers them below the page cache) are never pages.
        registry.never_cached_prefix(lambda: _static_prefix())
        # Fixture and migration writes skip the apps' invalidation receivers (raw
        # saves, or no signals at all): they make every cached page stale instead.
        post_save.connect(stale_after_fixture_load, dispatch_uid="pagecache-raw-saves")
        post_migrate.connect(stale_after_migrate, sender=self, dispatch_uid="pagecache-migrate")


def _admin_prefix():
    from django.urls import reverse

    return reverse("admin:index")


def _static_prefix():
    from django.conf import settings

    # An absolute STATIC_URL (a CDN) is never a path of this site; "/" would match every path.
    prefix = settings.STATIC_URL or ""
    return prefix if prefix.startswith("/") and prefix != "/" else ()


def stale_after_fixture_load(sender, raw=False, using=None, **kwargs):
    """loaddata saves rows raw: bump every page once, when its transaction commits."""
    if not raw:
        return
    connection = transaction.get_connection(using)
    # One bump per transaction. The pending list (not a flag of ours) is the memory:
    # a rolled-back load leaves nothing behind that would silence the next one.
    if any(callback is _bump_after_load for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(_bump_after_load, using=using)


def _bump_after_load():
    from . import pages

    pages.bump_everything()


def stale_after_migrate(sender, **kwargs):
    from . import pages

    pages.bump_everything()
