"""PostgreSQL: a trigram index on each show's stored titles, for "whose titles hold these words?".

shows.search.search_shows (editing.names.named_first) keeps the shows whose stored
key holds every word of the query, a LIKE '%word%' that no B-tree or array index
answers: at 500 shows the scan took 1 ms of each search. pg_trgm's GIN operator
class answers it from the index, as SQLite's FTS5 trigram table does (0006).
pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner
may create it. Undone, the index goes and the extension stays (people uses it too).
"""

from django.db import migrations

from editing.names import PostgresStatements

# fastupdate off: rows written in bulk (an import, the benchmark's seeder) would otherwise wait in
# the index's pending list, which every search reads in full until a vacuum, slower than the table.
EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
CREATE = "CREATE INDEX IF NOT EXISTS show_search_titles_trgm ON shows_show USING gin (search_titles gin_trgm_ops) WITH (fastupdate = off)"
DROP = "DROP INDEX IF EXISTS show_search_titles_trgm"

TRIGRAM_INDEX = PostgresStatements(forwards=[EXTENSION, CREATE], backwards=[DROP])


class Migration(migrations.Migration):
    dependencies = [
        ("shows", "0009_library_rights_until"),
    ]

    operations = [
        migrations.RunPython(TRIGRAM_INDEX.apply, TRIGRAM_INDEX.undo),
    ]
