"""People's portraits come from the photo library (pictures.models).

Undoing it makes Django rebuild people_person on SQLite, which drops the
triggers of the names' trigram index (0006): the first operation, run last
when undoing, makes them again.
"""

import django.db.models.deletion
from django.db import migrations, models

from editing.names import SQLiteNameIndex

NAME_INDEX = SQLiteNameIndex("person_name_search", "people_person", "search_names")  # as in 0006


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0006_person_name_search'),
        ('pictures', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, NAME_INDEX.restore),
        migrations.AddField(
            model_name='person',
            name='library_photo',
            field=models.ForeignKey(blank=True, help_text='Pick a photo already in the library, or upload a new one.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='pictures.photo', verbose_name='photo from the library'),
        ),
    ]
