from django.core.management.base import BaseCommand

from pagecache import pages


class Command(BaseCommand):
    help = "Mark every cached page stale (after bulk changes that skip model signals, or a cache outage)."

    def handle(self, *args, **options):
        if not pages.bump_everything():
            self.stderr.write("The cache did not answer; nothing was marked stale.")
            raise SystemExit(1)
        self.stdout.write("Every cached page is stale; each is rendered afresh on its next request.")
