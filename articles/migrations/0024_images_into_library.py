"""Every picture already uploaded into a row moves into the photo library (pictures.library_migration)."""

from django.db import migrations

from pictures.library_migration import into_library

COPIES = {"file": "image", "width": "width", "height": "height", "alt_text": "alt_text", "credit": "credit"}


def forwards(apps, schema_editor):
    into_library(apps, schema_editor, "articles.ArticleImage", COPIES)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0023_image_library_photo"),
        ("pictures", "0001_initial"),
    ]

    operations = [
        # Backwards, the rows keep their pictures and copies; only the link to the library goes.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
