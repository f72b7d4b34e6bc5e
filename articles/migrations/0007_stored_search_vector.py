"""Search reads a stored tsvector column instead of an expression index (PostgreSQL only).

Migration 0003 indexed the weighted vector as an expression. The GIN index could
find matches, but ranking them (ts_rank) and rechecking lossy index pages
recomputed to_tsvector over every matching body, so a common word at 100,000
articles took seconds. A generated column keeps the same vector, computed once
per write, and a GIN index on the column answers `@@`; ranking reads the
stored vector. The expression is the one 0003 indexed (articles.search): the
headline (A), the dek unless the article has spoilers (B), the body unless it
has spoilers, with inline spoilers cut out (C). SQLite searches another way, so
there this migration does nothing, and the column is not a model field:
Django never writes it, PostgreSQL keeps it current.
"""

from django.db import migrations

COLUMN_SQL = r"""
ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig,
        COALESCE(CASE WHEN has_spoilers THEN '' ELSE dek END, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(regexp_replace(
        CASE WHEN has_spoilers THEN '' ELSE body END, '<span class="spoiler">.*?</span>', ' ', 'g'), '')), 'C')
) STORED;
-- Search: `search_vector @@ query` for published articles (articles.search.search_articles).
-- fastupdate off: new rows go straight into the index instead of a pending list that
-- only VACUUM flushes and that makes the planner price the index as slow after bulk loads.
CREATE INDEX article_search_vector_col_idx ON articles_article USING gin (search_vector) WITH (fastupdate = off);
DROP INDEX IF EXISTS article_search_vector_idx;
-- Statistics for the new column, so the planner knows how common each word is.
ANALYZE articles_article;
"""

REVERSE_SQL = """
DROP INDEX IF EXISTS article_search_vector_col_idx;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COLUMN_SQL)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE_SQL)
        # 0003's expression index comes back with 0003's reverse path; rebuild it here.
        from django.contrib.postgres.indexes import GinIndex

        from articles.search import article_search_vector

        index = GinIndex(article_search_vector(), name="article_search_vector_idx")
        schema_editor.add_index(apps.get_model("articles", "Article"), index)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_publish_at_help_kst"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
