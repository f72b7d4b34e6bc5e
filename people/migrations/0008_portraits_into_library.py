"""Every picture already uploaded into a row moves into the photo library (pictures.library_migration)."""

from django.db import migrations

from pictures.library_migration import into_library

COPIES = {"file": "photo", "width": "photo_width", "height": "photo_height", "alt_text": "photo_alt", "credit": "photo_credit"}


def forwards(apps, schema_editor):
    into_library(apps, schema_editor, "people.Person", COPIES)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_library_photo"),
        ("pictures", "0001_initial"),
    ]

    operations = [
        # Backwards, the rows keep their pictures and copies; only the link to the library goes.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
