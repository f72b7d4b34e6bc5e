"""Cross-site request forgery protection for anonymous reader forms, without a per-reader token.

The spoiler report and watch-progress forms sit on pages served from the page
cache, so they cannot carry Django's CSRF token (one reader's token would go to
everyone). Their views use django-modern-csrf's per-view check instead, the
algorithm of Go's net/http CrossOriginProtection: ``Sec-Fetch-Site:
same-origin`` or ``none`` passes, ``same-site``/``cross-site`` is refused
unless the Origin is this host or in CSRF_TRUSTED_ORIGINS; without that header
a foreign Origin is refused; with neither header (not a browser) it passes.
A refusal is Django's CSRF failure page (403). Admin and login keep tokens.
"""

from django.views.decorators.csrf import csrf_exempt
from modern_csrf.decorators import csrf_protect as fetch_metadata_protect


def same_origin_only(view):
    """Refuse cross-site POSTs to view by Fetch Metadata and Origin, in place of the token check."""
    # The inner view keeps no csrf_exempt mark, so the fetch-metadata check still runs on it.
    return csrf_exempt(fetch_metadata_protect(view))
