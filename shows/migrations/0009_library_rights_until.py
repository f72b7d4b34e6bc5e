"""Each use of a library photo keeps a copy of the last day the photo may be shown.

Adding a nullable column leaves the table as it is on SQLite; removing it, when
this is undone, rebuilds the table and drops the trigram index's triggers (0006),
so the first operation, run last then, makes them again.
"""

from django.db import migrations, models

from editing.names import SQLiteNameIndex
from pictures.library_migration import copy_rights_ends

TITLE_INDEX = SQLiteNameIndex("show_title_search", "shows_show", "search_titles")  # as in 0006


def forwards(apps, schema_editor):
    copy_rights_ends(apps, schema_editor, "shows.Show")


class Migration(migrations.Migration):

    dependencies = [
        ('shows', '0008_posters_into_library'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, TITLE_INDEX.restore),
        migrations.AddField(
            model_name='show',
            name='library_rights_until',
            field=models.DateField(blank=True, db_index=True, editable=False, null=True, verbose_name='rights end'),
        ),
        # Backwards the column goes, and with it the copies.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
