"""Test settings: the real settings, made fast and isolated."""

import tempfile

from dramasite.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="dramasite-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise warns when STATIC_ROOT is missing; tests never collect static files.
STATIC_ROOT = tempfile.mkdtemp(prefix="dramasite-test-static-")
# The browser tests' live server answers each connection in its own thread;
# kept-alive database connections there would outlive the tests and stop
# PostgreSQL from dropping the test database at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# A second, empty database that tests/test_export_import.py restores backups into.
# Its own test name, or Django would treat it as a mirror of the default one.
DATABASES["restore"] = {  # noqa: F405
    **DATABASES["default"],  # noqa: F405
    "TEST": {"NAME": f"test_{DATABASES['default']['NAME']}_restore"}  # noqa: F405
    if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"  # noqa: F405
    else {},
}
