from django.urls import path

from articles.feeds import PersonAtomFeed, PersonFeed

from . import views

app_name = "people"

urlpatterns = [
    path("", views.PersonIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.PersonDetailView.as_view(), name="detail"),
    # The feeds belong to articles; they are routed here so they live under the person's address.
    path("<slug:slug>/feed/", PersonFeed(), name="feed"),
    path("<slug:slug>/feed/atom/", PersonAtomFeed(), name="feed-atom"),
]
