from django.urls import path, register_converter

from hardening.converters import TextConverter

from . import feeds, views

app_name = "articles"

register_converter(TextConverter, "text")

urlpatterns = [
    # Staff-only preview of unpublished articles; must come before the slug route.
    path("articles/preview/<int:pk>/", views.PreviewView.as_view(), name="preview"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("section/<slug:section>/", views.SectionView.as_view(), name="section"),
    # Tag slugs keep Hangul (django-taggit slugifies with allow_unicode), so not <slug:>;
    # <text:> is <str:> without control characters (hardening/converters.py).
    path("tags/<text:slug>/", views.TagView.as_view(), name="tag"),
    path("authors/<text:username>/", views.AuthorView.as_view(), name="author"),
    path("contributors/<slug:slug>/", views.ContributorView.as_view(), name="contributor"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("corrections/feed/", feeds.CorrectionsFeed(), name="corrections-feed"),
    path("corrections/feed/atom/", feeds.CorrectionsAtomFeed(), name="corrections-feed-atom"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("section/<slug:section>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("section/<slug:section>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("tags/<text:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tags/<text:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("authors/<text:username>/feed/", feeds.AuthorFeed(), name="author-feed"),
    path("authors/<text:username>/feed/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
    path("contributors/<slug:slug>/feed/", feeds.ContributorFeed(), name="contributor-feed"),
    path("contributors/<slug:slug>/feed/atom/", feeds.ContributorAtomFeed(), name="contributor-feed-atom"),
    path("articles/<slug:slug>/report/", views.report_spoiler, name="report"),
    path("articles/<slug:slug>/share-card.png", views.share_card, name="share-card"),
    # A show's and a person's articles, under their addresses; the feeds are the articles app's.
    path("shows/<slug:slug>/feed/", feeds.ShowFeed(), name="show-feed"),
    path("shows/<slug:slug>/feed/atom/", feeds.ShowAtomFeed(), name="show-feed-atom"),
    path("people/<slug:slug>/feed/", feeds.PersonFeed(), name="person-feed"),
    path("people/<slug:slug>/feed/atom/", feeds.PersonAtomFeed(), name="person-feed-atom"),
]
