"""`publish_storm`: an editor publishing one article a second, for make bench's publish-storm run.

Each new article is about the show of the article the bench measures (so that
page changes with every publish, as the home page does), saved through the
model like an editor's publish, so every signal and page-cache bump runs.
Prints "ready" once set up, then publishes --count articles, one a second,
then waits for a line on standard input (the bench's load is over) and deletes
what it published, printing how many it was.
"""

import sys
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import resolve
from django.utils import timezone

from articles.models import Article, Status


class Command(BaseCommand):
    help = "Publish one article a second about the show of the article at --about (bench only)."

    def add_arguments(self, parser):
        parser.add_argument("--about", required=True, help="the address of a live article")
        parser.add_argument("--count", type=int, default=10)
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, about, count, interval, **options):
        model = Article.objects.published().get(slug=resolve(about).kwargs["slug"])
        shows, people = list(model.shows.all()), list(model.people.all())
        print("ready", flush=True)
        published = []
        next_at = time.monotonic()
        for number in range(count):
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at += interval
            with transaction.atomic():
                article = Article.objects.create(
                    headline=f"Storm bulletin {number + 1}: {model.headline}"[:200],
                    slug=f"publish-storm-{timezone.now():%Y%m%d%H%M%S%f}-{number}",
                    dek=model.dek,
                    body=model.body,
                    section=model.section,
                    author=model.author,
                    status=Status.PUBLISHED,
                    publish_at=timezone.now(),
                )
                article.shows.set(shows)
                article.people.set(people)
            published.append(article.pk)
        sys.stdin.readline()
        for article in Article.objects.filter(pk__in=published):
            article.delete()
        print(len(published), flush=True)
