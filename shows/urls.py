from django.urls import path

from . import views

app_name = "shows"

urlpatterns = [
    path("", views.ShowIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.ShowDetailView.as_view(), name="detail"),
    # Its articles' feeds (<slug>/feed/, feed/atom/) are routed by articles/urls.py.
    path("<slug:slug>/progress/", views.WatchProgressView.as_view(), name="progress"),
    path("<slug:slug>/calendar.ics", views.show_calendar, name="calendar"),
]
