"""The main public pages in real Chromium: they load with their content, log no
errors, pass axe's WCAG A/AA rules in light and dark mode, and are photographed
at phone and desktop widths for review (test-artifacts/screenshots/)."""

import pytest
from django.urls import reverse

from demo import content as demo

from .conftest import DESKTOP, PHONE

REFERENCE = next(row for row in demo.ARTICLES if row["slug"] == demo.REFERENCE_SLUG)
SHOW = next(row for row in demo.SHOWS if row["slug"] == "queen-of-tears")
PERSON = next(row for row in demo.PEOPLE if row["slug"] == "kim-soo-hyun")

# name: (URL name, its kwargs, the page's main heading)
PAGES = {
    "home": ("home", {}, "Latest news"),
    "article": ("articles:detail", {"slug": REFERENCE["slug"]}, REFERENCE["headline"]),
    "show": ("shows:detail", {"slug": SHOW["slug"]}, SHOW["title"]),
    "person": ("people:detail", {"slug": PERSON["slug"]}, PERSON["name"]),
    "shows": ("shows:index", {}, "Shows"),
    "people": ("people:index", {}, "People"),
}


# Loads every <img> (lazy ones included) and answers the src of each that fails.
DECODE_ALL = """imgs => Promise.all(imgs.map(img => {
  img.loading = "eager";
  return img.decode().then(() => null, () => img.src);
}))"""


def url(base, name):
    view, kwargs, _ = PAGES[name]
    return base + reverse(view, kwargs=kwargs)


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_with_its_content_and_no_console_errors(page, demo_site, name):
    response = page.goto(url(demo_site, name))

    assert response.ok
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == PAGES[name][2]
    # Styles and the script really arrived under the strict CSP: the skip link is
    # moved off-screen by site.css and only shown on focus.
    assert page.locator(".skip-link").bounding_box()["x"] < 0
    # Every image on the page (pictures, posters; lazy ones too) downloads and decodes.
    broken = page.eval_on_selector_all("img", DECODE_ALL)
    assert [src for src in broken if src] == []
    # console_errors (autouse through new_context) fails the test on any error logged.


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations_in_light_or_dark_mode(axe, demo_site, name):
    page = axe.open(url(demo_site, name))

    problems = []
    for scheme in ("light", "dark"):  # one page load, both colour schemes
        page.emulate_media(color_scheme=scheme)
        violations = axe.run(page)
        if violations:
            problems.append(f"In {scheme} mode:\n{axe.report(violations)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["article", "show", "person"])
def test_screenshots_at_phone_and_desktop_width(new_context, demo_site, screenshot, name):
    page = new_context(viewport=PHONE).new_page()
    page.goto(url(demo_site, name))

    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        # Nothing runs off the side: the page never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        path = screenshot(page, f"{name}-{viewport['width']}")
        assert path.stat().st_size > 10_000


# Pages with more than one landmark of a kind: an article about two shows (two
# show cards), the search page (the header's search and its own), the 404 page.
LANDMARK_RULES = ["landmark-unique", "landmark-one-main", "landmark-no-duplicate-banner", "region"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/articles/queen-of-tears-finale-ratings-record/", 200),
        ("/search/?q=queen", 200),
        ("/no-such-page/", 404),
    ],
    ids=["two-shows", "search", "404"],
)
def test_landmarks_can_be_told_apart(axe, demo_site, console_errors, path, status):
    console_errors.allow(r"status of 404")  # the 404 page's own response
    axe.assert_clean(demo_site + path, rules=LANDMARK_RULES, status=status)
