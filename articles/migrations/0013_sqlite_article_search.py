"""SQLite only: the FTS5 full-text index of articles (articles/search_index.py), filled from the articles.

PostgreSQL has its generated tsvector column and GIN index (0007) and gets nothing here.
"""

from django.db import migrations

TABLE = "article_search"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from articles import search_index

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(search_index.CREATE)
    # What a reader may see unspoiled, from the article rows as they are at this migration.
    search_index.rebuild(schema_editor.connection.alias, apps.get_model("articles", "Article"))


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_related_reads_dated_link_indexes")]

    operations = [migrations.RunPython(create_index, drop_index)]
