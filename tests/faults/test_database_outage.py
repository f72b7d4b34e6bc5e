"""PostgreSQL stops under a running site: a clear 503 page, then the site recovers without a restart.

Runs the site under gunicorn (production settings) against a private
PostgreSQL cluster (tests/faults/conftest.py) and really stops that cluster.
"""

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from rehearsal.services import REPO_ROOT

OUTAGE_HEADING = "We’ll be back in a moment"


def public_paths(rows):
    return ["/", rows["article"], rows["show"], rows["person"], "/shows/", "/people/", "/search/?q=runner"]


def log_in(browser, rows):
    status, _, body = browser.get("/admin/login/")
    assert status == 200
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    status, headers, _ = browser.post(
        "/admin/login/?next=/admin/",
        {"csrfmiddlewaretoken": token, "username": rows["editor"], "password": rows["password"]},
    )
    assert status == 302, "the editor could not log in"
    assert headers["location"] == "/admin/"


def test_postgres_outage_answers_503_and_the_site_recovers_by_itself(outage_site):
    """While PostgreSQL is stopped every page that must be rendered (public or admin, anonymous or logged
    in) is the static 503 page with Retry-After; once it is back, the same gunicorn workers serve 200 again."""
    rows = outage_site.rows
    reader, editor = outage_site.browser(), outage_site.browser()
    log_in(editor, rows)
    # Enough requests that every worker holds a persistent connection, which the outage will kill.
    for _ in range(3):
        for path in public_paths(rows):
            assert reader.get(path)[0] == 200, path
        assert editor.get("/admin/")[0] == 200
    gunicorn_pid = outage_site.server.process.pid

    outage_site.postgres.stop()
    try:
        # Addresses never asked before, so no page cache can hold them: they need the database.
        rendered = [(path, *reader.get(fresh(path, n))) for n in range(2) for path in public_paths(rows)]
        rendered += [(path, *editor.get(path)) for path in ("/admin/", "/admin/articles/article/", rows["article"])]
        # Pages asked before may come from a page cache (with the content) or be the 503 page.
        seen_before = [(path, *reader.get(path)) for path in public_paths(rows)]
        # An address with no page stays a 404: whether it moved cannot be asked, so it did not.
        missing = reader.get("/no-such-page/")
    finally:
        outage_site.postgres.start()

    for path, status, headers, body in rendered:
        assert status == 503, (path, status)
        assert_outage_page(headers, body)
    assert missing[0] == 404, missing[0]
    for path, status, headers, body in seen_before:
        assert status in (200, 503), (path, status)
        if status == 503:
            assert_outage_page(headers, body)

    for n in range(2, 4):
        for path in public_paths(rows):
            assert reader.get(path)[0] == 200, path
            assert reader.get(fresh(path, n))[0] == 200, path
        assert editor.get("/admin/")[0] == 200, "the editor's session survived the outage"
    assert outage_site.server.process.pid == gunicorn_pid
    assert outage_site.server.process.poll() is None


def fresh(path, n):
    return f"{path}{'&' if '?' in path else '?'}outage-test={n}"


def assert_outage_page(headers, body):
    assert headers["retry-after"] == "30"
    assert "no-store" in headers["cache-control"]
    assert OUTAGE_HEADING in body
    assert "Traceback" not in body
    assert "Error" not in body.replace("Error 503", "")
    assert "<script" not in body


@pytest.mark.parametrize("model", ["article", "show"])
def test_a_save_cut_off_by_the_outage_leaves_nothing_half_written(outage_site, model):
    """PostgreSQL dies after an admin save has written the article (or show) row and before its
    images (or credits): the editor gets the 503 page and, after the restart, the old article,
    its images and its credit set are all still exactly as they were."""
    before = snapshot(outage_site)
    result = subprocess.run(  # noqa: S603 -- our own interpreter and module
        [
            sys.executable,
            "-m",
            "tests.faults.save_during_outage",
            json.dumps(
                {
                    "model": model,
                    "pg_ctl_stop": outage_site.postgres.stop_command("immediate"),
                    "article_id": outage_site.rows["article_id"],
                    "show_id": outage_site.rows["show_id"],
                    "editor": outage_site.rows["editor"],
                }
            ),
        ],
        cwd=REPO_ROOT,
        env=outage_site.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        if not outage_site.postgres.is_running():
            outage_site.postgres.start()
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["postgres_stopped_mid_save"], answer["errors"]
    assert answer["status"] == 503
    assert OUTAGE_HEADING in answer["body"]
    assert snapshot(outage_site) == before


def snapshot(site):
    """The rows an article or show save writes, read straight from PostgreSQL, and the stored files."""
    rows = site.rows
    media = Path(site.env["DJANGO_MEDIA_ROOT"])
    with psycopg.connect(site.postgres.url("site")) as conn:
        return {
            "article": conn.execute(
                "SELECT headline, body, version FROM articles_article WHERE id = %s", [rows["article_id"]]
            ).fetchall(),
            "images": conn.execute(
                "SELECT image, alt_text, caption, is_lead FROM articles_articleimage WHERE article_id = %s ORDER BY id",
                [rows["article_id"]],
            ).fetchall(),
            "show": conn.execute("SELECT title, version FROM shows_show WHERE id = %s", [rows["show_id"]]).fetchall(),
            "credits": conn.execute(
                "SELECT person_id, character_name, billing_order FROM people_credit WHERE show_id = %s ORDER BY id",
                [rows["show_id"]],
            ).fetchall(),
            "files": sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file()),
        }
