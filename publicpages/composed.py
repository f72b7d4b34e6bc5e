"""Public pages rendered once per process for exactly what they show, and kept under that as their key.

A page-cache miss (a publish, staff, a reader whose request the page cache may
not answer) still renders the page, and the template engine was most of a
miss's time. A view that knows, before rendering, every value its page shows
(an article's row as read, a listing's cards) passes them as the key: the
rendered page is kept in this process under the key and what the request adds
(scheme and host of absolute links, script prefix, language, time zone). An
edit anywhere is a different key, whatever path it was made by, so a kept page
can never be stale and nothing needs invalidating; old pages fall out of the
LRU. Parts that change with other rows (an article's related stories) are left
out of the kept page as markers and filled in on every request.

A reader with a one-off message gets a page rendered for them, never kept.
"""

import secrets
import threading
from collections import OrderedDict

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.urls import get_script_prefix
from django.utils import timezone, translation

from pagecache import pages as page_cache

from .related_rows import COLUMN_PREFIX

# Each page is 20-40 KB, and its key (an article's row, or a listing's rows, as read, without
# bodies) a few more: some 10-20 MB per worker.
KEPT_PAGES = 256


def marker(name):
    """A stand-in for a part filled in on every request; no text a page shows can contain it (it is escaped)."""
    return f"<!-- {name} {secrets.token_hex(8)} -->"


class ComposedPages:
    """An LRU of rendered pages by what they show (see the module docstring)."""

    def __init__(self, size=KEPT_PAGES):
        self.size = size
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def respond(self, request, key, render, fills=None, tags=None):
        """The page for key, rendered by render() the first time; fills: {marker: HTML} put in every time.

        tags: a callable giving the page-cache tags of what the page shows
        (pagecache.pages.depends_on); worked out with the render and kept with the
        page, as the key decides them too. key None: render, and keep nothing.
        """
        html = self.part(request, key, render, tags)
        for stand_in, part in (fills or {}).items():
            html = html.replace(stand_in, part)
        return HttpResponse(html)

    def part(self, request, key, render, tags=None):
        """A part of a page (HTML) kept like a page: for key and what the request adds, rendered the first time."""
        if key is not None and not len(get_messages(request)):
            key = (key, *_request_parts(request))
            kept = self._get(key)
            if kept is None:
                kept = self._put(key, (render(), tuple(tags()) if tags else ()))
        else:
            kept = (render(), tuple(tags()) if tags else ())
        html, shown = kept
        page_cache.depends_on(request, *shown)
        return html

    def _get(self, key):
        with self.lock:
            kept = self.pages.get(key)
            if kept is not None:
                self.pages.move_to_end(key)
            return kept

    def _put(self, key, kept):
        with self.lock:
            self.pages[key] = kept
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)
        return kept

    def clear(self):
        with self.lock:
            self.pages.clear()


def _request_parts(request):
    """What a page takes from the request rather than the database."""
    return (
        request.scheme,
        request.get_host(),
        get_script_prefix(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )


def read_values(row, *related):
    """What a page was read from: row's columns and the related rows' JSON columns (publicpages/related_rows.py)
    as they came from the database, and each related object's columns. Call it before unpacking the row.
    """
    columns = tuple(row.__dict__.get(field.attname) for field in type(row)._meta.concrete_fields)
    json_columns = tuple(value for name, value in row.__dict__.items() if name.startswith(COLUMN_PREFIX))
    return (columns, json_columns, *(_shown_columns(instance) for instance in related))


def _shown_columns(instance):
    if instance is None:
        return None
    skip = {"password", "last_login"}  # an account's: never shown, and a sign-in would only cost a render
    return tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields if field.name not in skip)


# The one store every public page kind shares, and one for the parts put into them (related
# stories, a show's or person's articles), so that parts never push whole pages out.
pages = ComposedPages()
parts = ComposedPages()
