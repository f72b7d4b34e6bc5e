"""The site's URLs plus a CSP report collector and two canaries, for the hostile-input test.

The collector keeps every report the browser sends (report-uri) in REPORTS;
the live server runs in the test's process, so the test reads them directly.
The canaries are pages with a real injection, proving the oracles see one:
/xss-canary/ under the public CSP, /admin/xss-canary/ under the admin's.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from dramasite.urls import urlpatterns as site_urlpatterns

REPORTS = []
CANARY = '<!doctype html><title>canary</title><main><img src="/no-such-image.png" onerror="alert(\'canary\')"></main>'


@csrf_exempt
def collect(request):
    REPORTS.append(request.body.decode("utf-8", "replace"))
    return HttpResponse(status=204)


def canary(request):
    return HttpResponse(CANARY)


urlpatterns = [
    path("csp-collector/", collect),
    path("xss-canary/", canary),
    path("admin/xss-canary/", canary),
    *site_urlpatterns,
]
