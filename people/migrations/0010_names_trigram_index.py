"""PostgreSQL: a trigram index on each person's stored names, for "whose names hold these words?".

people.search.search_people (editing.names.named_first) keeps the people whose
stored key holds every word of the query, a LIKE '%word%' that no B-tree or array
index answers: at 5,000 people the scan took 2 ms of each search. pg_trgm's GIN
operator class answers it from the index, as SQLite's FTS5 trigram table does
(0006). The extension is created by shows 0010.
"""

from django.db import migrations

from editing.names import PostgresStatements

# fastupdate off: rows written in bulk (an import, the benchmark's seeder) would otherwise wait in
# the index's pending list, which every search reads in full until a vacuum, slower than the table.
EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
CREATE = "CREATE INDEX IF NOT EXISTS person_search_names_trgm ON people_person USING gin (search_names gin_trgm_ops) WITH (fastupdate = off)"
DROP = "DROP INDEX IF EXISTS person_search_names_trgm"

TRIGRAM_INDEX = PostgresStatements(forwards=[EXTENSION, CREATE], backwards=[DROP])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0009_library_rights_until"),
        ("shows", "0010_titles_trigram_index"),
    ]

    operations = [
        migrations.RunPython(TRIGRAM_INDEX.apply, TRIGRAM_INDEX.undo),
    ]
