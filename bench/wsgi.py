"""WSGI entry of `make bench`: the site's application, with each response's SQL query count in a header.

Counted around the whole WSGI application, so a page the page cache answers
before Django's handler runs (pagecache/wsgi.py) is counted too. The runner
reads X-Bench-Queries; production's dramasite.wsgi never adds it.
"""

import os

from django.db import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from dramasite.wsgi import application as site_application  # noqa: E402 -- after the settings are chosen


class QueryCountHeader:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        def start_with_count(status, headers, exc_info=None):
            # Django calls this once the response is built: every query of the page has run.
            return start_response(status, [*headers, ("X-Bench-Queries", str(count))], exc_info)

        with connections["default"].execute_wrapper(counter):
            return self.application(environ, start_with_count)


application = QueryCountHeader(site_application)
