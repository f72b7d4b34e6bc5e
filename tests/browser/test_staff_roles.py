"""Every staff screen as each demo login sees it, in Chromium at 1280 and 390 px.

Each role's admin is crawled from its front page, following every admin link it
is shown (two pages of each kind): none answers 403 or an error, no page logs a
console error, and every change form that offers Save saves. The moderation and
review lists keep their columns in view; axe finds nothing serious on the pages
each role works in.
"""

from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from articles.models import Article, Status
from shows.models import Show
from tests.browser.conftest import AXE_JS, DESKTOP, PHONE, log_in

ROLES = ["writer", "editor", "moderator"]
# Not pages to visit: leaving, changing one's password, deleting (a confirmation page of its own) and JSON.
NOT_PAGES = ("/admin/logout/", "/admin/password_change/", "/delete/", "/admin/jsi18n/", "/admin/autocomplete/")
PER_KIND = 2
# Where one role may change some rows and not others (articles/roles.py: a writer's own drafts,
# and their media), up to this many pages of the kind are opened until two have been saved.
MIXED_KINDS = {"articles_article_change", "articles_articleimage_change", "articles_pullquote_change"}
CHANGE_PAGES_PER_KIND = 16  # the demo's 15 articles: a writer's own drafts come last on SQLite


def work_pages(role):
    """The pages each role works in, for axe: lists, and the forms they fill in."""
    own_draft = Article.objects.filter(author__username="writer", status=Status.DRAFT).first()
    live = Article.objects.published().first()
    show = Show.objects.first()
    return {
        "writer": ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/",
                   f"/admin/articles/article/{own_draft.pk}/change/", f"/admin/articles/article/{live.pk}/change/"],
        "editor": ["/admin/", "/admin/articles/article/", f"/admin/articles/article/{live.pk}/change/",
                   f"/admin/shows/show/{show.pk}/change/", "/admin/articles/spoilerreport/"],
        "moderator": ["/admin/", "/admin/articles/spoilermoderation/",
                      f"/admin/articles/spoilermoderation/{live.pk}/change/", "/admin/articles/spoilerreport/"],
    }[role]  # fmt: skip


def kind_of(path):
    try:
        return resolve(path).url_name
    except Resolver404:
        return path


def admin_links(page, base, here):
    found = []
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
        url = urlsplit(urljoin(base + here, href))
        if url.netloc != urlsplit(base).netloc or not url.path.startswith("/admin/"):
            continue
        if any(part in url.path for part in NOT_PAGES):
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def crawl(page, base, *, save):
    """Visit what the role is offered; returns (pages visited, forms saved, problems).

    With save=False (the phone pass) one page of each kind is enough: the layout is the question.
    """
    per_kind_cap = PER_KIND if save else 1
    queue, seen, per_kind, visited, saved, problems = ["/admin/"], set(), {}, [], 0, []
    savable, read_only = {}, {}
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        kind = kind_of(urlsplit(path).path)
        per_kind[kind] = per_kind.get(kind, 0) + 1
        if save and kind in MIXED_KINDS:
            if savable.get(kind, 0) >= per_kind_cap or per_kind[kind] > CHANGE_PAGES_PER_KIND:
                continue
        elif per_kind[kind] > per_kind_cap:
            continue
        response = page.goto(base + path)
        visited.append(path)
        if response.status >= 400:
            problems.append(f"{path} answered {response.status}")
            continue
        width = page.viewport_size["width"]
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{path} is wider than {width} px")
        buttons = page.locator("input[name=_continue]")
        if kind.endswith("_change"):
            counter = savable if buttons.count() else read_only
            counter[kind] = counter.get(kind, 0) + 1
        if save and kind.endswith("_change") and buttons.count():
            with page.expect_navigation() as navigation:
                buttons.first.click()
            status = navigation.value.status
            if status >= 400:
                problems.append(f"saving {path} answered {status}")
            elif page.locator(".errornote").count():
                problems.append(f"saving {path} unchanged was refused: {page.locator('.errornote').inner_text()}")
            else:
                saved += 1
            page.goto(base + path)
        queue.extend(link for link in admin_links(page, base, path) if link not in seen)
    return visited, saved, problems


@pytest.mark.parametrize("role", ROLES)
def test_every_offered_page_and_save_works_for_the_role_at_1280(new_context, newsroom, role):
    page = log_in(new_context, newsroom, role)
    visited, saved, problems = crawl(page, newsroom, save=True)
    assert problems == []
    assert len(visited) > 10
    assert saved > 0  # each role has something it may change, and it saves


@pytest.mark.parametrize("role", ROLES)
def test_every_offered_page_fits_a_phone(new_context, newsroom, role):
    page = log_in(new_context, newsroom, role)
    page.set_viewport_size(PHONE)
    _, _, problems = crawl(page, newsroom, save=False)
    assert problems == []


def columns_in_view(page, table_selector):
    """The header cells of a table whose right edge is past the viewport, before any scrolling."""
    return page.evaluate(
        """selector => [...document.querySelectorAll(selector + ' thead th')]
            .filter(th => th.getBoundingClientRect().right > window.innerWidth + 1)
            .map(th => th.innerText.trim())""",
        table_selector,
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_moderation_queue_keeps_its_work_in_view(new_context, newsroom, viewport):
    page = log_in(new_context, newsroom, "moderator")
    page.set_viewport_size(viewport)
    page.goto(newsroom + "/admin/articles/spoilermoderation/")
    assert columns_in_view(page, ".reported-queue table") == []
    headers = page.locator("#result_list thead th").all_inner_texts()
    assert [h.strip() for h in headers][1:3] == ["HEADLINE", "OPEN REPORTS"]
    if viewport == DESKTOP:
        assert columns_in_view(page, "#result_list") == []
    else:
        # On a phone the list scrolls sideways in its own box; the headline and the count are in view.
        offscreen = columns_in_view(page, "#result_list")
        assert "HEADLINE" not in offscreen and "OPEN REPORTS" not in offscreen
    # Headlines read as lines, not a word a line.
    widths = page.eval_on_selector_all("#result_list td.field-headline, #result_list th.field-headline",
                                       "cells => cells.map(c => c.getBoundingClientRect().width)")  # fmt: skip
    assert min(widths) >= 150


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_review_queue_keeps_its_columns_in_view(new_context, newsroom, viewport):
    page = log_in(new_context, newsroom, "editor")
    page.set_viewport_size(viewport)
    page.goto(newsroom + "/admin/")
    queue = page.locator(".review-queue")
    assert queue.locator("tbody tr").count() >= 1
    assert columns_in_view(page, ".review-queue table") == []


@pytest.mark.parametrize("role", ROLES)
def test_the_pages_each_role_works_in_have_no_serious_accessibility_violation(axe, newsroom, role):
    # axe-core is injected as a script, which the admin's CSP refuses: this context alone bypasses it.
    page = log_in(lambda: axe.new_context(bypass_csp=True), newsroom, role)
    failures = {}
    for path in work_pages(role):
        assert page.goto(newsroom + path).status == 200
        page.add_script_tag(path=str(AXE_JS))
        results = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']},"
            " resultTypes: ['violations']})"
        )
        serious = [v["id"] for v in results["violations"] if v["impact"] in {"serious", "critical"}]
        if serious:
            failures[path] = serious
    assert failures == {}
