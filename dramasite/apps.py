from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_migrate, post_save


class DramasiteConfig(AppConfig):
    """Project-wide pieces: templates tags shared by every app, demo helpers, the page cache."""

    name = "dramasite"
    verbose_name = "Dramasite"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deploy checks)

        # Fixture and migration writes skip the apps' invalidation receivers (raw
        # saves, or no signals at all): they make every cached page stale instead.
        post_save.connect(stale_after_fixture_load, dispatch_uid="pagecache-raw-saves")
        post_migrate.connect(stale_after_migrate, sender=self, dispatch_uid="pagecache-migrate")


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
    from . import pagecache

    pagecache.bump_everything()


def stale_after_migrate(sender, **kwargs):
    from . import pagecache

    pagecache.bump_everything()
