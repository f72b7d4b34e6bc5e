"""Every image upload field, through the real admin forms, against malformed and hostile files.

For each field (the photo library's own form, an article's inline images, the
stand-alone article image form, a show's poster, a person's photo) and each file in tests/hostile_images.py:
a clear form error (200) or acceptance (302), never a 500; nothing new in
MEDIA_ROOT and no row changed after a refusal; and an accepted file is stored
as bytes Pillow wrote, with no markup and no metadata.
"""

import io
import time
from dataclasses import dataclass
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from PIL import EpsImagePlugin, Image

from articles.models import Article, ArticleImage
from people.models import Person
from pictures.images import checked_reencoding
from pictures.models import Photo
from rehearsal.admin_forms import form_data
from shows.models import Show
from tests import hostile_images
from tests.conftest import stored_files
from tests.factories import logged_in, make_article, make_person, make_show, make_staff, upload

pytestmark = pytest.mark.django_db

METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "photoshop", "iptc", "Comment"}


@dataclass(frozen=True)
class UploadField:
    """One place in the admin where a file can be uploaded."""

    id: str
    group: str  # the role that uploads there

    def prepare(self, user):
        """Make the row to change; return (url, its data as the browser would post it, file field name)."""
        client = logged_in(user)
        if self.id == "article-inline-image":
            article = make_article(author=user, status=Article.Status.DRAFT, publish_at=None)
            url = f"/admin/articles/article/{article.pk}/change/"
            data = form_data(client.get(url))
            data.update(
                {
                    "images-TOTAL_FORMS": "1",
                    "images-0-alt_text": "Kim Ji Won at the script reading",
                    "images-0-credit": "tvN",
                    "images-0-position": "0",
                }
            )
            return client, url, data, "images-0-image"
        if self.id == "article-image-form":
            article = make_article(author=user, status=Article.Status.DRAFT, publish_at=None)
            data = {"article": article.pk, "alt_text": "Kim Ji Won", "position": "0", "caption": "", "credit": "tvN"}
            return client, "/admin/articles/articleimage/add/", data, "image"
        if self.id == "show-poster":
            show = make_show()
            url = f"/admin/shows/show/{show.pk}/change/"
            data = form_data(client.get(url))
            data.update(poster_alt="Queen of Tears key art", poster_credit="tvN")
            return client, url, data, "poster"
        if self.id == "library-photo":
            data = {"alt_text": "Kim Ji Won at the script reading", "credit": "tvN", "rights_note": ""}
            return client, "/admin/pictures/photo/add/", data, "file"
        person = make_person()
        url = f"/admin/people/person/{person.pk}/change/"
        data = form_data(client.get(url))
        data.update(photo_alt="Kim Soo Hyun at a press event", photo_credit="Gold Medalist")
        return client, url, data, "photo"

    def errors(self, response):
        """The errors shown for the file field."""
        if self.id == "article-inline-image":
            [images] = [f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "images"]
            return images.formset.errors[0].get("image", [])
        return response.context["adminform"].form.errors.get(self.file_key, [])

    @property
    def file_key(self):
        keys = {
            "article-image-form": "image",
            "show-poster": "poster",
            "person-photo": "photo",
            "library-photo": "file",
        }
        return keys[self.id]

    def stored(self):
        """The names of the stored files this field's rows point at."""
        if self.id == "library-photo":
            return [photo.file.name for photo in Photo.objects.all()]
        if self.id.startswith("article"):
            return [image.image.name for image in ArticleImage.objects.all()]
        if self.id == "show-poster":
            return [show.poster.name for show in Show.objects.exclude(poster="")]
        return [person.photo.name for person in Person.objects.exclude(photo="")]


FIELDS = [
    UploadField("library-photo", "Writers"),
    UploadField("article-inline-image", "Writers"),
    UploadField("article-image-form", "Writers"),
    UploadField("show-poster", "Editors"),
    UploadField("person-photo", "Editors"),
]
# Every field uses the same form field (pictures.images), so the whole corpus goes through the
# cheapest form and one file of each kind through the other three (their change pages are slow).
FULL_CORPUS = {"article-image-form"}
SAMPLE = {
    "truncated-jpeg",
    "png-signature-jpeg-body",
    "jpeg-65000-square-header",
    "gif-frame-bomb",
    "eps",
    "psd",
    "tiff-named-png",
    "gif-with-html-appended",
    "jpeg-with-exif-gps-and-comment",
    "short-animated-webp",
}


def matrix(accepted):
    return [
        pytest.param(field, case, id=f"{case.id}-{field.id}")
        for field in FIELDS
        for case in hostile_images.cases()
        if case.accepted == accepted and (field.id in FULL_CORPUS or case.id in SAMPLE)
    ]


def rows_snapshot():
    """What the upload fields' tables hold, to compare before and after a refused upload."""
    return (
        list(ArticleImage.objects.values_list("pk", "image", "width", "height")),
        list(Show.objects.values_list("pk", "poster", "poster_width", "version")),
        list(Person.objects.values_list("pk", "photo", "photo_width", "version")),
        list(Article.objects.values_list("pk", "version", "updated_at")),
        list(Photo.objects.values_list("pk", "file", "width")),
    )


def post(field, case):
    user = make_staff(field.group)
    client, url, data, key = field.prepare(user)
    data[key] = upload(case.filename, case.data)
    return client, url, client.post(url, data)


@pytest.mark.parametrize(("field", "case"), matrix(accepted=False))
def test_hostile_file_is_refused_with_a_clear_error_and_leaves_nothing(field, case, media_root):
    """A malformed file gets the form back with one clear error; no file is written, no row changes."""
    user = make_staff(field.group)
    client, url, data, key = field.prepare(user)
    files_before, rows_before = stored_files(media_root), rows_snapshot()
    data[key] = upload(case.filename, case.data)
    response = client.post(url, data)
    assert response.status_code == 200
    assert field.errors(response) == [case.error]
    assert stored_files(media_root) == files_before
    assert rows_snapshot() == rows_before


@pytest.mark.parametrize(("field", "case"), matrix(accepted=True))
def test_accepted_file_is_stored_re_encoded_without_markup_or_metadata(field, case, media_root):
    """A usable file is saved, but what is stored is Pillow's output: not the upload, no HTML, no metadata."""
    user = make_staff(field.group)
    client, url, data, key = field.prepare(user)
    files_before = stored_files(media_root)
    data[key] = upload(case.filename, case.data)
    response = client.post(url, data)
    assert response.status_code == 302, field.errors(response) if response.status_code == 200 else response
    [name] = field.stored()
    assert sorted(set(stored_files(media_root)) - set(files_before)) == [name]
    stored = (media_root / name).read_bytes()
    assert stored != case.data
    assert hostile_images.HTML not in stored
    assert b"<script" not in stored and b"Camera maker" not in stored
    with Image.open(io.BytesIO(case.data)) as uploaded, Image.open(io.BytesIO(stored)) as kept:
        assert kept.format == uploaded.format or {kept.format, uploaded.format} <= {"JPEG", "MPO"}
        assert kept.size == uploaded.size
        assert getattr(kept, "n_frames", 1) == getattr(uploaded, "n_frames", 1)
        assert not METADATA_KEYS & set(kept.info)
        assert not kept.getexif()


def test_eps_is_refused_without_running_ghostscript(media_root):
    """An EPS file is refused from its header alone: Pillow's Ghostscript call is never reached."""
    field = FIELDS[2]
    with (
        mock.patch.object(EpsImagePlugin, "Ghostscript", side_effect=AssertionError("ran Ghostscript")) as gs,
        mock.patch("subprocess.Popen", side_effect=AssertionError("ran a program")) as popen,
        mock.patch("subprocess.check_call", side_effect=AssertionError("ran a program")) as check_call,
    ):
        _, _, response = post(field, next(c for c in hostile_images.cases() if c.id == "eps"))
    assert response.status_code == 200
    assert field.errors(response) == [hostile_images.not_accepted("EPS")]
    assert not gs.called and not popen.called and not check_call.called
    assert stored_files(media_root) == []


@pytest.mark.parametrize("case_id", ["gif-frame-bomb", "gif-many-tiny-frames", "webp-frame-bomb"])
def test_frame_bombs_are_refused_before_any_frame_is_decoded(case_id, media_root):
    """An animation whose frames add up past the cap is refused from its headers: no frame is decoded."""
    field = FIELDS[0]
    case = next(c for c in hostile_images.cases() if c.id == case_id)
    decoded = mock.patch.object(Image.Image, "load", autospec=True, side_effect=AssertionError("decoded a frame"))
    with decoded:
        _, _, response = post(field, case)
    assert response.status_code == 200
    assert field.errors(response) == [case.error]
    assert stored_files(media_root) == []
    # Refusing it costs little CPU (process time, so a busy machine does not make this flaky).
    started = time.process_time()
    with pytest.raises(ValidationError):
        checked_reencoding(io.BytesIO(case.data))
    assert time.process_time() - started < 2


def test_a_transparent_animation_stays_transparent(media_root):
    """Dropping an animation's metadata keeps what drawing needs: transparent pixels stay transparent."""
    frames = [Image.new("P", (20, 20), 0) for _ in range(3)]
    for index, frame in enumerate(frames):
        frame.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0] + [0] * 759)
        frame.paste(index % 2 + 1, (5, 5, 15, 15))  # a red or green square on a transparent ground
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], transparency=0, duration=100, comment=b"x")
    field = FIELDS[1]
    _, _, response = post(field, hostile_images.Case("transparent", "blink.gif", out.getvalue()))
    assert response.status_code == 302
    [name] = field.stored()
    with Image.open(media_root / name) as stored:
        assert stored.n_frames == 3
        for index in range(3):
            stored.seek(index)
            pixels = stored.convert("RGBA")
            assert pixels.getpixel((0, 0))[3] == 0  # the ground is still see-through
            assert pixels.getpixel((10, 10)) == ((255, 0, 0, 255), (0, 255, 0, 255))[index % 2]
