"""The endpoint browsers send Content-Security-Policy violation reports to.

Reports are written to the log as one compact line each and stored nowhere:
the log is where an operator watches a report-only rollout (docs/security.md, "CSP
rollout"), and nothing a stranger posts here can grow the database. Anyone can
post, so everything is bounded: the body size (413 before it is read), the rate
per client address (429), and every value that reaches the log (cut short,
control characters replaced).
"""

import json
import logging

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger("dramasite.csp")

# report-uri sends application/csp-report (some browsers application/json);
# the Reporting API (report-to) sends application/reports+json.
LEGACY_TYPES = {"application/csp-report", "application/json"}
REPORTING_API_TYPE = "application/reports+json"
# The fields worth a line in the log, in both formats' spellings.
FIELDS = {
    "document": ("document-uri", "documentURL"),
    "directive": ("effective-directive", "effectiveDirective", "violated-directive"),
    "blocked": ("blocked-uri", "blockedURL"),
    "source": ("source-file", "sourceFile"),
    "line": ("line-number", "lineNumber"),
    "disposition": ("disposition",),
}
FIELD_MAX_CHARS = 200
REPORTS_PER_REQUEST = 20


class BadReport(ValueError):
    """The body is not a CSP report in either format."""


@csrf_exempt  # browsers send reports without a token or cookies
@require_POST
def csp_report(request):
    """Log the violations in one report body; 204 whatever the outcome a browser could act on."""
    if is_ratelimited(request, group="csp-report", key="ip", rate=settings.CSP_REPORT_RATE, increment=True):
        return HttpResponse("Too many reports.", status=429, content_type="text/plain")
    body = _read_bounded(request, settings.CSP_REPORT_MAX_BYTES)
    if body is None:
        return HttpResponse("Report too large.", status=413, content_type="text/plain")
    content_type = request.content_type
    if content_type not in LEGACY_TYPES | {REPORTING_API_TYPE}:
        return HttpResponse("Not a CSP report.", status=415, content_type="text/plain")
    try:
        violations = _violations(json.loads(body), reporting_api=content_type == REPORTING_API_TYPE)
    except (ValueError, UnicodeDecodeError):  # JSONDecodeError and BadReport are ValueErrors
        return HttpResponse("Not a CSP report.", status=400, content_type="text/plain")
    for violation in violations[:REPORTS_PER_REQUEST]:
        logger.warning("CSP violation %s", _compact(violation))
    return HttpResponse(status=204)


def _read_bounded(request, limit):
    """The body, or None when it is over limit; never reads more than limit + 1 bytes."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body


def _violations(data, *, reporting_api):
    """The violation dicts in a parsed report body."""
    if reporting_api:
        if not isinstance(data, list):
            raise BadReport("a Reporting API body is a list")
        bodies = [item.get("body") for item in data if isinstance(item, dict) and item.get("type") == "csp-violation"]
    else:
        bodies = [data.get("csp-report")] if isinstance(data, dict) else []
    if not bodies or not all(isinstance(body, dict) for body in bodies):
        raise BadReport("no CSP violation in the body")
    return bodies


def _compact(violation):
    """key=value pairs of the fields we keep, each bounded and printable."""
    parts = []
    for name, keys in FIELDS.items():
        value = next((violation[key] for key in keys if key in violation), None)
        if value is not None:
            parts.append(f"{name}={_printable(value)}")
    return " ".join(parts) or "(no fields)"


def _printable(value):
    text = str(value)[:FIELD_MAX_CHARS]
    # No newlines or other control characters: one report, one log line.
    return "".join(char if char.isprintable() and not char.isspace() else "_" for char in text)
