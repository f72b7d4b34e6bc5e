from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Show


class ShowSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Show.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Show.objects.aggregate(latest=Max("updated_at"))["latest"]
