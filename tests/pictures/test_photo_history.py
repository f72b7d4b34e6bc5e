"""A photo's corrections change every page it is on, so they are guarded like a story's:
a stale save is refused, and an earlier version can be looked at and restored by an editor."""

import pytest
from django.test import Client
from reversion.models import Version

from articles.models import ArticleImage
from pictures import renditions
from pictures.models import Photo
from rehearsal.admin_forms import form_data
from tests import factories as f
from tests.pictures.test_photo_library import change_url, errors_of, photo

pytestmark = pytest.mark.django_db


def history_url(row, version):
    return f"{change_url(row).removesuffix('change/')}history/{version.pk}/"


def test_a_second_editors_stale_correction_is_refused_with_what_they_typed(client, media_root):
    still = photo(alt_text="The leads")
    first, second = Client(), Client()
    first.force_login(f.make_staff("Editors"))
    second.force_login(f.make_staff("Editors"))
    opened_first, opened_second = form_data(first.get(change_url(still))), form_data(second.get(change_url(still)))
    opened_first["alt_text"] = "Kim Soo Hyun and Kim Ji Won under an umbrella"
    assert first.post(change_url(still), opened_first).status_code == 302
    opened_second["alt_text"] = "Two people"
    response = second.post(change_url(still), opened_second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this photo" in page and 'value="Two people"' in page
    assert Photo.objects.get().alt_text == "Kim Soo Hyun and Kim Ji Won under an umbrella"


def test_an_editor_restores_a_photos_earlier_text_and_every_use_follows(client, media_root):
    still = photo(alt_text="Right words")
    article = f.make_article()
    ArticleImage.objects.create(article=article, library_photo=still, position=0, caption="Mine")
    client.force_login(f.make_staff("Editors"))
    for words in ("Right words", "Wrong words"):
        data = form_data(client.get(change_url(still)))
        data["alt_text"] = words
        response = client.post(change_url(still), data)
        assert response.status_code == 302, errors_of(response)
    assert ArticleImage.objects.get().alt_text == "Wrong words"
    right = Version.objects.get_for_object(still).order_by("pk").first()
    response = client.post(history_url(still, right), form_data(client.get(history_url(still, right))))
    assert response.status_code == 302, errors_of(response)
    assert Photo.objects.get().alt_text == "Right words"
    assert ArticleImage.objects.get().alt_text == "Right words" and ArticleImage.objects.get().caption == "Mine"
    assert 'alt="Right words"' in Client().get(article.get_absolute_url()).content.decode()


def test_a_writer_may_read_a_photos_history_but_not_restore_it(client, media_root):
    still = photo(alt_text="Right words")
    editor = Client()
    editor.force_login(f.make_staff("Editors"))
    for words in ("Right words", "Newer words"):
        data = form_data(editor.get(change_url(still)))
        data["alt_text"] = words
        assert editor.post(change_url(still), data).status_code == 302
    client.force_login(f.make_staff("Writers"))
    version = Version.objects.get_for_object(still).order_by("pk").first()
    assert client.get(f"{change_url(still).removesuffix('change/')}history/").status_code == 200
    assert client.get(history_url(still, version)).status_code == 200
    data = form_data(client.get(history_url(still, version)))
    assert client.post(history_url(still, version), data).status_code == 403
    assert Photo.objects.get().alt_text == "Newer words"


def test_restoring_a_photos_earlier_file_brings_back_its_renditions(
    client, media_root, django_capture_on_commit_callbacks
):
    """A replaced file loses its resized copies; restoring the version with it makes them again."""
    client.force_login(f.make_staff("Editors"))
    with django_capture_on_commit_callbacks(execute=True):
        still = photo(file=f.upload("first.png", f.png_bytes(900, 600)))
        data = form_data(client.get(change_url(still)))
        assert client.post(change_url(still), data).status_code == 302  # a version with the first file
        first = Photo.objects.get().file.name
        data = form_data(client.get(change_url(still)))
        data["file"] = f.upload("second.png", f.png_bytes(800, 500), "image/png")
        data["alt_text"] = "The second picture"
        assert client.post(change_url(still), data).status_code == 302
    renditions.forget_local()
    stored = Photo.objects.get()
    assert stored.file.name != first and not renditions.available(Photo(file=first).file, 900)
    version = Version.objects.get_for_object(still).order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(history_url(still, version), form_data(client.get(history_url(still, version))))
    assert response.status_code == 302, errors_of(response)
    renditions.forget_local()
    restored = Photo.objects.get()
    assert restored.file.name == first
    assert {480, 800} <= {found.width for found in renditions.available(restored.file, restored.width)}
