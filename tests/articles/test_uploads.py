"""Image uploads: only real, reasonably sized JPEG, PNG, GIF or WebP files get in, re-encoded."""

import io
import struct

import pytest
from django.forms import modelform_factory
from django.template.defaultfilters import filesizeformat
from PIL import Image, PngImagePlugin

from articles.models import ArticleImage
from tests.conftest import stored_files
from tests.factories import image_bytes, make_article, make_user, png_bomb_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

ArticleImageForm = modelform_factory(
    ArticleImage, fields=["image", "alt_text", "caption", "credit", "position", "is_lead"]
)

UNREADABLE = "This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP image."
EPS_TEXT = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n%%EndComments\n"
    b"newpath 0 0 moveto 10 10 lineto stroke\nshowpage\n%%EOF\n"
)
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
)


def camera_png(width, height):
    """A PNG as cameras and editors write it: fast compression and a metadata chunk."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Shot on set, do not distribute")
    return png_bytes(width, height, noisy=True, pnginfo=info, compress_level=1)


def submit(file, **data):
    """Post an image through the same ModelForm path the admin uses; save it if it is accepted."""
    article = make_article()
    fields = {"alt_text": "Kim Soo Hyun and Kim Ji Won", "caption": "", "credit": "", "position": 0, "is_lead": False}
    fields.update(data)
    form = ArticleImageForm(data=fields, files={"image": file}, instance=ArticleImage(article=article))
    if form.is_valid():
        form.save()
    return form


def assert_rejected(form, media_root, message):
    assert not form.is_valid()
    assert form.errors["image"] == [message]
    assert stored_files(media_root) == []
    assert not ArticleImage.objects.exists()


# Rejected -----------------------------------------------------------------


def test_text_file_renamed_jpg_is_rejected(media_root):
    """A text file with a .jpg name is refused by its content, not waved through by its name."""
    form = submit(upload("photo.jpg", b"just some notes, not a picture\n" * 20, "image/jpeg"))
    assert_rejected(form, media_root, UNREADABLE)


def test_svg_is_rejected(media_root):
    """SVG (which can carry script) is refused."""
    form = submit(upload("logo.svg", SVG, "image/svg+xml"))
    assert_rejected(form, media_root, UNREADABLE)


def test_svg_renamed_png_is_rejected(media_root):
    """An SVG disguised with a .png name is refused too."""
    form = submit(upload("logo.png", SVG, "image/png"))
    assert_rejected(form, media_root, UNREADABLE)


def test_handwritten_eps_is_rejected(media_root):
    """A PostScript (EPS) file is refused with a message naming the format."""
    form = submit(upload("poster.eps", EPS_TEXT, "application/postscript"))
    assert_rejected(form, media_root, "This file is EPS, which is not accepted. Upload a JPEG, PNG, GIF or WebP image.")


def test_pillow_written_eps_is_rejected(media_root):
    """A real EPS written by Pillow, even renamed .jpg, is refused."""
    form = submit(upload("poster.jpg", image_bytes(10, 10, "EPS"), "image/jpeg"))
    assert_rejected(form, media_root, "This file is EPS, which is not accepted. Upload a JPEG, PNG, GIF or WebP image.")


def test_decompression_bomb_is_rejected(media_root):
    """A tiny PNG whose header claims 10000×10000 pixels is refused before it is decoded."""
    data = png_bomb_bytes(10_000, 10_000)
    assert len(data) < 100
    assert struct.unpack(">II", data[16:24]) == (10_000, 10_000)  # the header really claims 100 megapixels
    form = submit(upload("bomb.png", data, "image/png"))
    assert_rejected(form, media_root, "This image claims to be too large to open safely.")


def test_file_over_the_byte_cap_is_rejected(media_root, settings):
    """A file over the size limit is refused with a message stating the limit."""
    settings.IMAGE_UPLOAD_MAX_BYTES = 50_000
    data = png_bytes(200, 200, noisy=True)
    assert len(data) > 50_000
    form = submit(upload("big.png", data, "image/png"))
    limit = filesizeformat(50_000)
    assert_rejected(form, media_root, f"This file is larger than {limit}. Please upload a smaller image.")
    assert "48.8" in form.errors["image"][0]


def test_image_over_the_pixel_cap_is_rejected(media_root, settings):
    """An image with more pixels than allowed is refused with a megapixel message."""
    settings.IMAGE_UPLOAD_MAX_PIXELS = 10_000
    form = submit(upload("wide.png", png_bytes(200, 200), "image/png"))
    assert not form.is_valid()
    [message] = form.errors["image"]
    assert message == "This image is 200×200 pixels; the limit is 0.01 megapixels."
    assert stored_files(media_root) == []
    assert not ArticleImage.objects.exists()


def test_truncated_png_is_rejected(media_root):
    """A half-downloaded PNG is refused as damaged."""
    data = png_bytes(64, 64, noisy=True)
    form = submit(upload("cut.png", data[: len(data) // 2], "image/png"))
    assert not form.is_valid()
    assert form.errors["image"] == ["This image is damaged or incomplete. Please export it again and re-upload."]
    assert stored_files(media_root) == []


def test_missing_alt_text_is_rejected(media_root):
    """An image without alt text is refused and nothing is stored."""
    form = submit(upload("ok.png", png_bytes(20, 10), "image/png"), alt_text="")
    assert not form.is_valid()
    assert "alt_text" in form.errors
    assert stored_files(media_root) == []


# Accepted -----------------------------------------------------------------


def test_png_is_accepted_and_re_encoded(media_root):
    """A real PNG is stored, but as bytes Pillow wrote, with the same picture size."""
    original = camera_png(40, 30)
    with Image.open(io.BytesIO(original)) as uploaded:
        assert uploaded.info["Comment"] == "Shot on set, do not distribute"
    form = submit(upload("leads.png", original, "image/png"))
    assert form.is_valid(), form.errors
    image = ArticleImage.objects.get()
    assert (image.width, image.height) == (40, 30)
    [path] = stored_files(media_root)
    assert path.startswith("photos/") and path.endswith(".png")  # in the photo library
    stored = (media_root / path).read_bytes()
    assert stored != original
    with Image.open(io.BytesIO(stored)) as reopened:
        assert reopened.format == "PNG"
        assert reopened.size == (40, 30)
        assert "Comment" not in reopened.info  # the uploader's metadata is gone


def test_appended_html_is_not_served(media_root):
    """Markup smuggled after the image data is dropped when the file is re-encoded."""
    payload = b"<script>alert(document.cookie)</script>"
    form = submit(upload("polyglot.png", png_bytes(16, 16) + payload, "image/png"))
    assert form.is_valid(), form.errors
    [path] = stored_files(media_root)
    assert payload not in (media_root / path).read_bytes()


@pytest.mark.parametrize(
    ("fmt", "name", "extension", "save_kw"),
    [
        ("JPEG", "still.jpg", ".jpg", {"quality": 95}),
        ("GIF", "reaction.gif", ".gif", {}),
        ("WEBP", "still.webp", ".webp", {"quality": 90}),
    ],
    ids=["jpeg", "gif", "webp"],
)
def test_other_allowed_formats_are_accepted(media_root, fmt, name, extension, save_kw):
    """JPEG, GIF and WebP uploads are accepted and stored in their own format."""
    original = image_bytes(48, 32, fmt, **save_kw)
    form = submit(upload(name, original))
    assert form.is_valid(), form.errors
    image = ArticleImage.objects.get()
    assert (image.width, image.height) == (48, 32)
    [path] = stored_files(media_root)
    assert path.endswith(extension)
    with Image.open(media_root / path) as reopened:
        assert reopened.format == fmt
        assert reopened.size == (48, 32)


def test_file_named_for_the_wrong_format_is_stored_under_its_real_one(media_root):
    """A JPEG named .png is stored with the .jpg extension its content deserves."""
    form = submit(upload("misnamed.png", image_bytes(20, 20, "JPEG")))
    assert form.is_valid(), form.errors
    [path] = stored_files(media_root)
    assert path.endswith(".jpg")


# Through the admin --------------------------------------------------------


@pytest.fixture
def admin_client_logged_in(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_admin_rejects_a_fake_image(admin_client_logged_in, media_root):
    """In the newsroom admin, a renamed text file gets the same clear error and nothing is stored."""
    article = make_article()
    response = admin_client_logged_in.post(
        "/admin/articles/articleimage/add/",
        {
            "article": article.pk,
            "image": upload("photo.jpg", b"not a picture at all\n" * 10, "image/jpeg"),
            "alt_text": "Alt",
            "position": 0,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == [UNREADABLE]
    assert stored_files(media_root) == []
    assert not ArticleImage.objects.exists()


def test_admin_accepts_a_real_image(admin_client_logged_in, media_root):
    """In the newsroom admin, a real PNG is saved and stored re-encoded."""
    article = make_article()
    original = camera_png(30, 20)
    response = admin_client_logged_in.post(
        "/admin/articles/articleimage/add/",
        {
            "article": article.pk,
            "image": upload("real.png", original, "image/png"),
            "alt_text": "Alt",
            "credit": "tvN",
            "position": 0,
        },
    )
    assert response.status_code == 302
    image = ArticleImage.objects.get()
    assert image.article == article
    assert (image.width, image.height) == (30, 20)
    [path] = stored_files(media_root)
    assert (media_root / path).read_bytes() != original


def test_stored_rows_carry_the_image_size(media_root):
    """Width and height are saved with the row, so pages never open the file to learn them."""
    submit(upload("real.png", camera_png(64, 48), "image/png"))
    assert list(ArticleImage.objects.values_list("width", "height")) == [(64, 48)]


def test_page_still_renders_when_a_stored_file_goes_missing(client, media_root):
    """A lost media file costs a broken picture, not a server error on the article page."""
    submit(upload("real.png", camera_png(64, 48), "image/png"))
    image = ArticleImage.objects.select_related("article").get()
    article = image.article
    article.status = article.Status.PUBLISHED
    article.save()
    for path in stored_files(media_root):
        (media_root / path).unlink()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert 'width="64" height="48"' in response.content.decode()


def test_phone_photo_with_an_embedded_frame_is_accepted_as_jpeg(media_root):
    """Many phone and camera JPEGs carry a second frame (MPO); they are accepted and stored as plain JPEG."""
    first, second = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (40, 30), "blue")
    out = io.BytesIO()
    first.save(out, format="MPO", save_all=True, append_images=[second])
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).format == "MPO"
    form = submit(upload("IMG_0001.jpg", data, "image/jpeg"))
    assert form.is_valid(), form.errors
    [path] = stored_files(media_root)
    assert path.endswith(".jpg")
    with Image.open(media_root / path) as stored:
        assert (stored.format, stored.size) == ("JPEG", (40, 30))


def test_sideways_phone_photo_is_stored_upright_with_its_upright_size(media_root):
    """A photo whose EXIF says “rotate 90°” is stored upright, and the row records the upright size."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="JPEG", exif=exif.tobytes())
    form = submit(upload("portrait.jpg", out.getvalue(), "image/jpeg"))
    assert form.is_valid(), form.errors
    assert list(ArticleImage.objects.values_list("width", "height")) == [(30, 40)]
    [path] = stored_files(media_root)
    with Image.open(media_root / path) as stored:
        assert stored.size == (30, 40)
        assert stored.getexif().get(0x0112) in (None, 1)
