from django.urls import path

from articles.feeds import ShowAtomFeed, ShowFeed

from . import views

app_name = "shows"

urlpatterns = [
    path("", views.ShowIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.ShowDetailView.as_view(), name="detail"),
    # The feeds belong to articles; they are routed here so they live under the show's address.
    path("<slug:slug>/feed/", ShowFeed(), name="feed"),
    path("<slug:slug>/feed/atom/", ShowAtomFeed(), name="feed-atom"),
    path("<slug:slug>/progress/", views.WatchProgressView.as_view(), name="progress"),
    path("<slug:slug>/calendar.ics", views.show_calendar, name="calendar"),
]
