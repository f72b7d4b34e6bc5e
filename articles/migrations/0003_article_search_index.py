"""A GIN index over the articles' weighted search vector, on PostgreSQL only.

The index is on an expression (articles.search.article_search_vector), so
queries that filter on the same expression use it. SQLite has no GIN indexes
and searches another way, so there this migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from articles.search import article_search_vector

# Named here, not imported: articles.search now names the index of migration 0007.
INDEX_NAME = "article_search_vector_idx"


def _index():
    return GinIndex(article_search_vector(), name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), _index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), _index())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_editorial_groups"),
    ]

    operations = [
        migrations.RunPython(add_index, remove_index),
    ]
