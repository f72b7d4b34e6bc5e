"""How crawlers find the site: the sitemap index, the News sitemap and robots.txt."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.sitemaps import ArticleSitemap, NewsSitemap, SectionSitemap, TagSitemap
from pagecache import pages
from people.sitemaps import PersonSitemap
from shows.sitemaps import ShowSitemap

SITEMAPS = {
    "articles": ArticleSitemap,
    "shows": ShowSitemap,
    "people": PersonSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
}

# Preview and other staff-only addresses crawlers must not try.
DISALLOWED = ["/admin/", "/articles/preview/"]


# Sitemaps list every live article, show, person, section and tag.
SITEMAP_TAGS = ("articles", "shows", "people")


# Crawler files are read-only: anything but GET/HEAD is 405, like the reader's pages.
@require_safe
def sitemap_index(request):
    pages.depends_on(request, *SITEMAP_TAGS)
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")


@require_safe
def sitemap_section(request, section):
    pages.depends_on(request, *SITEMAP_TAGS)
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@require_safe
def news_sitemap(request):
    pages.depends_on(request, *SITEMAP_TAGS)
    return sitemap_views.sitemap(request, {"news": NewsSitemap}, template_name="sitemaps/news.xml")


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    for name in ("sitemap", "sitemap-news"):
        lines.append(f"Sitemap: {request.build_absolute_uri(reverse(name))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
