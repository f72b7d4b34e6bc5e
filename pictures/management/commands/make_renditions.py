"""Make any missing responsive renditions (all of them with --force). Safe to run again and again."""

from django.core.management.base import BaseCommand

from pictures import renditions
from pictures.images import rendition_fields


class Command(BaseCommand):
    help = "Make the WebP and original-format renditions every stored image should have. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Remake every rendition, not just missing ones.")

    def handle(self, *args, force=False, **options):
        made = checked = failed = 0
        for model, field in rendition_fields():
            columns = [field.attname] + [name for name in (field.width_field, field.height_field) if name]
            rows = model._default_manager.exclude(**{field.attname: ""}).only(*columns).order_by("pk")
            for row in rows.iterator():
                checked += 1
                try:
                    width = getattr(row, field.width_field) if field.width_field else None
                    made += len(renditions.make(getattr(row, field.attname), width, force))
                except Exception as error:  # one unreadable file must not stop the backfill
                    failed += 1
                    self.stderr.write(f"{model._meta.label} {row.pk}: {error}")
        self.stdout.write(f"Checked {checked} images; made {made} renditions; {failed} failed.")
