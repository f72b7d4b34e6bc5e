"""SQLite: a trigram index of every show's titles, kept in step by triggers (editing.names.SQLiteNameIndex).

shows.search (shows_named_in and search_shows) found titles by a LIKE over every
show, the scan people migration 0006 removes at a tenth of its size. PostgreSQL has
had its GIN index since 0004 and gets nothing here.
"""

from django.db import migrations

from editing.names import SQLiteNameIndex

# The table shows.search reads (its TITLE_INDEX).
INDEX = SQLiteNameIndex("show_title_search", "shows_show", "search_titles")



class Migration(migrations.Migration):
    dependencies = [
        ("shows", "0005_alter_show_slug"),
    ]

    operations = [
        migrations.RunPython(INDEX.create, INDEX.drop),
    ]
