"""Every picture of the demo, as a deployed site gives it: gunicorn, DJANGO_DEBUG=0, collectstatic.

Twice: media on the app's own disk (served at /media/ by the site) and media in
an S3-compatible bucket (pages link to the bucket). The demo is loaded and its
renditions made with the production settings, every public page of the demo is
fetched from gunicorn, and every picture, stylesheet and script those pages name
is fetched the way a browser would: each must answer 200 with the right type.
"""

import re
import urllib.error
import urllib.request
from html import unescape
from urllib.parse import urljoin, urlsplit

import boto3
import pytest

from rehearsal.services import Gunicorn, free_port, manage, site_environment

from .conftest import KEYS

PAGES = ["/", "/shows/", "/people/"]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 -- our own loopback servers
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def page_links(html, base):
    """Absolute URLs of the page's pictures (src and srcset), stylesheets and scripts, and its own site links."""
    pictures = re.findall(r'<img[^>]* src="([^"]+)"', html)
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        pictures += [candidate.strip().split(" ")[0] for candidate in srcset.split(",")]
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(r'<script src="([^"]+)"', html)
    links = re.findall(r'<a [^>]*href="(/(?:articles|shows|people)/[^"#?]+)"', html)
    absolute = lambda found: {urljoin(base, unescape(url)) for url in found}  # noqa: E731
    return absolute(pictures), absolute(assets), absolute(links)


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """collectstatic once, with the production settings (manifest names, compression)."""
    root = tmp_path_factory.mktemp("static")
    env = site_environment(database_url="sqlite://:memory:", redis_url="", media_root=root / "unused")
    env["DJANGO_STATIC_ROOT"] = str(root)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return root


def production_site(tmp_path, static_root, **media_env):
    env = site_environment(
        database_url=f"sqlite:///{tmp_path / 'site.sqlite3'}", redis_url="", media_root=tmp_path / "media"
    )
    env.update(DJANGO_STATIC_ROOT=str(static_root), **media_env)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo")
    manage(env, "make_renditions")
    server = Gunicorn(free_port(8190, 8199), env, workers=2)
    server.start()
    return server


def crawl_pictures(base):
    """Fetch the demo's pages from the home, shows and people indexes one link deep; return every URL they name."""
    pictures, assets, seen, queue = set(), set(), set(), [urljoin(base, page) for page in PAGES]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, headers, body = fetch(url)
        assert status == 200, url
        found_pictures, found_assets, links = page_links(body.decode(), base)
        pictures |= found_pictures
        assets |= found_assets
        if urlsplit(url).path in PAGES:
            queue += sorted(links - seen)
    return seen, pictures, assets


def assert_every_picture_shows(pictures, assets):
    assert len(pictures) >= 20
    for url in sorted(pictures):
        status, headers, body = fetch(url)
        assert status == 200, url
        assert headers["Content-Type"] in ("image/png", "image/avif", "image/webp", "image/jpeg", "image/gif"), url
        assert body, url
    for url in sorted(assets):
        status, headers, _ = fetch(url)
        assert status == 200, url
        assert headers["Content-Type"].split(";")[0] in ("text/css", "text/javascript", "application/javascript"), url


def test_every_picture_shows_with_media_on_the_apps_disk(tmp_path, static_root):
    """The default, one machine: gunicorn in production mode serves /media/ itself, every picture 200."""
    server = production_site(tmp_path, static_root)
    try:
        pages, pictures, assets = crawl_pictures(server.base_url)
        assert len(pages) > 20  # articles, shows and people, not just the indexes
        assert all(url.startswith(f"{server.base_url}/media/") for url in pictures)
        assert_every_picture_shows(pictures, assets)
        status, headers, _ = fetch(next(url for url in sorted(pictures) if "/renditions/" in url))
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers["X-Content-Type-Options"] == "nosniff"
    finally:
        server.stop()


def test_every_picture_shows_with_media_in_a_bucket(tmp_path, static_root, s3_server):
    """Several machines: uploads, renditions and the demo go to the bucket; pages link there; every picture 200."""
    bucket = "dramasite-production"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server.endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["DJANGO_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["DJANGO_S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=bucket)
    server = production_site(
        tmp_path,
        static_root,
        DJANGO_MEDIA_STORAGE="s3",
        DJANGO_S3_BUCKET=bucket,
        DJANGO_S3_ENDPOINT_URL=s3_server.endpoint,
        DJANGO_S3_REGION="us-east-1",
        DJANGO_S3_DEFAULT_ACL="public-read",
        **KEYS,
    )
    try:
        pages, pictures, assets = crawl_pictures(server.base_url)
        assert all(url.startswith(f"{s3_server.endpoint}/{bucket}/") for url in pictures)
        assert_every_picture_shows(pictures, assets)
        assert fetch(f"{server.base_url}/media/renditions/x.webp")[0] == 404  # the app does not serve media here
        stored = client.list_objects_v2(Bucket=bucket)["KeyCount"]
        assert stored >= 30
        local = tmp_path / "media"
        assert not local.exists() or not [path for path in local.rglob("*") if path.is_file()]
        # The page's policy lets the browser load pictures from the bucket.
        policy = fetch(server.base_url + "/")[1]["Content-Security-Policy"]
        assert f"img-src 'self' data: {s3_server.endpoint}" in policy
    finally:
        server.stop()
