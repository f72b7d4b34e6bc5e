"""Stored pages answered before Django's handler runs: the page cache's fast path.

A hit through the middleware still costs Django's request handling (the request
object, the request_started and request_finished signals, the middleware
chain). For a plainly anonymous GET or HEAD (pages.reader()) whose page is
stored and fresh, this answers at the WSGI level with the stored status,
headers and body, which are the response as it left Django, security headers
and CSP included. Anything else, a stale page included, goes to Django, where
the middleware renders, stores, or hands out the copy from before a change.
"""

from http import HTTPStatus

from . import pages


class StoredPages:
    """WSGI middleware around Django's application (dramasite/wsgi.py)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        entry = pages.fresh_entry(environ)
        if entry is None:
            return self.application(environ, start_response)
        start_response(f"{entry.status} {HTTPStatus(entry.status).phrase}", [*entry.headers, ("X-Page-Cache", "hit")])
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [entry.content]
