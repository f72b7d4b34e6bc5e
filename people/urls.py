from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.PersonIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.PersonDetailView.as_view(), name="detail"),
    # Its articles' feeds (<slug>/feed/, feed/atom/) are routed by articles/urls.py.
]
