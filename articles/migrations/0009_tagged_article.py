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

from articles.live_from import move_article_links_from_taggit
from articles.live_from import tag_link_tables as tables


def copy_links_from_taggit(apps, schema_editor):
    # Shared with import_content, which does the same for archives exported before this migration.
    move_article_links_from_taggit(apps, schema_editor.connection)


def copy_links_back_to_taggit(apps, schema_editor):
    content_type, _ = (
        apps.get_model("contenttypes", "ContentType")
        .objects.using(schema_editor.connection.alias)
        .get_or_create(app_label="articles", model="article")
    )
    schema_editor.execute(
        "INSERT INTO {generic} (content_type_id, object_id, tag_id) "
        "SELECT %s, content_object_id, tag_id FROM {link}".format(**tables(apps, schema_editor.connection)),
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
