"""Pictures in object storage (DJANGO_MEDIA_STORAGE=s3), against moto's S3-compatible server over HTTP.

Uploads through the admin, renditions made, listed, replaced and deleted, the
roll-back of a failed save, make_renditions, export_content and import_content,
and the pages' links, which a reader's browser follows to the bucket.
"""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client

from articles.models import Article, ArticleImage
from people.models import Person
from pictures import renditions
from pictures.upload_rollback import kept_only_if_saved
from rehearsal.admin_forms import form_data
from tests.factories import image_bytes, logged_in, make_article, make_person, make_staff, png_bytes, upload

from .conftest import use_bucket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # rendition lookups are keyed by name, and names repeat across tests


def picture_urls(html):
    """Every picture URL a page offers: img src and every srcset candidate."""
    urls = re.findall(r'<img[^>]* src="([^"]+)"', html)
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls += [candidate.strip().split(" ")[0] for candidate in srcset.split(",")]
    return urls


def test_an_admin_upload_lands_in_the_bucket_with_its_renditions(bucket, django_capture_on_commit_callbacks):
    """An editor's upload is re-encoded into the bucket; its renditions follow on commit; pages link there."""
    editor = logged_in(make_staff("Editors"))
    article = make_article(headline="Stored in the cloud", author=make_staff("Writers"))
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor.get(url))
    data.update(
        {
            "images-TOTAL_FORMS": "1",
            "images-0-image": upload("lead.png", png_bytes(1000, 500), "image/png"),
            "images-0-alt_text": "The leads",
            "images-0-credit": "tvN",
            "images-0-position": "0",
            "images-0-is_lead": "on",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url, data).status_code == 302
    image = ArticleImage.objects.get(article=article)
    keys = bucket.names()
    assert image.image.name in keys
    made = {rendition.name for rendition in renditions.expected(image.image.name, image.width)}
    assert made <= set(keys) and len(made) == 9  # 480, 800 and 1000 wide, AVIF, WebP and PNG

    html = Client().get(article.get_absolute_url()).content.decode()
    urls = picture_urls(html)
    assert urls and all(found.startswith(f"{bucket.endpoint}/{bucket.name}/") for found in urls)
    for found in urls:
        status, content_type, body = bucket.fetch(found)
        assert status == 200 and content_type in ("image/png", "image/avif", "image/webp") and body


def test_replacing_and_deleting_an_image_removes_its_renditions(bucket, django_capture_on_commit_callbacks):
    """A library photo's new file gets new renditions and the old ones go; deleting the photo, once
    nothing shows it, removes the rest."""
    person = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        person.photo = ContentFile(png_bytes(900, 900), name="first.png")
        person.save()
    first = person.photo.name
    first_renditions = {r.name for r in renditions.expected(first, person.photo_width)}
    assert first_renditions <= set(bucket.names("renditions/"))
    photo = person.library_photo
    with django_capture_on_commit_callbacks(execute=True):
        photo.file = ContentFile(image_bytes(700, 700, "JPEG"), name="second.jpg")
        photo.save()
    person.refresh_from_db()
    second_renditions = {r.name for r in renditions.expected(person.photo.name, person.photo_width)}
    assert person.photo.name == photo.file.name
    assert set(bucket.names("renditions/")) == second_renditions
    assert renditions.available(person.photo, person.photo_width)  # listed from the bucket
    with django_capture_on_commit_callbacks(execute=True):
        Person.objects.get(pk=person.pk).delete()
        photo.delete()
    assert bucket.names("renditions/") == []


def test_a_failed_save_takes_its_upload_back_out_of_the_bucket(bucket):
    """The roll-back of a save that does not commit deletes the object it wrote."""
    person = make_person()
    with pytest.raises(IntegrityError), kept_only_if_saved(), transaction.atomic():
        person.photo = upload("undone.png", png_bytes(12, 16))
        person.save()
        assert any(key.endswith(".png") for key in bucket.names())
        raise IntegrityError("later in the same save")
    assert bucket.names() == []


def test_two_uploads_of_the_same_name_keep_two_objects(bucket):
    """As on disk, a second photo.png does not overwrite the first (file_overwrite is off)."""
    one, two = make_person(), make_person()
    for person in (one, two):
        person.photo = upload("photo.png", png_bytes(10, 10))
        person.save()
    assert one.photo.name != two.photo.name
    assert {one.photo.name, two.photo.name} <= set(bucket.names())


def test_make_renditions_fills_in_what_the_bucket_lacks(bucket):
    """A row whose picture arrived without renditions (a raw load) gets them from the command, over HTTP."""
    name = "people/loaded.png"
    bucket.client.put_object(Bucket=bucket.name, Key=name, Body=png_bytes(600, 400))
    person = make_person()
    Person.objects.filter(pk=person.pk).update(photo=name, photo_width=600, photo_height=400)
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert out.getvalue().strip() == "Checked 1 images; made 6 renditions; 0 failed."
    assert {r.name for r in renditions.expected(name, 600)} == set(bucket.names("renditions/"))
    call_command("make_renditions", stdout=(again := io.StringIO()))
    assert "made 0 renditions" in again.getvalue()


@pytest.mark.django_db(databases=["default", "restore"])
def test_export_and_import_round_trip_between_buckets(
    settings, s3_server, tmp_path, django_capture_on_commit_callbacks
):
    """export_content reads every object; import_content writes them into an empty bucket under their names."""
    source = use_bucket(settings, s3_server)
    with django_capture_on_commit_callbacks(execute=True):
        person = make_person(slug="stored")
        person.photo = ContentFile(png_bytes(500, 300), name="portrait.png")
        person.save()
    originals = {key: source.read(key) for key in source.names() if not key.startswith("renditions/")}
    archive = tmp_path / "site.tar.gz"
    call_command("export_content", str(archive), stdout=io.StringIO(), stderr=io.StringIO())

    target = use_bucket(settings, s3_server)
    call_command("import_content", str(archive), "--database", "restore", stdout=io.StringIO(), stderr=io.StringIO())
    restored = Person.objects.using("restore").get(slug="stored")
    assert {key: target.read(key) for key in target.names() if not key.startswith("renditions/")} == originals
    assert {r.name for r in renditions.expected(restored.photo.name, restored.photo_width)} <= set(
        target.names("renditions/")
    )


def test_pages_link_to_the_cdn_domain_when_one_is_set(settings, s3_server):
    """DJANGO_S3_CUSTOM_DOMAIN: every picture URL on a page is on the CDN's domain."""
    use_bucket(settings, s3_server, DJANGO_S3_CUSTOM_DOMAIN="pictures.example.test", DJANGO_S3_URL_PROTOCOL="https:")
    person = make_person(slug="on-the-cdn")
    person.photo = ContentFile(png_bytes(300, 300), name="cdn.png")
    person.save()
    html = Client().get(person.get_absolute_url()).content.decode()
    urls = picture_urls(html)
    assert urls and all(
        url.startswith("https://pictures.example.test/photos/")
        or url.startswith("https://pictures.example.test/renditions/")
        for url in urls
    )


def test_an_article_page_costs_no_more_queries_with_pictures_in_a_bucket(bucket, django_assert_max_num_queries):
    """Storage is not the database: the article page keeps its budget of 10 queries."""
    article = make_article()
    for position in range(3):
        ArticleImage.objects.create(
            article=article, image=upload(f"p{position}.png", png_bytes(20, 10)), alt_text="x", position=position
        )
    Client().get(article.get_absolute_url())  # the rendition lookups are asked of the bucket once
    with django_assert_max_num_queries(10):
        assert Client().get(article.get_absolute_url()).status_code == 200
    assert Article.objects.count() == 1
