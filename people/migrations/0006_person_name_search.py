"""SQLite: a trigram index of every person's names, kept in step by triggers (editing.names.SQLiteNameIndex).

people.search (people_named_in and search_people) found names by a LIKE over every
person: 10 and 12 ms a search at 5,000 people, against 2 at 50, so the search
page grew with the archive. PostgreSQL has had its GIN index since 0004 and gets
nothing here.
"""

from django.db import migrations

from editing.names import SQLiteNameIndex

# The table people.search reads (its NAME_INDEX).
INDEX = SQLiteNameIndex("person_name_search", "people_person", "search_names")



class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_alter_person_slug"),
    ]

    operations = [
        migrations.RunPython(INDEX.create, INDEX.drop),
    ]
