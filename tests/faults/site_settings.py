"""The production settings the outage tests run gunicorn with.

Everything comes from dramasite.settings and the environment (DJANGO_DEBUG=0,
PostgreSQL, Redis), except static files: plain storage instead of the
manifest one, so the tests need no collectstatic run (they never fetch CSS).
"""

from dramasite.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
