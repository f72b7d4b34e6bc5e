"""SQLite only: tell the query planner how selective the article indexes are.

Without statistics (SQLite keeps none until someone runs ANALYZE, and Django
never does) the planner assumes an equality on an indexed column matches about
ten rows. It then reads "status = published" through article_live_idx, which is
most of the table, in preference to the primary key, even for the twenty
articles of a search page or the four related stories picked by id: 34 ms
instead of 6 ms at 100,000 articles.

These rows describe the tables' shape, not their size (three statuses, five
sections, a few thousand authors' worth of articles each; SQLite's "Manual
Control Of Query Plans Using SQLITE_STAT Tables"), so they hold for the demo
and for a large archive. A full ANALYZE would replace them with measured ones
for every table, which sent the home page and the feed the wrong way at
100,000 articles (docs/performance.md, "Where the goals stand"). PostgreSQL
keeps its own statistics (autovacuum) and gets nothing here. tests/test_indexes.py checks the plans that depend on them.
"""

from django.db import migrations

# (table, index, stat): rows in the table, then rows per distinct value of each leading column prefix.
SHAPE = [
    ("articles_article", "article_live_idx", "100000 33334 1"),
    ("articles_article", "article_section_live_idx", "100000 20000 6667 1"),
    ("articles_article", "article_author_live_idx", "100000 2440 814 1"),
    ("articles_article", "article_admin_order_idx", "100000 1 1"),
    ("articles_article_shows", "article_show_live_idx", "120000 240 1 1"),
    ("articles_article_people", "article_person_live_idx", "100000 50 1 1"),
    ("articles_taggedarticle", "article_tag_live_idx", "230000 425 1 1"),
]


def write_statistics(apps, schema_editor, shape=SHAPE):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        # ANALYZE of one small table creates sqlite_stat1 if it is missing.
        cursor.execute("ANALYZE django_migrations")
        for table, index, stat in shape:
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s AND idx = %s", [table, index])
            cursor.execute("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)", [table, index, stat])
        # The planner reads sqlite_stat1 when the schema loads: reload it now.
        cursor.execute("ANALYZE sqlite_schema")


def forget_statistics(apps, schema_editor, shape=SHAPE):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, index, _ in shape:
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s AND idx = %s", [table, index])


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_review_queue_and_notes")]

    operations = [migrations.RunPython(write_statistics, forget_statistics)]
