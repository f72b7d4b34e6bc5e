"""The site's URLs plus uploaded media, for the live server the browser tests drive.

The site serves media itself only with DEBUG on (tests run with DEBUG off), and
each test has its own MEDIA_ROOT, so the folder is read per request.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from dramasite.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", media), *site_urlpatterns]
