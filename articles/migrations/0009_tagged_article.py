"""Article tags move from taggit's generic link table to their own, with a copy of each article's publish time.

The tag page lists a tag's live articles newest first. Through the generic
table (content type, object id, tag) the date lives only on the article, so
each page fetched and sorted every article of the tag; TaggedArticle carries
the date and an index in the listing's order (see ArticleQuerySet.tagged).
The rows are copied with one INSERT … SELECT and the index is built after
them; undoing the migration copies them back.
"""

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models


def _tables(apps, schema_editor):
    quote = schema_editor.quote_name
    return {
        "link": quote(apps.get_model("articles", "TaggedArticle")._meta.db_table),
        "generic": quote(apps.get_model("taggit", "TaggedItem")._meta.db_table),
        "article": quote(apps.get_model("articles", "Article")._meta.db_table),
    }


def copy_links_from_taggit(apps, schema_editor):
    content_type = (
        apps.get_model("contenttypes", "ContentType")
        .objects.using(schema_editor.connection.alias)
        .filter(app_label="articles", model="article")
        .first()
    )
    if content_type is None:  # a new database: nothing has been tagged yet
        return
    # Links to deleted articles (the generic table has no foreign key) are left behind and removed.
    schema_editor.execute(
        "INSERT INTO {link} (tag_id, content_object_id, live_from) "
        "SELECT g.tag_id, a.id, CASE WHEN a.status = %s THEN a.publish_at END "
        "FROM {generic} g INNER JOIN {article} a ON a.id = g.object_id "
        "WHERE g.content_type_id = %s".format(**_tables(apps, schema_editor)),
        params=["published", content_type.pk],
    )
    schema_editor.execute(
        "DELETE FROM {generic} WHERE content_type_id = %s".format(**_tables(apps, schema_editor)),
        params=[content_type.pk],
    )


def copy_links_back_to_taggit(apps, schema_editor):
    content_type, _ = (
        apps.get_model("contenttypes", "ContentType")
        .objects.using(schema_editor.connection.alias)
        .get_or_create(app_label="articles", model="article")
    )
    schema_editor.execute(
        "INSERT INTO {generic} (content_type_id, object_id, tag_id) "
        "SELECT %s, content_object_id, tag_id FROM {link}".format(**_tables(apps, schema_editor)),
        params=[content_type.pk],
    )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_listing_indexes'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.CreateModel(
            name='TaggedArticle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('live_from', models.DateTimeField(editable=False, help_text="The article's publish time while it is Published, else empty.", null=True)),
                ('content_object', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='tag_links', to='articles.article')),
                ('tag', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='tagged_articles', to='taggit.tag')),
            ],
            options={
                'verbose_name': 'article tag',
            },
        ),
        migrations.RunPython(copy_links_from_taggit, copy_links_back_to_taggit, elidable=False),
        migrations.AddIndex(
            model_name='taggedarticle',
            index=models.Index(fields=['tag', '-live_from', '-content_object'], name='article_tag_live_idx'),
        ),
        migrations.AddConstraint(
            model_name='taggedarticle',
            constraint=models.UniqueConstraint(fields=('content_object', 'tag'), name='article_tag_unique'),
        ),
        migrations.AlterField(
            model_name='article',
            name='tags',
            field=taggit.managers.TaggableManager(blank=True, help_text='Comma-separated. Reuse existing tags where you can.', through='articles.TaggedArticle', to='taggit.Tag', verbose_name='Tags'),
        ),
    ]
