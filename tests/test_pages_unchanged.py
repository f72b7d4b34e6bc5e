"""Every public page of the demo says what it said before: status codes and the visible text of <main>.

A change of layout (moving modules between apps, renaming them) must change no
page. The demo is loaded and crawled under a fixed clock, so relative dates,
"airing now" and next-episode times are the same on every run, and each page's
status and the reader's text of its <main> (or, for feeds, calendars and
sitemaps, the status alone, since they carry row ids) are compared with
tests/snapshots/demo_pages.json, recorded per database (search ranks
differently on SQLite and PostgreSQL).

A change that is meant to change pages records the snapshot again:
``UPDATE_PAGE_SNAPSHOT=1 make test PYTEST_ARGS=tests/test_pages_unchanged.py``
on both databases, and the diff of that file is the review of what readers see.
"""

import datetime as dt
import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.test_reader_pages import STARTS, VisibleText, crawl

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).parent / "snapshots" / "demo_pages.json"
# A Tuesday morning in Seoul; the demo's relative dates are laid out from it.
FROZEN_NOW = dt.datetime(2026, 12, 1, 1, 30, tzinfo=dt.UTC)


class MainText(VisibleText):
    """The reader's text inside <main> only."""

    def __init__(self):
        super().__init__()
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self._depth += 1
        if self._depth:
            super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self._depth:
            super().handle_endtag(tag)
        if tag == "main":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            super().handle_data(data)


def main_text(html):
    parser = MainText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def record(client):
    """{url: [status, text of <main> or None]} for every page the crawl reaches."""
    pages = {}
    for url, (kind, _text) in crawl(client, STARTS).items():
        response = client.get(url)
        pages[url] = [response.status_code, main_text(response.content.decode()) if kind == "text/html" else None]
    return pages


@pytest.fixture
def frozen_clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: FROZEN_NOW)


def test_every_demo_page_reads_as_recorded(frozen_clock):
    """Status and <main> text of every public page, compared with the recorded snapshot for this database."""
    call_command("load_demo", stdout=StringIO())
    found = record(Client())
    assert len(found) > 60
    recorded = json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {}
    vendor = connection.vendor
    if os.environ.get("UPDATE_PAGE_SNAPSHOT"):
        recorded[vendor] = found
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(recorded, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    assert vendor in recorded, f"no snapshot for {vendor}: record one with UPDATE_PAGE_SNAPSHOT=1"
    expected = recorded[vendor]
    assert sorted(found) == sorted(expected)
    changed = {url: (expected[url], found[url]) for url in expected if found[url] != expected[url]}
    assert changed == {}


def test_the_snapshot_is_not_empty_text():
    """The recorded pages hold real reading, not empty <main>s (the comparison would then prove nothing)."""
    recorded = json.loads(SNAPSHOT.read_text())
    for pages in recorded.values():
        texts = [text for status, text in pages.values() if text]
        assert len(texts) > 50
        assert any("Queen of Tears" in text for text in texts)
