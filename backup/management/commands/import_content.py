"""Restore an export_content archive into an empty database. See README, "Backup and restore"."""

from django.core.management.base import BaseCommand, CommandError

from backup.archive import ArchiveError
from backup.importer import import_site


class Command(BaseCommand):
    help = (
        "Load an export_content archive into an empty, migrated database and MEDIA_ROOT, in one transaction. "
        "Checks every file's checksum and refuses unsafe archives."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by export_content.")
        parser.add_argument("--database", default="default", help="Database alias to load into (default: default).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the site's content, accounts and sessions first (in the same transaction).",
        )
        parser.add_argument(
            "--skip-renditions",
            action="store_true",
            help="Do not rebuild image renditions now (run manage.py make_renditions later).",
        )

    def handle(self, *args, archive, database, replace, skip_renditions, **options):
        try:
            manifest = import_site(
                archive, using=database, replace=replace, make_renditions=not skip_renditions, log=self.stderr.write
            )
        except ArchiveError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        rows = sum(manifest["counts"][label] for label in manifest["models"])
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(f"Imported {archive}: {rows} rows, {media} media files (made {manifest['created_at']}).")
