"""Search, tag and section pages in real Chromium: the header search works with
and without JavaScript, and each page passes axe's WCAG A/AA rules in both schemes."""

import pytest
from django.urls import reverse

PAGES = {
    "search": reverse("search") + "?q=queen+of+tears",
    "search-empty": reverse("search"),
    "tag": reverse("articles:tag", args=["queen-of-tears"]),
    "section": reverse("articles:section", args=["feature"]),
}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_header_search_finds_a_person_by_another_romanisation(new_context, demo_site, javascript):
    """A reader types a hyphenated spelling into the header box and reaches Kim Soo Hyun."""
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(demo_site + "/")
    page.get_by_role("search", name="Site search").get_by_role("searchbox", name="Search Dramasite").fill(
        "Kim Soo-hyun"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Kim+Soo-hyun")
    people = page.get_by_role("region", name="People")
    people.get_by_role("link", name="Kim Soo Hyun").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kim Soo Hyun"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_discovery_pages_have_no_axe_violations(axe, demo_site, name, scheme):
    axe.assert_clean(demo_site + PAGES[name], color_scheme=scheme)
