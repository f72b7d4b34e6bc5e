"""Article.shows and Article.people get through models that carry a copy of each article's publish time.

A show or person page lists its newest live articles. With the date only on
the article, the planner walked the live articles newest first and tested each
for the link: for a show whose articles are all old, most of the archive
(~300 ms at 100,000 articles). ArticleShow and ArticlePerson, like
TaggedArticle for tags (migration 0009), carry live_from and an index in the
listing's order (see ArticleQuerySet.about_show).

The tables stay Django's many-to-many tables, with their columns, unique
constraint and 0010's indexes (now declared on the models): only the state
learns the through models. Django's single-column indexes on the two keys are
dropped (each is the start of another index). Then the column is added, filled
with one UPDATE per table, and indexed after. Undoing it drops the new indexes
and the column, rebuilds Django's, and hands the tables back to Django's
automatic through models.
"""

import django.db.models.deletion
from django.db import migrations, models

LINK_MODELS = ("ArticleShow", "ArticlePerson")


def copy_live_times(apps, schema_editor):
    """live_from = the article's publish time while it is Published, else NULL (Article.live_from).

    Tables from this migration's app registry and plain SQL, so it runs as it did whatever the models become.
    """
    quote = schema_editor.connection.ops.quote_name
    article = quote(apps.get_model("articles", "Article")._meta.db_table)
    for model_name in LINK_MODELS:
        link = quote(apps.get_model("articles", model_name)._meta.db_table)
        # The new column is NULL everywhere: only links of Published articles are written.
        schema_editor.execute(
            f"UPDATE {link} SET live_from = ("  # noqa: S608 (names from models)
            f"SELECT a.publish_at FROM {article} a WHERE a.id = {link}.article_id) "
            f"WHERE article_id IN (SELECT id FROM {article} WHERE status = %s)",
            params=["published"],
        )


def live_from():
    return models.DateTimeField(
        editable=False, help_text="The article's publish time while it is Published, else empty.", null=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_link_newest_first_indexes"),
        ("people", "0003_person_version"),
        ("shows", "0003_show_version"),
    ]

    operations = [
        # The tables exist (Django made them for the many-to-many fields): state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ArticleShow",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="show_links",
                                to="articles.article",
                            ),
                        ),
                        (
                            "show",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="article_links",
                                to="shows.show",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "article show",
                        "db_table": "articles_article_shows",
                        "unique_together": {("article", "show")},
                        "indexes": [models.Index(fields=["show", "article"], name="articles_show_newest_idx")],
                    },
                ),
                migrations.CreateModel(
                    name="ArticlePerson",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="person_links",
                                to="articles.article",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="article_links",
                                to="people.person",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "article person",
                        "db_table": "articles_article_people",
                        "unique_together": {("article", "person")},
                        "indexes": [models.Index(fields=["person", "article"], name="articles_person_newest_idx")],
                    },
                ),
                migrations.AlterField(
                    model_name="article",
                    name="shows",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="Shows this article is about.",
                        related_name="articles",
                        through="articles.ArticleShow",
                        to="shows.show",
                    ),
                ),
                migrations.AlterField(
                    model_name="article",
                    name="people",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="People this article is about.",
                        related_name="articles",
                        through="articles.ArticlePerson",
                        to="people.person",
                    ),
                ),
            ],
        ),
        # Django's single-column indexes go: the unique constraint leads with the article, 0010's index and
        # the new one with the show or person.
        *(
            migrations.AlterField(
                model_name=model_name,
                name=name,
                field=models.ForeignKey(
                    db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name=related_name, to=to
                ),
            )
            for model_name, name, related_name, to in [
                ("articleshow", "article", "show_links", "articles.article"),
                ("articleshow", "show", "article_links", "shows.show"),
                ("articleperson", "article", "person_links", "articles.article"),
                ("articleperson", "person", "article_links", "people.person"),
            ]
        ),
        migrations.AddField(model_name="articleshow", name="live_from", field=live_from()),
        migrations.AddField(model_name="articleperson", name="live_from", field=live_from()),
        # Undone, the column goes with RemoveField: nothing to copy back.
        migrations.RunPython(copy_live_times, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="articleshow",
            index=models.Index(fields=["show", "-live_from", "-article"], name="article_show_live_idx"),
        ),
        migrations.AddIndex(
            model_name="articleperson",
            index=models.Index(fields=["person", "-live_from", "-article"], name="article_person_live_idx"),
        ),
    ]
