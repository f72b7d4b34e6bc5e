"""WSGI entry point (gunicorn dramasite.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dramasite.settings")

django_application = get_wsgi_application()

from hardening.staticfiles import require_collected  # noqa: E402 -- needs the apps loaded above

require_collected()

# Fresh stored pages are answered before Django's handler runs (pagecache/wsgi.py).
from pagecache.wsgi import StoredPages  # noqa: E402 -- needs the apps loaded above

application = StoredPages(django_application)
