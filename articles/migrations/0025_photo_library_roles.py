"""Who may use the photo library: writers find, place and upload photos; editors also correct, replace and remove them.

Changing a photo changes every page it is on, live ones included, so it is an
editor's right, like publishing. Moderators get nothing here. The grant lives
with the newsroom's other roles (0002, 0004, 0016, 0017, 0022), after the
groups exist, rather than in the pictures building block.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("pictures")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    rights = Permission.objects.filter(content_type__app_label="pictures", content_type__model="photo")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*rights)
    writers, _ = Group.objects.get_or_create(name="Writers")
    writers.permissions.add(*rights.filter(codename__in=["view_photo", "add_photo"]))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="pictures", content_type__model="photo").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0024_images_into_library"),
        ("pictures", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
