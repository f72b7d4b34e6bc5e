"""Only published articles whose time has come are visible to readers."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_articles():
    now = timezone.now()
    return {
        "draft": make_article(status=Article.Status.DRAFT, publish_at=now - dt.timedelta(days=1)),
        "in_review": make_article(status=Article.Status.IN_REVIEW, publish_at=now - dt.timedelta(days=1)),
        "scheduled": make_article(status=Article.Status.PUBLISHED, publish_at=now + dt.timedelta(hours=1)),
        "published": make_article(status=Article.Status.PUBLISHED, publish_at=now - dt.timedelta(minutes=1)),
    }


def test_published_returns_only_the_live_article(four_articles):
    """Drafts, articles in review and scheduled articles stay out of every public listing."""
    assert list(Article.objects.published()) == [four_articles["published"]]
    assert list(Article.objects.scheduled()) == [four_articles["scheduled"]]


@pytest.mark.parametrize("kind", ["draft", "in_review", "scheduled"])
def test_unpublished_article_pages_are_not_found(client, four_articles, kind):
    """A reader who guesses the address of an unpublished article gets a 404."""
    response = client.get(four_articles[kind].get_absolute_url())
    assert response.status_code == 404


def test_published_article_page_is_shown(client, four_articles):
    """The live article's page opens for an anonymous reader."""
    article = four_articles["published"]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.headline in response.content.decode()


def test_home_page_lists_only_the_live_article(client, four_articles):
    """The front page shows the live article and none of the others."""
    content = client.get("/").content.decode()
    assert four_articles["published"].headline in content
    for kind in ("draft", "in_review", "scheduled"):
        assert four_articles[kind].headline not in content


def test_publishing_without_a_time_means_now():
    """Ticking Published with no publish time makes the article live at once."""
    before = timezone.now()
    article = make_article(status=Article.Status.PUBLISHED, publish_at=None)
    after = timezone.now()
    article.refresh_from_db()
    assert before <= article.publish_at <= after
    assert article.is_published
    assert list(Article.objects.published()) == [article]


def test_draft_without_a_time_keeps_no_time():
    """Saving a draft does not stamp a publish time on it."""
    article = make_article(status=Article.Status.DRAFT, publish_at=None)
    article.refresh_from_db()
    assert article.publish_at is None
    assert not article.is_published
    assert not article.is_scheduled


def test_scheduled_article_goes_live_when_its_time_comes(client, four_articles):
    """A scheduled article appears by itself once its publish time has passed."""
    scheduled = four_articles["scheduled"]
    assert scheduled.is_scheduled
    Article.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))
    assert scheduled in Article.objects.published()
    assert client.get(scheduled.get_absolute_url()).status_code == 200
