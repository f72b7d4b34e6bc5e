"""Article, image, quote and video rules an editor runs into in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import DEFAULT_SPOILER_WARNING, ArticleImage, PullQuote, VideoEmbed
from tests.factories import make_article, make_article_image, make_show, png_bytes, upload

pytestmark = pytest.mark.django_db


# Article ------------------------------------------------------------------


def test_through_episode_needs_a_show():
    """'Spoils up to episode 8' without saying which show is refused."""
    article = make_article(has_spoilers=True)
    article.spoiler_through_episode = 8
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.message_dict["spoiler_show"] == ["Choose the show whose episodes are spoiled."]


def test_through_episode_cannot_exceed_the_show_episode_count():
    """Claiming spoilers up to episode 17 of a 16-episode show is refused."""
    show = make_show(title="Queen of Tears", episode_count=16)
    article = make_article(has_spoilers=True, spoiler_show=show, spoiler_through_episode=17)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.message_dict["spoiler_through_episode"] == ["Queen of Tears has 16 episodes."]


def test_spoiled_show_needs_the_spoiler_box_ticked():
    """Naming a spoiled show without ticking 'has spoilers' is refused."""
    article = make_article(has_spoilers=False, spoiler_show=make_show())
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "has_spoilers" in error.value.message_dict


def test_valid_spoiler_settings_pass():
    """Spoilers up to the last episode of the named show are fine."""
    show = make_show(title="Queen of Tears", episode_count=16)
    make_article(has_spoilers=True, spoiler_show=show, spoiler_through_episode=16).full_clean()


def test_spoiler_wording():
    """The warning names the show and episode; cards get a short label; an empty warning uses the standard one."""
    show = make_show(title="Queen of Tears")
    article = make_article(has_spoilers=True, spoiler_show=show, spoiler_through_episode=8)
    assert article.spoiler_scope == "Queen of Tears, up to episode 8"
    assert article.spoiler_label == "Spoilers: Queen of Tears ep. 8"
    assert article.spoiler_warning_text == DEFAULT_SPOILER_WARNING
    article.spoiler_warning = "Custom warning."
    assert article.spoiler_warning_text == "Custom warning."
    plain = make_article()
    assert plain.spoiler_scope == ""
    assert plain.spoiler_label == ""


def test_article_name_and_link():
    """An article is named by its headline and lives at /articles/<slug>/."""
    article = make_article(headline="Queen of Tears finale", slug="queen-of-tears-finale")
    assert str(article) == "Queen of Tears finale"
    assert article.get_absolute_url() == "/articles/queen-of-tears-finale/"


# Images -------------------------------------------------------------------


@pytest.mark.parametrize("alt_text", ["", "   "], ids=["empty", "blank"])
def test_image_requires_alt_text(alt_text):
    """An image without a description for screen-reader users is refused."""
    image = ArticleImage(article=make_article(), image=upload("a.png", png_bytes(4, 4)), alt_text=alt_text)
    with pytest.raises(ValidationError) as error:
        image.full_clean()
    assert "alt_text" in error.value.message_dict


def test_image_name_is_its_caption_or_alt_text():
    """Images are listed by caption, or by alt text when there is no caption."""
    article = make_article()
    captioned = make_article_image(article, alt_text="Two actors", caption="Kim Soo Hyun (left)")
    plain = make_article_image(article, alt_text="Two actors under an umbrella")
    assert str(captioned) == "Kim Soo Hyun (left)"
    assert str(plain) == "Two actors under an umbrella"
    assert captioned.image.url.startswith("/media/photos/")  # the upload joined the photo library


def test_only_one_lead_image_per_article_in_the_database():
    """The database refuses a second lead image for the same article."""
    article = make_article()
    make_article_image(article, is_lead=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article_image(article, is_lead=True)


def test_only_one_lead_image_per_article_in_validation():
    """The admin tells an editor an article can have only one lead image."""
    article = make_article()
    make_article_image(article, is_lead=True)
    second = ArticleImage(article=article, image=upload("b.png", png_bytes(4, 4)), alt_text="Alt", is_lead=True)
    with pytest.raises(ValidationError) as error:
        second.validate_constraints()
    assert error.value.messages == ["An article can have only one lead image."]


def test_non_lead_images_and_other_articles_are_unaffected():
    """Many ordinary images per article, and one lead image on each of several articles, are fine."""
    first, second = make_article(), make_article()
    make_article_image(first, is_lead=True)
    make_article_image(first)
    make_article_image(first)
    make_article_image(second, is_lead=True)
    assert ArticleImage.objects.filter(is_lead=True).count() == 2


# Pull quotes --------------------------------------------------------------


def test_pull_quote_name():
    """A pull quote is listed by the start of its text and who said it."""
    quote = PullQuote.objects.create(article=make_article(), text="x" * 80, attribution="Netflix")
    assert str(quote) == f"“{'x' * 60}” — Netflix"


# Videos -------------------------------------------------------------------

VIDEO_ID = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={VIDEO_ID}",
        f"https://youtube.com/watch?v={VIDEO_ID}&t=42s",
        f"https://m.youtube.com/watch?v={VIDEO_ID}",
        f"https://youtu.be/{VIDEO_ID}",
        f"https://www.youtube.com/embed/{VIDEO_ID}",
        f"https://www.youtube.com/shorts/{VIDEO_ID}",
    ],
    ids=["watch", "watch-with-time", "mobile", "short-link", "embed", "shorts"],
)
def test_video_accepts_youtube_links(url):
    """Every usual form of YouTube link is accepted and plays through the privacy-enhanced player."""
    video = VideoEmbed(article=make_article(), url=url, caption="Behind the scenes")
    video.full_clean()
    assert video.video_id == VIDEO_ID
    assert video.embed_url == f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?autoplay=1"
    assert video.watch_url == f"https://www.youtube.com/watch?v={VIDEO_ID}"


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/123456789",
        "javascript:alert(1)",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/",
        "http://evil.example/watch?v=aaaaaaaaaaa",
    ],
    ids=["vimeo", "javascript", "no-id", "bad-id", "home-page", "other-host"],
)
def test_video_rejects_other_links(url):
    """Only YouTube videos can be embedded; anything else gets an error on the URL field."""
    video = VideoEmbed(article=make_article(), url=url)
    with pytest.raises(ValidationError) as error:
        video.full_clean()
    assert any("Paste a YouTube video link" in message for message in error.value.message_dict["url"])
    assert video.video_id is None


def test_video_name():
    """A video is listed by caption, or by its URL."""
    article = make_article()
    url = f"https://youtu.be/{VIDEO_ID}"
    assert str(VideoEmbed.objects.create(article=article, url=url, caption="Teaser")) == "Teaser"
    assert str(VideoEmbed.objects.create(article=article, url=url, position=1)) == url
