"""/media/ on one machine: the app serves the pictures it stored, and nothing else (pictures/views.py).

The route exists whatever DEBUG says (production on one box needs nothing else);
tests/storage/test_production_pictures.py fetches every demo picture from gunicorn.
"""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date

from pictures import renditions
from tests.factories import make_article, make_article_image, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture(media_root, django_capture_on_commit_callbacks):
    """An article image with its renditions, as an upload leaves them."""
    with django_capture_on_commit_callbacks(execute=True):
        image = make_article_image(make_article(), image=ContentFile(png_bytes(900, 600), name="still.png"))
    return image


def get(url, **headers):
    return Client().get(url, **headers)


def test_an_original_is_served_with_its_type_and_a_weeks_caching(picture):
    response = get(picture.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=604800"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        "sandbox" in response["Content-Security-Policy"]
        and "frame-ancestors 'none'" in response["Content-Security-Policy"]
    )
    assert b"".join(response.streaming_content) == default_storage.open(picture.image.name).read()
    assert int(response["Content-Length"]) == picture.image.size


def test_a_rendition_is_cached_for_a_year(picture):
    found = renditions.available(picture.image, picture.width)
    assert {rendition.extension for rendition in found} == {"avif", "webp", "png"}
    for rendition in found:
        response = get(default_storage.url(rendition.name))
        assert response.status_code == 200
        assert response["Content-Type"] == rendition.mime_type
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_revalidation_gets_304_and_head_gets_no_body(picture):
    first = get(picture.image.url)
    again = get(picture.image.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304 and not again.content
    later = get(
        picture.image.url, HTTP_IF_MODIFIED_SINCE=http_date((dt.datetime.now() - dt.timedelta(days=400)).timestamp())
    )
    assert later.status_code == 200
    head = Client().head(picture.image.url)
    assert head.status_code == 200 and head["Content-Type"] == "image/png"
    assert Client().post(picture.image.url).status_code == 405


@pytest.mark.parametrize(
    "name",
    [
        "page.html",
        "logo.svg",
        "notes.txt",
        "renditions/.partial-abc123.webp",
        ".hidden.png",
        "articles",
        "missing.png",
        "../settings.py",
        "articles/../../etc/passwd.png",
        "a%00b.png",
        "x.PNG.html",
    ],
)
def test_only_pictures_the_site_stored_are_served(media_root, name):
    """Anything else in the folder, outside it, or half-written, is a 404, never a file or a 500."""
    (media_root / "articles").mkdir()
    for stray in ("page.html", "logo.svg", "notes.txt", ".hidden.png", "x.PNG.html"):
        (media_root / stray).write_bytes(b"<script>alert(1)</script>")
    (media_root / "renditions").mkdir()
    (media_root / "renditions" / ".partial-abc123.webp").write_bytes(b"RIFF")
    assert get(f"/media/{name}").status_code == 404


def test_media_are_never_looked_up_in_the_page_cache(picture, settings, monkeypatch):
    """A picture costs no page-cache round trip and is never stored as a page."""
    from django.core.cache import cache

    settings.PAGE_CACHE = True
    calls = []
    monkeypatch.setattr(cache, "get_many", lambda *args, **kw: calls.append(args) or {})
    response = get(picture.image.url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert calls == []


def test_the_route_is_part_of_the_site_whatever_debug_says():
    """Production on one machine serves pictures too: the route does not depend on DEBUG."""
    assert reverse("media", kwargs={"name": "articles/a.png"}) == "/media/articles/a.png"
