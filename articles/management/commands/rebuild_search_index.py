"""Build SQLite's full-text index of articles again from the articles (articles/search_index.py)."""

from django.core.management.base import BaseCommand

from articles import search_index


class Command(BaseCommand):
    help = (
        "Rebuild the SQLite full-text index of published articles (after writes that skip save(), such as "
        "QuerySet.update()). PostgreSQL keeps its own index and needs nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, database, **options):
        count = search_index.rebuild(database)
        if count is None:
            self.stdout.write(
                "PostgreSQL keeps its own search index (a generated column with a GIN index): nothing to do."
            )
        else:
            self.stdout.write(f"Indexed {count} published articles.")
