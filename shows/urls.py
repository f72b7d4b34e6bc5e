from django.urls import path

from . import views

app_name = "shows"

urlpatterns = [
    path("", views.ShowIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.ShowDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.show_calendar, name="calendar"),
]
