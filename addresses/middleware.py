"""The 404 that has a redirect becomes a 301 (addresses/models.py).

Only a 404 is looked at, so a page that answers always wins over a redirect
from its address, and a request that finds a page costs nothing here. A path
below an address that moved follows it too: /shows/old-title/feed/ goes to
/shows/new-title/feed/ when /shows/old-title/ moved (automatic redirects only:
one an editor makes by hand means that address alone). The query string is kept.
"""

import logging

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect

from .models import Redirect

logger = logging.getLogger(__name__)


def _ancestors(path):
    """The path and every address above it that ends in "/", longest first: /a/b/ → /a/b/, /a/."""
    found = [path]
    parts = path.rstrip("/").split("/")
    for end in range(len(parts) - 1, 1, -1):
        found.append("/".join(parts[:end]) + "/")
    return found


class RedirectFallbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        if any(ord(char) < 32 for char in request.path):
            return response  # no stored address holds a control character (PostgreSQL refuses NUL outright)
        candidates = _ancestors(request.path)
        try:
            redirects = {
                old: (new, automatic)
                for old, new, automatic in Redirect.objects.filter(old_path__in=candidates).values_list(
                    "old_path", "new_path", "automatic"
                )
            }
        except DatabaseError as error:
            # A page that is not there stays a 404 while the database is away, not a 503.
            logger.warning("Redirects not looked up for %s: %s", request.path, error)
            return response
        for candidate in candidates:  # the longest match wins
            new, automatic = redirects.get(candidate, (None, False))
            if new is not None and (candidate == request.path or automatic):
                target = new + request.path[len(candidate) :]
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
        return response
