"""Shows' posters come from the photo library (pictures.models); the poster keeps a copy of its credit.

Adding poster_credit makes Django rebuild shows_show on SQLite, which drops the
triggers of the titles' trigram index (0006): they are made again here, and by
the first operation, run last, when it is undone (which rebuilds it again).
"""

import django.db.models.deletion
from django.db import migrations, models

from editing.names import SQLiteNameIndex

TITLE_INDEX = SQLiteNameIndex("show_title_search", "shows_show", "search_titles")  # as in 0006


class Migration(migrations.Migration):

    dependencies = [
        ('pictures', '0001_initial'),
        ('shows', '0006_show_title_search'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, TITLE_INDEX.restore),
        migrations.AddField(
            model_name='show',
            name='library_photo',
            field=models.ForeignKey(blank=True, help_text='Pick a photo already in the library, or upload a new one.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='pictures.photo', verbose_name='photo from the library'),
        ),
        migrations.AddField(
            model_name='show',
            name='poster_credit',
            field=models.CharField(blank=True, db_default='', default='', help_text='Who made the poster or where it comes from, e.g. “tvN”.', max_length=200),
        ),
        migrations.RunPython(TITLE_INDEX.restore, migrations.RunPython.noop),
    ]
