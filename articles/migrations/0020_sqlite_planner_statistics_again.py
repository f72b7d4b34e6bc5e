"""SQLite only: write the article indexes' planner statistics again, after 0019 remade the table.

Adding a NOT NULL column with a default (0019's spoiler-free teaser) makes
Django rebuild the article table on SQLite, and the rebuild drops the
sqlite_stat1 rows of its indexes that 0015 wrote: the planner went back to
reading "these twenty articles by id" through article_live_idx
(tests/test_indexes.py caught it). Any later migration that rebuilds a table
named in 0015's SHAPE must do the same. The new take-down index holds only
articles with a take-down time: a few rows.
"""

import importlib

from django.db import migrations

planner_statistics = importlib.import_module("articles.migrations.0015_sqlite_planner_statistics")

SHAPE = [*planner_statistics.SHAPE, ("articles_article", "article_take_down_idx", "100 1")]


def write_statistics(apps, schema_editor):
    planner_statistics.write_statistics(apps, schema_editor, shape=SHAPE)


def forget_take_down_statistics(apps, schema_editor):
    planner_statistics.forget_statistics(apps, schema_editor, shape=SHAPE[-1:])


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_spoiler_free_teaser")]

    operations = [migrations.RunPython(write_statistics, forget_take_down_statistics)]
