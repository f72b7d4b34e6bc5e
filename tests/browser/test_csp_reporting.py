"""In real Chromium, the public policy blocks an injected inline script and the browser reports it to /csp-report/."""

import logging
import time


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_an_injected_inline_script_is_blocked_and_reported(new_context, demo_site, console_errors, caplog, settings):
    """A script added to the page without the nonce does not run, and the violation reaches the report log."""
    # Chromium batches Reporting API (report-to) deliveries for up to a minute;
    # without report-to it posts to report-uri at once, which keeps this test
    # quick. Both formats are checked in tests/test_csp_reports.py.
    settings.SECURE_CSP = {key: value for key, value in settings.SECURE_CSP.items() if key != "report-to"}
    console_errors.allow(r"Content Security Policy")
    page = new_context().new_page()
    with caplog.at_level(logging.WARNING, logger="dramasite.csp"):
        page.goto(demo_site + "/")
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.injected = true'; document.body.append(s); }"
        )
        assert page.evaluate("() => window.injected === undefined")
        reported = wait_for(lambda: any("CSP violation" in r.getMessage() for r in caplog.records), seconds=30)
    assert reported, "Chromium sent no CSP report to /csp-report/"
    [line] = {r.getMessage() for r in caplog.records if "CSP violation" in r.getMessage()}
    assert "directive=script-src-elem" in line
    assert "blocked=inline" in line
    assert f"document={demo_site}/" in line
