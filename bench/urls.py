"""The site's URLs plus the two reference views. Used only by bench.settings."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("__bench__/ok", views.ok, name="bench-ok"),
    path("__bench__/template", views.template, name="bench-template"),
    path("", include("dramasite.urls")),
]
