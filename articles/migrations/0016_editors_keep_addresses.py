"""Addresses that keep working: editors see, add and remove redirects (addresses.Redirect).

Writers and moderators get no right on them. The slug's help text now says a
changed address leaves a redirect (addresses/registry.py).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

RIGHTS = ["view_redirect", "add_redirect", "change_redirect", "delete_redirect"]


def grant(apps, schema_editor):
    # Rights for a new app's models are normally made after migrate; make them now.
    app_config = apps.get_app_config("addresses")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="addresses", codename__in=RIGHTS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="addresses"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_sqlite_planner_statistics"),
        ("addresses", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.AlterField(
            model_name="article",
            name="slug",
            field=models.SlugField(
                help_text=(
                    "The article's address. Change it freely: once the article is live, the old address leads here."
                ),
                max_length=200,
                unique=True,
            ),
        ),
    ]
