"""Admin saves are all or nothing: a failure midway leaves every table and MEDIA_ROOT as they were.

Each test opens a real admin change form, adds an upload and new inline rows,
and makes the save fail after the file is written and some rows are saved
(the second row of the last inline raises IntegrityError, as a database error
would). The database must then hold exactly what it held before, and no new
file may be left behind. The same post without the fault then succeeds, which
shows the failure really came after the writes.
"""

import datetime as dt
from unittest import mock

import pytest
from django.apps import apps
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError

from articles.models import Article, ArticleImage, PullQuote, VideoEmbed
from people.models import Credit, Person
from rehearsal.admin_forms import form_data
from shows.models import Episode, Show
from tests.conftest import stored_files
from tests.factories import (
    logged_in,
    make_article,
    make_person,
    make_service,
    make_show,
    make_staff,
    make_user,
    png_bytes,
    upload,
)

SKIPPED_TABLES = {"sessions.Session"}  # the login's session row may be touched by any request


def database_snapshot():
    """Every row of every table, in primary-key order."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.label not in SKIPPED_TABLES and not model._meta.proxy
    }


def fail_on_second_save(model):
    """Let the first save of model through, then raise as the database would on the second."""
    real_save = model.save
    calls = []

    def save(instance, *args, **kwargs):
        calls.append(instance)
        if len(calls) == 2:
            raise IntegrityError("injected: the database refused the second row")
        return real_save(instance, *args, **kwargs)

    return mock.patch.object(model, "save", autospec=True, side_effect=save)


class WrittenFiles:
    """Names the file storage wrote during the block, to prove the file existed before the rollback."""

    def __init__(self):
        self.names = []

    def __enter__(self):
        real = FileSystemStorage._save

        def spy(storage, name, content):
            stored = real(storage, name, content)
            self.names.append(stored)
            return stored

        self._patch = mock.patch.object(FileSystemStorage, "_save", autospec=True, side_effect=spy)
        self._patch.__enter__()
        return self

    def __exit__(self, *exc):
        return self._patch.__exit__(*exc)


def assert_all_or_nothing(client, url, make_data, failing_model, media_root):
    """A faulty save changes nothing and leaves no file; the same save without the fault goes through."""
    client.raise_request_exception = False
    before_rows, before_files = database_snapshot(), stored_files(media_root)
    with WrittenFiles() as written, fail_on_second_save(failing_model):
        response = client.post(url, make_data())
    assert response.status_code == 500
    assert written.names, "the fault must come after the upload was written"
    assert database_snapshot() == before_rows
    assert stored_files(media_root) == before_files

    response = client.post(url, make_data())
    assert response.status_code == 302, response.context and response.context["errors"]
    assert database_snapshot() != before_rows
    return sorted(set(stored_files(media_root)) - set(before_files))


def with_rows(data, prefix, rows):
    data = dict(data)
    initial = int(data[f"{prefix}-INITIAL_FORMS"])
    for offset, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{initial + offset}-{key}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(initial + len(rows))
    return data


@pytest.mark.django_db
def test_article_save_with_images_quotes_and_videos_is_all_or_nothing(media_root):
    """Article + new image + quotes + videos: a failing second video undoes the article, image and quotes."""
    user = make_staff("Editors")
    editor = logged_in(user)
    article = make_article(headline="Before the save", author=user)
    url = f"/admin/articles/article/{article.pk}/change/"
    shown = form_data(editor.get(url))

    def data():
        posted = {**shown, "headline": "After the save"}
        posted = with_rows(
            posted,
            "images",
            [
                {
                    "image": upload("still.png", png_bytes(40, 30)),
                    "alt_text": "A still",
                    "credit": "tvN",
                    "position": "0",
                }
            ],
        )
        posted = with_rows(posted, "quotes", [{"text": "We cried", "attribution": "Kim Ji Won", "position": "1"}])
        return with_rows(
            posted,
            "videos",
            [
                {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "position": "1"},
                {"url": "https://youtu.be/aqz-KE-bpKQ", "position": "2"},
            ],
        )

    new_files = assert_all_or_nothing(editor, url, data, VideoEmbed, media_root)
    article.refresh_from_db()
    assert article.headline == "After the save"
    assert [image.image.name for image in ArticleImage.objects.filter(article=article)] == new_files
    assert PullQuote.objects.filter(article=article).count() == 1
    assert VideoEmbed.objects.filter(article=article).count() == 2


@pytest.mark.django_db
def test_show_save_with_poster_credits_episodes_and_availability_is_all_or_nothing(media_root):
    """Show + new poster + availability + episodes + credits: a failing second credit undoes all of it."""
    editor = logged_in(make_staff("Editors"))
    show = make_show(title="Queen of Tears")
    first, second, service = make_person(), make_person(), make_service()
    url = f"/admin/shows/show/{show.pk}/change/"
    shown = form_data(editor.get(url))

    def data():
        posted = {
            **shown,
            "poster": upload("poster.png", png_bytes(30, 45)),
            "poster_alt": "Key art",
            "poster_credit": "tvN",
        }
        posted = with_rows(posted, "availabilities", [{"service": service.pk, "regions": "International"}])
        posted = with_rows(
            posted,
            "episodes",
            [{"number": "1", "air_date": dt.date(2024, 3, 9).isoformat()}, {"number": "2"}],
        )
        return with_rows(
            posted,
            "credits",
            [
                {"person": first.pk, "kind": "lead", "character_name": "Baek Hyun-woo", "billing_order": "1"},
                {"person": second.pk, "kind": "lead", "character_name": "Hong Hae-in", "billing_order": "2"},
            ],
        )

    new_files = assert_all_or_nothing(editor, url, data, Credit, media_root)
    show.refresh_from_db()
    assert [show.poster.name] == new_files
    assert Episode.objects.filter(show=show).count() == 2
    assert Credit.objects.filter(show=show).count() == 2
    assert show.availabilities.count() == 1


@pytest.mark.django_db
def test_person_save_with_photo_and_credits_is_all_or_nothing(media_root):
    """Person + new photo + credits: a failing second credit undoes the person's changes and the photo."""
    editor = logged_in(make_staff("Editors"))
    person = make_person(name="Kim Ji Won")
    first, second = make_show(), make_show()
    url = f"/admin/people/person/{person.pk}/change/"
    shown = form_data(editor.get(url))

    def data():
        posted = {
            **shown,
            "photo": upload("portrait.jpg", png_bytes(30, 40)),
            "photo_alt": "Portrait",
            "photo_credit": "tvN",
        }
        posted["hangul_name"] = "김지원"
        return with_rows(
            posted,
            "credits",
            [
                {"show": first.pk, "kind": "lead", "character_name": "Hong Hae-in", "billing_order": "1"},
                {"show": second.pk, "kind": "lead", "character_name": "Yeom Mi-jeong", "billing_order": "1"},
            ],
        )

    new_files = assert_all_or_nothing(editor, url, data, Credit, media_root)
    person.refresh_from_db()
    assert person.hangul_name == "김지원"
    assert [person.photo.name] == new_files
    assert person.credits.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_really_rolled_back_transaction_leaves_no_file(media_root):
    """Outside the test's own transaction, the admin's transaction is the real one: the same promise holds."""
    client = logged_in(make_user(is_staff=True, is_superuser=True))
    show, person = make_show(), make_person()
    url = f"/admin/people/person/{person.pk}/change/"
    shown = form_data(client.get(url))

    def data():
        posted = {
            **shown,
            "photo": upload("portrait.png", png_bytes(30, 40)),
            "photo_alt": "Portrait",
            "photo_credit": "tvN",
        }
        return with_rows(
            posted,
            "credits",
            [
                {"show": show.pk, "kind": "lead", "character_name": "One", "billing_order": "1"},
                {"show": show.pk, "kind": "cameo", "character_name": "Two", "billing_order": "2"},
            ],
        )

    assert_all_or_nothing(client, url, data, Credit, media_root)
    assert Person.objects.get().photo
    assert Show.objects.get().credits.count() == 2


@pytest.mark.django_db
def test_a_refused_inline_stores_no_file(media_root):
    """An inline error (two lead images) refuses the whole form before any file is written."""
    editor = logged_in(make_staff("Editors"))
    article = make_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    rows = [
        {
            "image": upload(f"{n}.png", png_bytes(20, 10)),
            "alt_text": "Alt",
            "credit": "tvN",
            "position": "0",
            "is_lead": "on",
        }
        for n in ("one", "two")
    ]
    before = database_snapshot()
    response = editor.post(url, with_rows(form_data(editor.get(url)), "images", rows))
    assert response.status_code == 200
    assert response.context["errors"]
    assert database_snapshot() == before
    assert stored_files(media_root) == []
    assert Article.objects.get().version == article.version
