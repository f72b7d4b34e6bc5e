"""Indexes that read "the articles most recently linked to this show, person or tag" newest first.

related_articles() (articles/selectors.py) takes, per show, person and tag of
an article, the highest article ids linked to it. Django's own indexes on
these link tables lead with the article (or hold the tag alone), so a busy tag
meant sorting all of its thousands of links; these lead with the show, person
or tag and end with the article, so each branch reads only its first rows.

The two article link tables are Django's automatic many-to-many tables and
taggit's table belongs to taggit, so neither has a Meta to declare an index
in: plain SQL, the same on SQLite and PostgreSQL.
"""

from django.db import migrations

INDEXES = [
    ("articles_article_shows", "articles_show_newest_idx", "show_id, article_id"),
    ("articles_article_people", "articles_person_newest_idx", "person_id, article_id"),
    ("taggit_taggeditem", "articles_tag_newest_idx", "tag_id, content_type_id, object_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_listing_indexes"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX {name} ON {table} ({columns})",
            reverse_sql=f"DROP INDEX {name}",
        )
        for table, name, columns in INDEXES
    ]
