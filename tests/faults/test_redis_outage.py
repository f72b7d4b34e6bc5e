"""Redis stops under a running site: pages keep working without the cache, and caching resumes.

The cache is an optimisation (pagecache/cache_backends.py). The one feature
that fails closed is the readers' spoiler report, whose rate limit counts in
the cache: without it a report gets a clear 503 instead of unlimited posting.
"""

import re
import time

import psycopg
import redis

RENDITIONS_KEY = re.compile(rb"renditions:")
PAGE_KEY = re.compile(rb"pagecache:page:")


def public_paths(rows):
    return ["/", rows["article"], rows["show"], rows["person"], "/shows/", "/people/", "/search/?q=runner"]


def cache_keys(site):
    return redis.Redis.from_url(site.redis.url()).keys("*")


def test_public_pages_work_while_redis_is_down_and_caching_resumes(outage_site):
    """With Redis stopped every public page still answers 200 quickly with its content; after Redis
    returns (empty, as after a crash) the site fills the cache again by itself."""
    rows = outage_site.rows
    reader = outage_site.browser()
    for path in public_paths(rows):
        assert reader.get(path)[0] == 200, path
    keys = cache_keys(outage_site)
    assert any(RENDITIONS_KEY.search(key) for key in keys), "the article page uses the cache"
    assert any(PAGE_KEY.search(key) for key in keys), "pages are cached"

    outage_site.redis.stop()
    try:
        for _ in range(2):
            for path in public_paths(rows):
                started = time.monotonic()
                status, _, body = reader.get(path)
                assert status == 200, path
                assert time.monotonic() - started < 5, f"{path} hung on the dead cache"
        assert "Lovely Runner wins big" in reader.get(rows["article"])[2]
    finally:
        outage_site.redis.start()

    assert cache_keys(outage_site) == []
    for path in public_paths(rows):
        assert reader.get(path)[0] == 200, path
    # Pages are stored again. (Rendition lookups may not be: each process keeps complete sets for a minute.)
    assert any(PAGE_KEY.search(key) for key in cache_keys(outage_site)), "caching resumed"


def test_a_spoiler_report_is_refused_with_503_while_its_rate_limit_store_is_down(outage_site):
    """Without Redis the report's rate limit cannot count, so the report form answers a clear 503
    (stored nothing) rather than letting a flood through; once Redis is back the report goes in."""
    rows = outage_site.rows
    reader = outage_site.browser()
    status, _, page = reader.get(rows["article"])
    assert status == 200
    assert 'class="report-form"' in page
    # The form carries no token (the page is cached for everyone); a same-origin post is accepted.
    report = {"message": "It names the killer.", "episode": "12", "website": ""}
    report_url = rows["article"] + "report/"
    reports_before = count_reports(outage_site)

    outage_site.redis.stop()
    try:
        status, headers, body = reader.post(report_url, report)
    finally:
        outage_site.redis.start()
    assert status == 503
    assert headers["retry-after"] == "60"
    assert "Reports are paused for a moment" in body
    assert count_reports(outage_site) == reports_before

    status, headers, _ = reader.post(report_url, report)
    assert status == 303
    assert count_reports(outage_site) == reports_before + 1


def count_reports(site):
    with psycopg.connect(site.postgres.url("site")) as conn:
        return conn.execute("SELECT count(*) FROM articles_spoilerreport").fetchone()[0]
