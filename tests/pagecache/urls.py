"""The site's URLs plus two pages that render a per-reader value, to prove the cache refuses them."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from dramasite.urls import urlpatterns as site_urlpatterns
from pagecache import pages


def page_with_nonce(request):
    # Declares its dependencies like any public page, then uses the nonce in an inline script.
    pages.depends_on(request, "articles")
    return HttpResponse(f'<script nonce="{request._csp_nonce}">console.log(1)</script>')


def page_with_csrf_token(request):
    pages.depends_on(request, "articles")
    return HttpResponse(f'<input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">')


urlpatterns = [
    path("test/nonce/", page_with_nonce),
    path("test/csrf/", page_with_csrf_token),
    *site_urlpatterns,
]
