"""Calling a WSGI application as gunicorn would, from a test: for what Django's test client skips.

The test client starts at Django's handler; the page cache's fast path
(pagecache/wsgi.py) and the bench's query header (bench/wsgi.py) sit in front
of it. Like the test client, this keeps Django from closing the test's
database connection at the end of the request.
"""

from dataclasses import dataclass
from wsgiref.headers import Headers
from wsgiref.util import setup_testing_defaults

from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@dataclass
class WsgiResponse:
    status: int
    headers: Headers
    body: bytes

    def __getitem__(self, name):
        return self.headers[name]

    def get(self, name, default=None):
        return self.headers.get(name, default)


def wsgi_environ(path, *, method="GET", query="", host="testserver", **extra):
    """The environ gunicorn would build for this request; extra takes more WSGI keys (HTTP_COOKIE=…)."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": host,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        **extra,
    }
    setup_testing_defaults(environ)
    return environ


def wsgi_request(application, path, **request):
    """One request through application (wsgi_environ's arguments); its status, headers and body."""
    env = wsgi_environ(path, **request)
    started = []

    def start_response(status, headers, exc_info=None):
        started.append((int(status.split()[0]), Headers(list(headers))))

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(env, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    status, headers = started[0]
    return WsgiResponse(status, headers, body)
