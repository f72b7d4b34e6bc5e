"""Back up the whole site (rows, history, accounts and media) into one .tar.gz. See README, "Backup and restore"."""

from django.core.management.base import BaseCommand, CommandError

from backup.archive import ArchiveError
from backup.exporter import export_site


class Command(BaseCommand):
    help = (
        "Write the whole site (content, history, staff accounts with their password hashes, media files) "
        "to one .tar.gz archive. Renditions are left out; import_content rebuilds them."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Where to write the archive, e.g. dramasite-2026-11-26.tar.gz.")
        parser.add_argument("--database", default="default", help="Database alias to read (default: default).")

    def handle(self, *args, archive, database, **options):
        try:
            manifest = export_site(archive, using=database, log=self.stderr.write)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Could not write {archive}: {error}") from None
        rows = sum(manifest["counts"][label] for label in manifest["models"])
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(f"Wrote {archive}: {rows} rows of {len(manifest['models'])} models, {media} media files.")
