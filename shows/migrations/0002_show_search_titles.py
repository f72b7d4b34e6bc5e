import django.utils.timezone
from django.db import migrations, models

from editing.names import search_key


def fill_search_titles(apps, schema_editor):
    """Shows saved before search existed get their normalised titles now."""
    Show = apps.get_model("shows", "Show")
    shows = list(Show.objects.all())
    for show in shows:
        show.search_titles = search_key(show.title, show.original_title)
    Show.objects.bulk_update(shows, ["search_titles"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("shows", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="show",
            name="search_titles",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text="Both titles, lowercased without spaces or punctuation, for search.",
            ),
        ),
        migrations.AddField(
            model_name="show",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="updated time"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_search_titles, migrations.RunPython.noop, elidable=True),
    ]
