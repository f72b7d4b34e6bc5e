from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Person


class PersonSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Person.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Person.objects.aggregate(latest=Max("updated_at"))["latest"]
