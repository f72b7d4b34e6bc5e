"""Indexes that read "the articles most recently linked to this show or person" newest first.

related_articles() (articles/selectors.py) takes, per show and person of an
article, the highest article ids linked to it. Django's own indexes on these
link tables hold the show or person alone, so a busy show meant sorting all of
its links; these lead with the show or person and end with the article, so
each branch reads only its first rows. (Tags have article_tag_live_idx on
TaggedArticle, migration 0009.)

The link tables are Django's automatic many-to-many tables, which have no Meta
to declare an index in: plain SQL, the same on SQLite and PostgreSQL.
"""

from django.db import migrations

INDEXES = [
    ("articles_article_shows", "articles_show_newest_idx", "show_id, article_id"),
    ("articles_article_people", "articles_person_newest_idx", "person_id, article_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_tagged_article"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX {name} ON {table} ({columns})",
            reverse_sql=f"DROP INDEX {name}",
        )
        for table, name, columns in INDEXES
    ]
