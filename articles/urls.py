from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    # Staff-only preview of unpublished articles; must come before the slug route.
    path("articles/preview/<int:pk>/", views.PreviewView.as_view(), name="preview"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
