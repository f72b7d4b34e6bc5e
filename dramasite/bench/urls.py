"""The site's URLs plus the two reference views. Used only by dramasite.bench.settings."""

from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

from dramasite.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("__bench__/ok", views.ok, name="bench-ok"),
    path("__bench__/template", views.template, name="bench-template"),
    *site_urlpatterns,
    # In production a front server serves uploads. The bench has none, so pictures (which Lighthouse
    # loads) come from Django here; wrk never requests them.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
