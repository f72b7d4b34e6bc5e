"""Django's session middleware, taking a session the page cache already read.

The page cache (pagecache/pages.py) reads a request's session to learn whether
it is signed in before any view runs; this hands that store to the request instead
of reading the session a second time.
"""

from django.contrib.sessions.middleware import SessionMiddleware


class PreloadedSessionMiddleware(SessionMiddleware):
    def process_request(self, request):
        store = request.__dict__.pop("_preloaded_session", None)
        if store is None:
            super().process_request(request)
        else:
            request.session = store
