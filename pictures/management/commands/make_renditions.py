"""Make any missing responsive renditions (all of them with --force). Safe to run again and again."""

from django.core.management.base import BaseCommand

from pictures.images import make_every_rendition


class Command(BaseCommand):
    help = "Make the WebP and original-format renditions every stored image should have. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Remake every rendition, not just missing ones.")

    def handle(self, *args, force=False, **options):
        checked, made, failed = make_every_rendition(force=force, report_failure=self.stderr.write)
        self.stdout.write(f"Checked {checked} images; made {made} renditions; {failed} failed.")
