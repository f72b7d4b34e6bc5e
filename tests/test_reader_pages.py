"""Every public page of the demo, read as a reader reads it: no template text, no None, nothing unrendered.

The crawl starts at the home page and follows every link on the site (pages,
feeds, calendars, sitemaps, pagination), rendering with Django's
``string_if_invalid`` set to a marker, so a variable a template names but the
view never gave shows up instead of vanishing. Each page's visible text (and the
text of feeds and calendars) must hold none of: template syntax (``{{``, ``{%``,
``{#`` and their ends), the marker, ``None``, ``undefined``, ``NaN`` or
``[object Object]``.
"""

import re
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

MARKER = "UNRENDERED-VARIABLE"
LEFTOVERS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|" + MARKER + r"|\bNone\b|\bundefined\b|\bNaN\b|\[object Object\]")
# Text a reader sees besides the page's text nodes.
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "value"}
SKIPPED = ("/admin/", "/static/", "/media/", "/csp-report/")


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes outside script and style, and labelling attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        for name in VISIBLE_ATTRIBUTES & set(attrs):
            if not (tag == "input" and attrs.get("type") == "hidden"):
                self.parts.append(attrs[name] or "")
        if tag == "meta" and attrs.get("name") == "description":
            self.parts.append(attrs.get("content") or "")
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def site_links(found, here):
    for link in found:
        link, _ = urldefrag(link)
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not link.startswith("/"):
            continue
        if link.startswith(SKIPPED):
            continue
        yield link


def demo_templates():
    engines = [dict(engine) for engine in settings.TEMPLATES]
    engines[0] = {**engines[0], "OPTIONS": {**engines[0]["OPTIONS"], "string_if_invalid": MARKER}}
    return engines


# Where a reader or a crawler starts: the home page, the search box (a form, not a link), robots.txt.
STARTS = ["/", "/search/?q=kim", "/search/?q=queen+of+tears", "/search/?q=no-such-words", "/robots.txt"]


def crawl(client, starts=STARTS, limit=600):
    """{url: (content type, reader's text)} for every page reachable from starts."""
    seen, queue, pages = set(), list(starts), {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 301, 302), (url, response.status_code)
        if response.status_code != 200:
            queue.append(response["Location"])
            continue
        content_type = response["Content-Type"].split(";")[0]
        body = response.content.decode()
        if content_type == "text/html":
            parser = VisibleText()
            parser.feed(body)
            text, links = " ".join(parser.parts), parser.links
        else:  # feeds, calendars, sitemaps, robots.txt: every character is read by some program or person
            text, links = body, re.findall(r"https?://testserver(/[^\s<\"]*)", body)
            links += re.findall(r"^Sitemap: https?://[^/]+(/\S*)", body, re.M)
        pages[url] = (content_type, text)
        queue += [link for link in site_links(links, url) if link not in seen]
    return pages


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def test_every_page_of_the_demo_reads_cleanly(demo):
    """Home to every article, show, person, tag, section, author, feed, calendar and sitemap: nothing leaks."""
    with override_settings(TEMPLATES=demo_templates()):
        pages = crawl(Client())
    kinds = {url.split("/")[1] for url in pages}
    assert {"", "articles", "shows", "people", "tags", "section", "authors", "search", "feed"} <= kinds | {""}
    assert any(url.endswith("calendar.ics") for url in pages)
    assert any(url.endswith("/feed/atom/") for url in pages)
    assert any(url.startswith("/sitemap") for url in pages)
    assert len(pages) > 60
    problems = {}
    for url, (_kind, text) in pages.items():
        found = sorted({match.group(0) for match in LEFTOVERS.finditer(text)})
        if found:
            where = LEFTOVERS.search(text).start()
            problems[url] = (found, text[max(0, where - 80) : where + 80])
    assert problems == {}


def test_the_check_sees_what_it_looks_for():
    """The oracle itself: a multi-line {# #} comment, a None and a missing variable are all caught."""
    parser = VisibleText()
    parser.feed(f"<p>{{# a comment that ran over\n two lines #}}</p><p>By None</p><img alt='{MARKER}'>")
    parser.feed("<script>{{x}}</script>")  # not visible, so not a finding
    text = " ".join(parser.parts)
    assert {match.group(0) for match in LEFTOVERS.finditer(text)} == {"{#", "#}", "None", MARKER}


def test_no_template_opens_a_comment_it_closes_on_another_line():
    """Django's {# #} ends at the line: a comment over several lines is printed to readers. {% comment %} it."""
    from pathlib import Path

    root = Path(settings.BASE_DIR) / "templates"
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert offenders == []


# Every page's budget (issue 19); an article page's own, lower one (tests/articles/test_article_page.py).
PAGE_BUDGET = 10
ARTICLE_BUDGET = 8


def test_every_page_of_the_demo_keeps_its_query_budget(demo):
    """The budgets hold on what the demo really holds, page by page, not only on made-up fixtures."""
    client = Client()
    over = {}
    for url in crawl(Client()):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        is_article = re.fullmatch(r"/articles/[\w-]+/", url) is not None
        if len(queries) > (ARTICLE_BUDGET if is_article else PAGE_BUDGET):
            over[url] = len(queries)
    assert over == {}
