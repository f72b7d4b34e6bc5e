"""WSGI entry point (gunicorn dramasite.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dramasite.settings")

application = get_wsgi_application()
