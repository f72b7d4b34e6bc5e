"""The bare reference project of issue 19's frame: Django with no middleware and no apps.

`make bench` serves it with the same Python and gunicorn as the site, and compares
the site's pages with its two views (bench.views: HttpResponse("ok") and the
23 KB, 30-item template). Nothing of Dramasite is loaded: no database, no
middleware, no context processors, so its numbers are what Django itself costs
on this machine.
"""
