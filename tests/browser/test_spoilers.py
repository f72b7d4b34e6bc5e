"""Spoilers in real Chromium: the article shield and inline spoilers by mouse and keyboard,
without JavaScript, and the watch-progress form lifting the shield for older episodes only."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from demo import content as demo
from shows.models import Show
from tests.factories import make_article

from .conftest import AXE_JS

REFERENCE = next(row for row in demo.ARTICLES if row["slug"] == demo.REFERENCE_SLUG)
INLINE_TEXT = "she has lost some of her memories"


def article_url(base, slug=demo.REFERENCE_SLUG):
    return base + reverse("articles:detail", kwargs={"slug": slug})


def is_blurred(locator):
    return locator.evaluate("el => getComputedStyle(el).filter") != "none"


def expect_blurred(locator, blurred=True):
    """Wait for the blur to settle (it fades in 0.15 s unless the reader prefers reduced motion)."""
    locator.page.wait_for_function(
        "([el, want]) => (getComputedStyle(el).filter !== 'none') === want", arg=[locator.element_handle(), blurred]
    )


def shield(page):
    return page.locator("details.spoiler-shield")


def tab_to(page, selector, limit=40):
    """Press Tab until the element matching selector has focus (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_reveal_the_article_by_mouse(page, demo_site):
    """The warning shows first; clicking the summary opens the body and the summary says “Hide”."""
    page.goto(article_url(demo_site))
    expect(page.get_by_role("heading", name="Spoiler Alert")).to_be_visible()
    body = page.locator(".article-body")
    expect(body).to_be_hidden()
    summary = shield(page).locator("summary")
    expect(summary).to_have_text("Show the article", use_inner_text=True)

    summary.click()

    expect(body).to_be_visible()
    expect(summary).to_have_text("Hide the article", use_inner_text=True)
    expect(page.get_by_text("Kim Soo Hyun (left) and Kim Ji Won (right)")).to_be_visible()


def test_reveal_the_article_by_keyboard(page, demo_site):
    """Tab reaches the summary with a visible focus ring; Enter opens, Space closes and opens again."""
    page.goto(article_url(demo_site))
    body = page.locator(".article-body")
    tab_to(page, "details.spoiler-shield > summary")
    summary = shield(page).locator("summary")
    assert summary.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"

    page.keyboard.press("Enter")
    expect(body).to_be_visible()
    page.keyboard.press("Space")
    expect(body).to_be_hidden()
    expect(summary).to_have_text("Show the article", use_inner_text=True)
    page.keyboard.press("Space")
    expect(body).to_be_visible()


def test_reveal_an_inline_spoiler_by_click_and_keyboard(page, demo_site):
    """The “Spoiler” button toggles the blurred text; clicking the text reveals it; keys work too."""
    page.goto(article_url(demo_site))
    shield(page).locator("summary").click()
    text = page.locator(".article-body .spoiler").first
    button = page.get_by_role("button", name="Spoiler").first
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(text).to_have_attribute("aria-hidden", "true")
    assert is_blurred(text)

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(text).not_to_have_attribute("aria-hidden", "true")
    expect_blurred(text, False)
    expect(text).to_have_text(INLINE_TEXT)

    button.click()  # and back
    expect(button).to_have_attribute("aria-expanded", "false")
    expect_blurred(text)

    text.click()  # the blurred text itself
    expect(button).to_have_attribute("aria-expanded", "true")

    button.click()
    tab_to(page, "button.inline-spoiler-toggle")
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "false")


def test_without_javascript_everything_can_still_be_revealed(new_context, demo_site):
    """No JavaScript: the shield is a working disclosure, and the note's link reveals inline spoilers."""
    page = new_context(java_script_enabled=False).new_page()
    page.goto(article_url(demo_site))
    shield(page).locator("summary").click()
    text = page.locator(".article-body .spoiler").first
    expect(text).to_be_visible()
    assert is_blurred(text)

    page.get_by_role("link", name=re.compile(r"^Show (it|them)$")).click()

    expect(page).to_have_url(re.compile(r"\?spoilers=show#article-body$"))
    text = page.locator(".article-body .spoiler").first
    expect(page.locator(".article-body")).to_be_visible()  # the shield opens with them
    assert not is_blurred(text)
    expect(text).to_have_text(INLINE_TEXT)


def test_watch_progress_lifts_the_shield_for_older_episodes_only(new_context, demo_site):
    """Saying “watched up to 8” opens the episode-8 article and leaves an episode-9 one shielded.

    The pages are the ones every reader gets (the second visit comes from the page cache);
    the browser lifts the shield.
    """
    show = Show.objects.get(slug=REFERENCE["spoiler"][0])
    newer = make_article(
        headline="What episode 9 changes",
        body="<p>Episode nine's twist.</p>",
        author=get_user_model().objects.filter(articles__isnull=False).first(),
        has_spoilers=True,
        spoiler_show=show,
        spoiler_through_episode=9,
    )
    assert Article.objects.get(slug=demo.REFERENCE_SLUG).spoiler_through_episode == 8
    page = new_context().new_page()

    page.goto(demo_site + show.get_absolute_url())
    expect(page.get_by_role("button", name="Forget my progress")).to_be_hidden()  # nothing to forget yet
    page.get_by_label("I've watched up to episode").fill("8")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"\?progress=saved&episode=8#watch-progress$"))
    expect(page.get_by_role("status")).to_have_text("Saved: you've watched up to episode 8 of Queen of Tears.")
    expect(page.locator(".watch-progress-current:visible")).to_contain_text("up to episode 8 of Queen of Tears")
    expect(page.get_by_label("I've watched up to episode")).to_have_value("8")

    for _ in range(2):  # twice: the same page for every reader, lifted in the browser each time
        page.goto(article_url(demo_site))
        expect(shield(page).locator("summary")).to_be_hidden()
        expect(page.locator(".spoiler-warning")).to_be_hidden()
        expect(page.locator(".article-body")).to_be_visible()
        expect(page.locator(".spoiler-lifted")).to_contain_text("watched up to episode 8 of Queen of Tears")
        expect(page.locator(".article-header .dek")).to_have_text(REFERENCE["dek"])

    page.goto(article_url(demo_site, newer.slug))
    expect(page.locator(".article-body")).to_be_hidden()
    expect(page.locator(".spoiler-warning")).to_be_visible()
    expect(shield(page).locator("summary")).to_have_text("Show the article", use_inner_text=True)

    # Forgetting brings the shield back.
    page.goto(demo_site + show.get_absolute_url())
    page.get_by_role("button", name="Forget my progress").click()
    page.goto(article_url(demo_site))
    expect(page.locator(".article-body")).to_be_hidden()
    expect(page.locator(".spoiler-lifted")).to_be_hidden()


def test_without_javascript_a_reader_with_progress_opens_the_shield_themselves(new_context, demo_site):
    """No JavaScript: saving works and says so; the article keeps its shield, which the reader can open."""
    show = Show.objects.get(slug=REFERENCE["spoiler"][0])
    page = new_context(java_script_enabled=False).new_page()
    page.goto(demo_site + show.get_absolute_url())
    page.get_by_label("I've watched up to episode").fill("8")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved: you've watched up to episode 8 of Queen of Tears.")
    page.goto(article_url(demo_site))
    expect(page.locator(".article-body")).to_be_hidden()
    shield(page).locator("summary").click()
    expect(page.locator(".article-body")).to_be_visible()
    expect(page.locator(".spoiler-lifted")).to_be_hidden()


@pytest.mark.parametrize(
    ("cookie", "lifted"),
    [
        ("{show}:8", True),
        ("{show}:16", True),
        ("{show}:7", False),
        ("{other}:16", False),
        ("5:1.{show}:8", True),
        ("{show}:8.{show}:2", True),  # the first mention wins, as on the server
        ("{show}:2.{show}:8", False),
        ("{show}:08", False),  # no leading zeros
        ("{show}:-8", False),
        ("{show}:99999", False),
        ("junk.{show}:8", True),  # a bad pair is skipped, a good neighbour kept
        (".".join(f"{n}:1" for n in range(1000, 1051)) + ".{show}:8", False),  # over the 50-show cap
        ("{show}:8." + "9" * 800, False),  # over-long
    ],
)
def test_the_browser_reads_the_cookie_as_strictly_as_the_server(new_context, demo_site, cookie, lifted):
    """The same rule as shows/watch_progress.py: only well-formed progress that reaches the episode lifts."""
    from urllib.parse import urlparse

    from shows.watch_progress import parse_progress

    show = Show.objects.get(slug=REFERENCE["spoiler"][0])
    value = cookie.format(show=show.pk, other=show.pk + 1000)
    assert (parse_progress(value).get(show.pk, 0) >= 8) == lifted  # the server would agree
    context = new_context()
    context.add_cookies([{"name": "watched", "value": value, "domain": urlparse(demo_site).hostname, "path": "/"}])
    page = context.new_page()
    page.goto(article_url(demo_site))
    body = expect(page.locator(".article-body"))
    if lifted:
        body.to_be_visible()
    else:
        body.to_be_hidden()


def test_spoiler_controls_pass_axe_when_open(axe, demo_site):
    """With the shield open and an inline spoiler revealed, the article still passes axe."""
    page = axe.open(article_url(demo_site))
    page.locator("details.spoiler-shield > summary").click()
    page.get_by_role("button", name="Spoiler").first.click()
    violations = axe.run(page)
    assert not violations, axe.report(violations)


def test_show_page_with_a_form_error_passes_axe(axe, console_errors, demo_site):
    """The progress form with an error message is still accessible."""
    console_errors.allow(r"status of 400 .*/progress/")  # the rejected POST's answer, by design
    page = axe.open(demo_site + reverse("shows:detail", kwargs={"slug": "queen-of-tears"}))
    page.get_by_label("I've watched up to episode").fill("99")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#watch-progress-error")).to_contain_text("has 16 episodes")
    page.add_script_tag(path=str(AXE_JS))  # a new page after the POST: axe again
    violations = axe.run(page)
    assert not violations, axe.report(violations)


def test_a_link_inside_a_hidden_inline_spoiler_takes_no_focus(page, live_server, transactional_db):
    """Keyboard focus skips a link inside hidden spoiler text, and reaches it once revealed."""
    article = make_article(body='<p>Then <span class="spoiler">the <a href="/">heir</a> returns</span>.</p>')
    page.goto(live_server.url + article.get_absolute_url())
    link = page.locator(".spoiler a")
    expect(link).to_have_attribute("tabindex", "-1")
    page.get_by_role("button", name="Spoiler").click()
    expect(link).not_to_have_attribute("tabindex", "-1")
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
