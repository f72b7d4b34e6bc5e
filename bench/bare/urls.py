"""The bare project's two views, at the same paths as in the site's bench settings."""

from django.urls import path

from bench import views

urlpatterns = [
    path("__bench__/ok", views.ok),
    path("__bench__/template", views.template),
]
