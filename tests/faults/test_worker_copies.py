"""Each gunicorn worker's own copies of hot pages (pagecache/worker_copies.py) never outlive a change.

Two workers serve the site from their memory; another process saves. Every
request that starts after that save has returned must show it, whichever
worker answers; and a Redis restart must leave no copy behind.
"""

from rehearsal.services import manage, wait_until

RENAME = (
    "from articles.models import Article\n"
    "article = Article.objects.get(pk={pk})\n"
    "article.headline = {headline!r}\n"
    "article.save()\n"
)


def rename(site, headline):
    """Save a new headline from a process of its own, as a second app server would."""
    manage(site.env, "shell", "-c", RENAME.format(pk=site.rows["article_id"], headline=headline))


def served_from_copies(reader, path):
    """Both workers answer the page from memory."""
    return all(reader.get(path)[1].get("x-page-cache") == "hit" for _ in range(12))


def test_every_worker_shows_a_change_once_the_save_has_returned(outage_site):
    reader = outage_site.browser()
    path = outage_site.rows["article"]
    try:
        for round_number in range(4):
            wait_until(lambda: served_from_copies(reader, path), 10, "the page served from the workers' copies")
            headline = f"Lovely Runner wins big, take {round_number}"
            rename(outage_site, headline)
            for _ in range(12):
                status, _, body = reader.get(path)
                assert status == 200 and headline in body, "a worker served its copy from before the save"
    finally:
        rename(outage_site, "Lovely Runner wins big")


def test_a_redis_restart_leaves_no_copy_behind(outage_site):
    """Redis restarts empty while a change is saved: bumps made then are lost, and so are the copies."""
    reader = outage_site.browser()
    path = outage_site.rows["article"]
    try:
        wait_until(lambda: served_from_copies(reader, path), 10, "the page served from the workers' copies")
        outage_site.redis.stop()
        try:
            rename(outage_site, "Saved while Redis was down")
        finally:
            outage_site.redis.start()
        for _ in range(12):
            status, _, body = reader.get(path)
            assert status == 200 and "Saved while Redis was down" in body
    finally:
        rename(outage_site, "Lovely Runner wins big")
