"""Keyboard use: the skip link comes first, and every stop of the Tab key is
visibly marked (WCAG 2.4.1 bypass blocks, 2.4.7 focus visible)."""

import pytest
from django.urls import reverse

from demo import content as demo

# name: (URL name, kwargs, query string)
PAGES = {
    "home": ("home", {}, ""),
    "article": ("articles:detail", {"slug": demo.REFERENCE_SLUG}, ""),
    "shows": ("shows:index", {}, ""),  # filter selects
    "show": ("shows:detail", {"slug": "midnight-bakery-seoul"}, ""),  # watch-progress form
    "person": ("people:detail", {"slug": "kim-soo-hyun"}, ""),
    "search": ("search", {}, "?q=queen"),
}
MAX_STOPS = 80


def url(base, name):
    view, kwargs, query = PAGES[name]
    return base + reverse(view, kwargs=kwargs) + query


# What the focused element looks like: enough to say which one it is, and its outline.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    element: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " "
      + (el.innerText || el.value || "").trim().slice(0, 40),
    outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
    onScreen: box.right > 0 && box.bottom > 0 && box.width > 0 && box.height > 0,
  };
}"""


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_content(page, demo_site):
    page.goto(url(demo_site, "article"))

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["x"] >= 0  # shown while focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("name", PAGES)
def test_every_tab_stop_is_visibly_focused(page, demo_site, name):
    page.goto(url(demo_site, name))

    stops, unmarked = [], []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (stops and focused["element"] == stops[0]["element"]):
            break  # back to the start of the page
        stops.append(focused)
        if focused["outline"] < 2 or not focused["onScreen"]:
            unmarked.append(focused["element"])
    assert len(stops) > 5  # the header alone has the brand, three links and the search
    assert unmarked == []
