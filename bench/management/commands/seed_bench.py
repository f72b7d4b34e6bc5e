"""Fill a benchmark database: manage.py seed_bench --articles 100000 --people 5000 --shows 500."""

import time

from django.core.management.base import BaseCommand, CommandError

from bench import seed


class Command(BaseCommand):
    help = (
        "Fill an empty database with a large, consistent newsroom for benchmarks (bulk inserts). "
        "--flush first empties every content table: use it only on a benchmark database."
    )

    def add_arguments(self, parser):
        defaults = seed.Counts()
        parser.add_argument("--articles", type=int, default=defaults.articles)
        parser.add_argument("--people", type=int, default=defaults.people)
        parser.add_argument("--shows", type=int, default=defaults.shows)
        parser.add_argument("--seed", type=int, default=defaults.seed, help="Same seed, same data.")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Delete all articles, shows, people, tags and bench accounts first.",
        )
        parser.add_argument(
            "--editor-password",
            default="",
            help=f"Lets {seed.BENCH_EDITOR} (an editor) log in, e.g. to time the admin. Empty: no login.",
        )

    def handle(self, *args, **options):
        counts = seed.Counts(
            articles=options["articles"], people=options["people"], shows=options["shows"], seed=options["seed"]
        )
        if counts.shows < 1 or counts.people < 1 or counts.articles < 0:
            raise CommandError("Need at least one show and one person, and zero or more articles.")
        started = time.monotonic()
        if options["flush"]:
            seed.flush()
        progress = self.stderr if options["verbosity"] > 0 else None
        try:
            made = seed.seed(counts, editor_password=options["editor_password"] or None, progress=progress)
        except seed.ContentExists as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {made['articles']} articles ({made['published']} live), {made['shows']} shows, "
                f"{made['people']} people, {made['tags']} tags in {time.monotonic() - started:.1f}s."
            )
        )
