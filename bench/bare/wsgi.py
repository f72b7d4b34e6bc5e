"""WSGI entry of the bare reference project (scripts/bench.py serves it with gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bare.settings"
application = get_wsgi_application()
