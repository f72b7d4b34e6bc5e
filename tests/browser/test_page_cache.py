"""The page cache in real Chromium: stored pages, an editor's change seen at once, forms on stored pages.

The rest of the suite runs with the page cache off; here it is on, and the
live server commits for real, so invalidation runs exactly as in production.
"""

import re

import pytest
from django.core.cache import cache

from articles.models import Article
from tests.browser.conftest import log_in

EDITED = "Edited while readers had it cached"


@pytest.fixture
def cached_newsroom(newsroom, settings):
    settings.PAGE_CACHE = True
    cache.clear()
    yield newsroom
    cache.clear()


def test_a_reader_gets_stored_pages_and_sees_an_edit_at_once(new_context, cached_newsroom, console_errors):
    base = cached_newsroom
    article = Article.objects.published().filter(has_spoilers=False).first()
    url = f"{base}{article.get_absolute_url()}"
    reader = new_context().new_page()
    assert reader.goto(url).headers["x-page-cache"] == "miss"
    # Browsers ask again on every visit (max-age=0); the server answers from its cache.
    again = reader.goto(url)
    assert again.headers["x-page-cache"] == "hit"
    assert "s-maxage=" in again.headers["cache-control"]

    # An editor changes the headline in the admin.
    editor = log_in(new_context, base, "editor")
    editor.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    editor.get_by_label("Headline").fill(EDITED)
    editor.locator("input[name='_save']").click()
    editor.wait_for_url(re.compile(r"/admin/articles/article/$"))

    # The reader's next visit shows it, and so does the front page.
    assert reader.goto(url).headers["x-page-cache"] != "hit"
    assert reader.get_by_role("heading", level=1).inner_text() == EDITED
    reader.goto(f"{base}/")
    assert EDITED in reader.locator("main").inner_text()

    # The report form on the shared page works: Chromium says Sec-Fetch-Site: same-origin.
    reader.goto(url)
    reader.get_by_text("Report an unmarked spoiler").click()
    reader.get_by_label("What does it spoil?").fill("The second paragraph names the killer.")
    reader.get_by_role("button", name="Send report").click()
    assert "A moderator will look at your report" in reader.locator(".report-thanks").inner_text()
    assert article.spoiler_reports.get().message == "The second paragraph names the killer."

    # Another reader gets the page without the first reader's thank-you.
    other = new_context().new_page()
    other.goto(url)
    assert other.locator(".report-thanks").count() == 0


def test_a_reader_with_progress_gets_the_stored_page_and_it_opens_for_them_only(new_context, cached_newsroom):
    """Progress up to 8: the episode-8 article comes from the cache and opens; a reader without progress
    gets the same stored page, shielded; the one saving progress is no exception."""
    from demo import content as demo
    from shows.models import Show

    base = cached_newsroom
    article = Article.objects.get(slug=demo.REFERENCE_SLUG)
    show = Show.objects.get(pk=article.spoiler_show_id)
    watcher = new_context().new_page()
    watcher.goto(f"{base}{show.get_absolute_url()}")
    watcher.get_by_label("I've watched up to episode").fill("8")
    watcher.get_by_role("button", name="Save").click()
    watcher.wait_for_url(re.compile(r"progress=saved"))

    url = f"{base}{article.get_absolute_url()}"
    first = watcher.goto(url)
    second = watcher.goto(url)
    assert second.headers["x-page-cache"] == "hit", first.headers.get("x-page-cache")
    assert "private" not in second.headers["cache-control"]
    assert watcher.locator(".article-body").is_visible()
    assert "watched up to episode 8" in watcher.locator(".spoiler-lifted").inner_text()

    stranger = new_context().new_page()
    response = stranger.goto(url)
    assert response.headers["x-page-cache"] == "hit"
    assert not stranger.locator(".article-body").is_visible()
    assert stranger.locator(".spoiler-warning").is_visible()
    # The show page is shared too: the stranger sees no one's progress.
    stranger.goto(f"{base}{show.get_absolute_url()}")
    assert stranger.locator("[data-progress-some]").is_hidden()
