from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_migrate, post_save


class DramasiteConfig(AppConfig):
    """Project-wide pieces: templates tags shared by every app, demo helpers, the page cache."""

    name = "dramasite"
    verbose_name = "Dramasite"

    def ready(self):
        # Fixture and migration writes skip the apps' invalidation receivers (raw
        # saves, or no signals at all): they make every cached page stale instead.
        post_save.connect(stale_after_fixture_load, dispatch_uid="pagecache-raw-saves")
        post_migrate.connect(stale_after_migrate, sender=self, dispatch_uid="pagecache-migrate")


_fixture_bump_scheduled = False


def stale_after_fixture_load(sender, raw=False, **kwargs):
    """loaddata saves rows raw: bump every page once, when its transaction commits."""
    global _fixture_bump_scheduled
    if not raw or _fixture_bump_scheduled:
        return
    from . import pagecache

    def bump():
        global _fixture_bump_scheduled
        _fixture_bump_scheduled = False
        pagecache.bump_everything()

    _fixture_bump_scheduled = True
    transaction.on_commit(bump)


def stale_after_migrate(sender, **kwargs):
    from . import pagecache

    pagecache.bump_everything()
