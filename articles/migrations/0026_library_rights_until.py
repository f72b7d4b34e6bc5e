"""Each use of a library photo keeps a copy of the last day the photo may be shown."""

from django.db import migrations, models

from pictures.library_migration import copy_rights_ends


def forwards(apps, schema_editor):
    copy_rights_ends(apps, schema_editor, "articles.ArticleImage")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0025_photo_library_roles'),
    ]

    operations = [
        migrations.AddField(
            model_name='articleimage',
            name='library_rights_until',
            field=models.DateField(blank=True, db_index=True, editable=False, null=True, verbose_name='rights end'),
        ),
        # Backwards the column goes, and with it the copies.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
