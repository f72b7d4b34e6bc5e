"""Details of the article page as site.js leaves them: the Updated line in the reader's zone, the video's name."""

import datetime as dt

from articles.models import Article, VideoEmbed
from tests.factories import make_article


def text(locator):
    # Chromium's Intl puts a narrow no-break space before AM/PM.
    return " ".join(locator.inner_text().replace("\u202f", " ").split())


def updated_article():
    article = make_article(publish_at=dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC))
    Article.objects.filter(pk=article.pk).update(updated_at=dt.datetime(2026, 11, 30, 3, 5, tzinfo=dt.UTC))
    return article


def test_the_updated_line_is_in_the_readers_zone_with_kst_beside_it(new_context, live_server):
    article = updated_article()
    page = new_context(timezone_id="America/New_York").new_page()
    page.goto(live_server.url + article.get_absolute_url())
    assert text(page.locator(".updated time")) == "Nov 29, 2026, 10:05 PM EST"
    assert text(page.locator(".updated .broadcast-time")) == "(Nov 30, 2026, 12:05 PM KST)"


def test_without_javascript_the_updated_line_is_in_kst(new_context, live_server):
    article = updated_article()
    page = new_context(timezone_id="America/New_York", java_script_enabled=False).new_page()
    page.goto(live_server.url + article.get_absolute_url())
    assert text(page.locator(".updated time")) == "Nov 30, 2026, 12:05 PM KST"


def test_the_video_player_is_named_without_the_play_glyph(new_context, live_server):
    article = make_article()
    VideoEmbed.objects.create(article=article, url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", caption="Teaser")
    page = new_context().new_page()
    # The player itself is third-party: the test stops at the frame the click puts in place.
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(status=204, body=""))
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("link", name="Play video: Teaser (YouTube)").click()
    assert page.locator("figure.video iframe").get_attribute("title") == "Play video: Teaser (YouTube)"
