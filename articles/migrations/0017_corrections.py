"""Corrections, clarifications and updates on live articles, and who may write them."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def grant(apps, schema_editor):
    """Editors add, change and remove corrections; writers read them on their articles; moderators nothing."""
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    rights = Permission.objects.filter(content_type__app_label="articles", content_type__model="correction")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*rights)
    writers, _ = Group.objects.get_or_create(name="Writers")
    writers.permissions.add(*rights.filter(codename="view_correction"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="articles", content_type__model="correction").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_editors_keep_addresses"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Correction",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("correction", "Correction"),
                            ("clarification", "Clarification"),
                            ("update", "Update"),
                        ],
                        default="correction",
                        max_length=13,
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="Shown to readers as written: say what was wrong and what is right, or what is new.",
                        max_length=1000,
                    ),
                ),
                (
                    "noted_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        help_text="In Korean time (KST). The date readers see on the note.",
                        verbose_name="dated",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="corrections", to="articles.article"
                    ),
                ),
                (
                    "noted_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "correction or update",
                "verbose_name_plural": "corrections and updates",
                "ordering": ["noted_at", "pk"],
                "indexes": [models.Index(fields=["-noted_at", "-id"], name="correction_newest_idx")],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
