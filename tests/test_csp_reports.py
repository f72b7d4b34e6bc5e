"""The CSP report endpoint: takes both report formats, logs one bounded line, and cannot be flooded."""

import json
import logging
import time
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

URL = "/csp-report/"

LEGACY_REPORT = {
    "csp-report": {
        "document-uri": "https://news.example/articles/finale/",
        "referrer": "",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'; script-src 'self' 'nonce-abc'",
        "disposition": "enforce",
        "blocked-uri": "inline",
        "line-number": 12,
        "source-file": "https://news.example/articles/finale/",
        "status-code": 200,
    }
}
REPORTING_API_REPORT = [
    {
        "age": 10,
        "type": "csp-violation",
        "url": "https://news.example/",
        "user_agent": "Mozilla/5.0",
        "body": {
            "documentURL": "https://news.example/",
            "effectiveDirective": "img-src",
            "blockedURL": "https://tracker.example/pixel.gif",
            "disposition": "report",
            "originalPolicy": "img-src 'self' data:",
            "statusCode": 200,
        },
    }
]


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test starts with no reports counted against the test client's address."""
    cache.clear()
    yield
    cache.clear()


def post(body, content_type="application/csp-report", client=None):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return (client or Client()).generic("POST", URL, data, content_type=content_type)


def test_the_policy_points_at_this_endpoint():
    """The address in the policies' report-uri is the one that takes reports."""
    assert reverse("csp-report") == URL


def test_a_legacy_report_is_logged_in_one_line_and_answered_204(caplog):
    """A report-uri report (application/csp-report) gets 204 and one compact log line with its key fields."""
    with caplog.at_level(logging.WARNING, logger="dramasite.csp"):
        response = post(LEGACY_REPORT)
    assert response.status_code == 204
    assert response.content == b""
    [record] = caplog.records
    line = record.getMessage()
    assert "directive=script-src-elem" in line
    assert "blocked=inline" in line
    assert "document=https://news.example/articles/finale/" in line
    assert "original-policy" not in line and "nonce-abc" not in line


def test_a_reporting_api_report_is_logged(caplog):
    """A report-to report (application/reports+json, a list) gets 204 and its violation is logged."""
    with caplog.at_level(logging.WARNING, logger="dramasite.csp"):
        response = post(REPORTING_API_REPORT, content_type="application/reports+json")
    assert response.status_code == 204
    [record] = caplog.records
    assert "directive=img-src" in record.getMessage()
    assert "blocked=https://tracker.example/pixel.gif" in record.getMessage()


def test_no_csrf_token_needed():
    """Browsers send reports without a CSRF token; the endpoint takes them from a CSRF-checking client."""
    assert post(LEGACY_REPORT, client=Client(enforce_csrf_checks=True)).status_code == 204


def test_a_hostile_report_cannot_flood_or_forge_log_lines(caplog):
    """Long values are cut and newlines replaced, so one report is one short line."""
    report = {"csp-report": {"document-uri": "x" * 5000, "blocked-uri": "evil\nCSP violation forged=1\r\n"}}
    with caplog.at_level(logging.WARNING, logger="dramasite.csp"):
        assert post(report).status_code == 204
    [record] = caplog.records
    line = record.getMessage()
    assert "\n" not in line and "\r" not in line
    assert len(line) < 500


def test_an_oversized_report_is_refused_with_413():
    """A body over 8 KB is refused with 413 without being parsed."""
    report = {"csp-report": {"document-uri": "https://news.example/", "blocked-uri": "x" * 9000}}
    assert post(report).status_code == 413


def test_an_oversized_body_is_refused_even_with_a_false_content_length():
    """A body larger than it claims is cut off at the limit and refused, not read whole."""
    body = json.dumps({"csp-report": {"blocked-uri": "x" * 20000}}).encode()
    response = Client().generic("POST", URL, body, content_type="application/csp-report", CONTENT_LENGTH="100")
    # Django reads at most CONTENT_LENGTH bytes, so a lying length leaves a truncated body: refused, never 500.
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_get_405(method):
    """Only POST is accepted."""
    response = getattr(Client(), method)(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        b"\xff\xfe{\x80",
        "[]",
        '"a string"',
        '{"csp-report": "not an object"}',
        '{"something": "else"}',
        "   ",
    ],
)
def test_garbage_is_400_not_500(body):
    """Bodies that are not JSON, or not a CSP report, get 400."""
    assert post(body).status_code == 400


def test_garbage_reporting_api_body_is_400():
    """A Reporting API body that holds no csp-violation gets 400."""
    assert post({"type": "csp-violation"}, content_type="application/reports+json").status_code == 400
    assert post([{"type": "deprecation", "body": {}}], content_type="application/reports+json").status_code == 400


def test_other_content_types_get_415():
    """A form post or plain text is not a report."""
    assert post("csp-report=1", content_type="application/x-www-form-urlencoded").status_code == 415


def test_one_client_is_rate_limited_with_429(settings, monkeypatch):
    """After 60 reports in a minute from one address, the next gets 429; another address still gets through."""
    # django-ratelimit counts in windows aligned to the clock: 61 posts that straddle a minute's end
    # land in two windows, so the clock is held inside one.
    start = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: start))
    for _ in range(60):
        assert post(LEGACY_REPORT).status_code == 204
    assert post(LEGACY_REPORT).status_code == 429
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert post(LEGACY_REPORT, client=other).status_code == 204
