"""The newsroom's roles, exactly: spoiler moderation, its audit log and readers' reports.

Group rights after this migration (row rules, such as "a writer only on their
own unpublished articles", are enforced by articles/roles.py and the admin):

- Editors: every right on articles, shows, people and tags, including
  `publish_article`; the spoiler audit log is read-only for everyone.
- Writers: add, change and view articles; add, change, delete and view their
  images, pull quotes and videos; view shows, people and tags.
- Moderators: view and change on the spoiler moderation screen (a proxy of
  Article) and on reader reports; view the audit log; view shows (for the
  show picker). No right on the plain article admin.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

READ_ONLY_FOR_ALL = ["add_spoilerchange", "change_spoilerchange", "delete_spoilerchange"]
NOBODY = ["add_spoilermoderation", "delete_spoilermoderation", "add_spoilerreport"]
MODERATOR_RIGHTS = [
    ("articles", "view_spoilermoderation"),
    ("articles", "change_spoilermoderation"),
    ("articles", "view_spoilerreport"),
    ("articles", "change_spoilerreport"),
    ("articles", "view_spoilerchange"),
    ("shows", "view_show"),
]


def set_rights(apps, schema_editor):
    # Rights for the new models are normally made after migrate; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["articles", "shows", "people", "taggit"]).exclude(
            content_type__app_label="articles", codename__in=READ_ONLY_FOR_ALL + NOBODY
        )
    )

    writers, _ = Group.objects.get_or_create(name="Writers")
    # Unchanged from 0002 except that the new models give writers nothing.
    writers.permissions.remove(*Permission.objects.filter(codename="publish_article"))

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    rights = Permission.objects.none()
    for app_label, codename in MODERATOR_RIGHTS:
        rights = rights | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    moderators.permissions.set(rights)


def restore_rights(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators:
        moderators.permissions.set(
            Permission.objects.filter(content_type__app_label="articles", codename="view_article")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_article_search_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("shows", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SpoilerModeration",
            fields=[],
            options={
                "verbose_name": "spoiler moderation",
                "verbose_name_plural": "spoiler moderation",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("articles.article",),
        ),
        migrations.AlterModelOptions(
            name="article",
            options={
                "ordering": ["-publish_at", "-pk"],
                "permissions": [("publish_article", "Can publish, schedule and unpublish articles")],
            },
        ),
        migrations.CreateModel(
            name="SpoilerChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="when")),
                ("source", models.CharField(help_text="Where the change was made.", max_length=40)),
                ("before", models.JSONField()),
                ("after", models.JSONField()),
                ("reason", models.CharField(blank=True, max_length=300)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="spoiler_changes",
                        to="articles.article",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty when the change came from code or the shell.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-at", "-pk"],
                "get_latest_by": "at",
            },
        ),
        migrations.CreateModel(
            name="SpoilerReport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("message", models.TextField(help_text="What the reader says is spoiled.", max_length=1000)),
                (
                    "episode",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="The episode the reader says is spoiled, if they gave one.", null=True
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="reported"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("resolved", "Resolved")],
                        db_index=True,
                        default="open",
                        max_length=10,
                    ),
                ),
                ("resolved_at", models.DateTimeField(blank=True, null=True)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="spoiler_reports",
                        to="articles.article",
                    ),
                ),
                (
                    "resolved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "spoiler report",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.RunPython(set_rights, restore_rights),
    ]
