"""When the database is unreachable, say so: a static 503 page with Retry-After.

A dead or restarting PostgreSQL surfaces as OperationalError or
InterfaceError wherever the first query happens: in a view, or in middleware
(a session or the logged-in user read late, messages saved on the way out).
Views are covered by DatabaseOutageMiddleware.process_exception, which logs
one line instead of a traceback per request; everything else ends in
handler500, which looks at the exception being handled and picks the same 503
page. The page is templates/503.html, rendered without a request or context
processors, so it needs neither the database nor the cache.

Recovery needs nothing from us: after a failed query Django closes the broken
connection at the end of the request, and conn_health_checks tests a reused
one before the next request, so workers reconnect once PostgreSQL is back.
"""

import logging
import re
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)
NOT_MIGRATED = re.compile(r"no such (table|column)")
RETRY_AFTER_SECONDS = 30


def outage_response():
    """The 503 page: static, never stored by a shared cache, with a hint when to try again."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Turn a database connection failure in a view into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OUTAGE_ERRORS):
            if NOT_MIGRATED.search(str(exception)):
                # SQLite reports a database that was never migrated as an OperationalError too.
                logger.error("The database is not migrated (%s): run `manage.py migrate`.", exception)
            else:
                logger.warning("Database unavailable for %s %s: %s", request.method, request.path, exception)
            return outage_response()
        return None


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: the 503 page when the unhandled error is a database outage, else Django's 500 page."""
    if isinstance(sys.exception(), OUTAGE_ERRORS):
        return outage_response()
    return defaults.server_error(request, template_name)
