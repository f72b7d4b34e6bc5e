"""Co-bylines: guest contributors, and the co-authors after an article's author; who may name them."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def grant(apps, schema_editor):
    """Writers and editors name co-authors and add guest contributors; only editors remove a contributor."""
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    rights = Permission.objects.filter(
        content_type__app_label="articles", content_type__model__in=["contributor", "articlecoauthor"]
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*rights)
    writers, _ = Group.objects.get_or_create(name="Writers")
    writers.permissions.add(*rights.exclude(codename="delete_contributor"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="articles", content_type__model__in=["contributor", "articlecoauthor"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_search_and_share_overrides"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Contributor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="As the byline shows it, e.g. “Lee Da Eun”.", max_length=120)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Their page's address: /contributors/<slug>/. Made from the name.",
                        max_length=120,
                        unique=True,
                    ),
                ),
                (
                    "bio",
                    models.CharField(
                        blank=True,
                        help_text="One line on their page, e.g. “Freelance critic based in Busan.”",
                        max_length=300,
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        blank=True,
                        help_text="Optional: their own site or profile, linked on their page.",
                        verbose_name="website",
                    ),
                ),
            ],
            options={
                "verbose_name": "guest contributor",
                "ordering": ["name", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ArticleCoAuthor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="Names run in this order after the author's: 1 comes first.",
                        verbose_name="order",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="co_authors", to="articles.article"
                    ),
                ),
                (
                    "staff",
                    models.ForeignKey(
                        blank=True,
                        help_text="A colleague with a login: they may then change the article as its author does.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="co_authored",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff member",
                    ),
                ),
                (
                    "contributor",
                    models.ForeignKey(
                        blank=True,
                        help_text="Someone without a login. Add them under Articles → Guest contributors if they are new.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="bylines",
                        to="articles.contributor",
                        verbose_name="guest contributor",
                    ),
                ),
            ],
            options={
                "verbose_name": "co-author",
                "ordering": ["position", "pk"],
                "indexes": [models.Index(fields=["staff", "article"], name="co_author_staff_idx")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("contributor__isnull", True), ("staff__isnull", False)),
                            models.Q(("contributor__isnull", False), ("staff__isnull", True)),
                            _connector="OR",
                        ),
                        name="co_author_is_staff_or_guest",
                        violation_error_message="Choose a staff member or a guest contributor, not both.",
                    ),
                    models.UniqueConstraint(
                        fields=("article", "staff"),
                        name="co_author_staff_once",
                        violation_error_message="This staff member is already in the byline.",
                    ),
                    models.UniqueConstraint(
                        fields=("article", "contributor"),
                        name="co_author_guest_once",
                        violation_error_message="This guest contributor is already in the byline.",
                    ),
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
