"""The site's URLs plus the two reference views. Used only by dramasite.bench.settings."""

from django.urls import path

from dramasite.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("__bench__/ok", views.ok, name="bench-ok"),
    path("__bench__/template", views.template, name="bench-template"),
    *site_urlpatterns,
]
