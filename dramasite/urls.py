from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.views import HomeView
from hardening.csp_reports import csp_report
from pictures.views import serve_media

from . import discovery
from .search import SearchView
from .views import favicon

# A database outage anywhere gets the 503 page; any other error the 500 page.
handler500 = "hardening.outage.server_error"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("articles.urls")),
    path("shows/", include("shows.urls")),
    path("people/", include("people.urls")),
    path("search/", SearchView.as_view(), name="search"),
    # The News sitemap comes first: "sitemap-news.xml" would otherwise be read as a section.
    path("sitemap-news.xml", discovery.news_sitemap, name="sitemap-news"),
    path("sitemap.xml", discovery.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", discovery.sitemap_section, name="sitemap-section"),
    path("robots.txt", discovery.robots_txt, name="robots"),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
    path("csp-report/", csp_report, name="csp-report"),
]

if settings.MEDIA_SERVED_BY_APP:
    # Pictures on this machine's disk, in production as in development (pictures/views.py).
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", serve_media, name="media"))
