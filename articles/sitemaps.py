"""Sitemaps of published articles, their sections and tags, and the Google News sitemap."""

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from .models import Article, Section

# Google News takes articles from the last two days, at most 1,000 of them.
NEWS_WINDOW = dt.timedelta(hours=48)
NEWS_LIMIT = 1000


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "publish_at").order_by("-publish_at", "-pk")

    def lastmod(self, item):
        return item.modified_at

    def get_latest_lastmod(self):
        # One aggregate rather than Django's default of walking every item.
        return Article.objects.published().aggregate(latest=Max(Greatest("updated_at", "publish_at")))["latest"]


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return list(Section.values)

    def location(self, item):
        return reverse("articles:section", args=[item])


class TagSitemap(Sitemap):
    """Tags with at least one published article: the others have no page."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        # A name of only punctuation gets an empty slug from django-taggit, and no page.
        live = Tag.objects.filter(article__in=Article.objects.published()).exclude(slug="")
        return live.distinct().order_by("slug")

    def location(self, item):
        return reverse("articles:tag", args=[item.slug])


class NewsSitemap(Sitemap):
    """Articles published in the last 48 hours, for Google News (rendered by sitemaps/news.xml)."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(publish_at__gte=since)
            .only("slug", "headline", "publish_at")
            .order_by("-publish_at", "-pk")
        )
