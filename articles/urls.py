from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    # Staff-only preview of unpublished articles; must come before the slug route.
    path("articles/preview/<int:pk>/", views.PreviewView.as_view(), name="preview"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("section/<slug:section>/", views.SectionView.as_view(), name="section"),
    # Tag slugs keep Hangul (django-taggit slugifies with allow_unicode), so not <slug:>.
    path("tags/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("authors/<str:username>/", views.AuthorView.as_view(), name="author"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("section/<slug:section>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("section/<slug:section>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("tags/<str:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tags/<str:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("authors/<str:username>/feed/", feeds.AuthorFeed(), name="author-feed"),
    path("authors/<str:username>/feed/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
    path("articles/<slug:slug>/report/", views.report_spoiler, name="report"),
]
