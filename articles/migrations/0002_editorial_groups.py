"""Create the newsroom's groups: Writers, Editors and Moderators.

Baseline model permissions only. Rules that depend on the row (a writer may
edit only their own unpublished work; moderators only spoiler fields) are
enforced in the admin code, not here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_APPS = ["articles", "shows", "people", "taggit"]
MEDIA_MODELS = ["articleimage", "pullquote", "videoembed"]
REFERENCE_MODELS = {
    "shows": ["show", "network", "streamingservice", "availability", "airslot", "episode", "genre"],
    "people": ["person", "credit"],
    "taggit": ["tag"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally made after migrate; make them now so the
    # groups can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(Permission.objects.filter(content_type__app_label__in=CONTENT_APPS))

    writers, _ = Group.objects.get_or_create(name="Writers")
    # Writers may remove a picture, quote or video they attached; deleting
    # whole articles stays with editors.
    writer_perms = Permission.objects.filter(
        content_type__app_label="articles", content_type__model="article", codename__regex=r"^(add|change|view)_"
    ) | Permission.objects.filter(content_type__app_label="articles", content_type__model__in=MEDIA_MODELS)
    for app_label, models in REFERENCE_MODELS.items():
        writer_perms = writer_perms | Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models, codename__startswith="view_"
        )
    writers.permissions.set(writer_perms)

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.set(Permission.objects.filter(content_type__app_label="articles", codename="view_article"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writers", "Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("shows", "0001_initial"),
        ("people", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
