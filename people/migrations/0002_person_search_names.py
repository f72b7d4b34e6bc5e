import django.utils.timezone
from django.db import migrations, models

from editing.names import search_key


def fill_search_names(apps, schema_editor):
    """People saved before search existed get their normalised names now."""
    Person = apps.get_model("people", "Person")
    people = list(Person.objects.all())
    for person in people:
        person.search_names = search_key(person.name, person.hangul_name, *person.alternative_names.split(","))
    Person.objects.bulk_update(people, ["search_names"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_names",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text="Every name above, lowercased without spaces or hyphens, so any romanisation finds the person.",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="updated time"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop, elidable=True),
    ]
