"""Responsive renditions: made once on commit, AVIF and WebP plus the original format, never upscaled,
served through <picture> with srcset/sizes/width/height, safe under races and missing files.

The Pillow this project pins encodes AVIF (pictures.renditions.ENCODES_AVIF); one test shows a
Pillow without it, which serves WebP and the original format as before."""

import io
import threading
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from articles.models import Article, ArticleImage
from demo.content import REFERENCE_SLUG
from people.models import Person
from pictures import renditions
from rehearsal.html import parse
from shows.models import Show
from tests import factories as f
from tests.conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    """Which renditions exist is remembered in the cache; no test may see another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the after-commit hooks (where renditions are made) as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


# What Pillow reports for each rendition's extension.
PILLOW_FORMATS = {"avif": "AVIF", "webp": "WEBP", "jpg": "JPEG", "png": "PNG", "gif": "GIF"}


@pytest.fixture(autouse=True)
def avif_is_encoded():
    assert renditions.ENCODES_AVIF, "the pinned Pillow encodes AVIF; these tests expect it"


def jpeg(width, height):
    return f.upload("photo.jpg", f.image_bytes(width, height, "JPEG"))


def rendition_files(media_root):
    return [name for name in stored_files(media_root) if name.startswith("renditions/")]


def opened(media_root, name):
    with Image.open(media_root / name) as image:
        image.load()
        return image.format, image.size, dict(image.info)


def add_image(committed, article, upload, **kw):
    with committed():
        return f.make_article_image(article, image=upload, **kw)


def page(url):
    response = Client().get(url)
    assert response.status_code == 200
    return parse(response.content.decode())


# What is made ---------------------------------------------------------------


def test_a_large_jpeg_gets_three_widths_in_webp_and_jpeg(committed, media_root):
    image = add_image(committed, f.make_article(), jpeg(1600, 900))
    assert image.image.name == image.library_photo.file.name  # the upload went into the photo library
    stem = "renditions/" + image.image.name.rsplit(".", 1)[0]
    made = rendition_files(media_root)
    expected = sorted(f"{stem}_jpg_{width}w.{ext}" for width in (480, 800, 1200) for ext in ("avif", "jpg", "webp"))
    assert made == expected
    for name in made:
        kind, (width, height), _ = opened(media_root, name)
        assert kind == PILLOW_FORMATS[name.rsplit(".", 1)[1]]
        assert width in (480, 800, 1200) and name.endswith(f"_{width}w.{name.rsplit('.', 1)[1]}")
        assert height == round(width * 900 / 1600)  # proportions kept


def test_png_and_static_gif_keep_their_format_beside_avif_and_webp(committed, media_root):
    article = f.make_article()
    add_image(committed, article, f.upload("chart.png", f.png_bytes(900, 600)))
    add_image(committed, article, f.upload("still.gif", f.image_bytes(500, 500, "GIF")))
    formats = {name: opened(media_root, name)[0] for name in rendition_files(media_root)}
    assert (
        sorted(kind for name, kind in formats.items() if "chart" in name) == ["AVIF"] * 3 + ["PNG"] * 3 + ["WEBP"] * 3
    )
    assert (
        sorted(kind for name, kind in formats.items() if "still" in name) == ["AVIF"] * 2 + ["GIF"] * 2 + ["WEBP"] * 2
    )


def test_transparency_survives(committed, media_root):
    """A logo on a transparent background must not come back on black."""
    logo = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    logo.paste((200, 30, 90, 255), (200, 100, 400, 200))
    data = io.BytesIO()
    logo.convert("P", palette=Image.Palette.ADAPTIVE).save(data, format="PNG", transparency=0)
    add_image(committed, f.make_article(), f.upload("logo.png", data.getvalue()))
    for name in rendition_files(media_root):
        with Image.open(media_root / name) as image:
            assert image.convert("RGBA").getpixel((0, 0))[3] == 0, name
            assert image.convert("RGBA").getpixel((image.width // 2, image.height // 2))[3] == 255, name


def test_a_webp_original_gets_avif_and_webp_renditions_only(committed, media_root):
    add_image(committed, f.make_article(), f.upload("shot.webp", f.image_bytes(1000, 500, "WEBP")))
    made = rendition_files(media_root)
    assert len(made) == 6
    assert {opened(media_root, name)[0] for name in made} == {"AVIF", "WEBP"}


def test_nothing_is_upscaled(committed, media_root):
    """A 600 px original gets 480 and 600, never 800 or 1200; a tiny one only its own width."""
    article = f.make_article()
    add_image(committed, article, f.upload("mid.png", f.png_bytes(600, 300)))
    add_image(committed, article, f.upload("tiny.png", f.png_bytes(200, 100)))
    widths = {name: opened(media_root, name)[1][0] for name in rendition_files(media_root)}
    assert sorted(width for name, width in widths.items() if "mid" in name) == [480] * 3 + [600] * 3
    assert sorted(width for name, width in widths.items() if "tiny" in name) == [200] * 3


def test_renditions_carry_no_metadata(committed, media_root):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {2: (37.0, 33.0, 0.0)}  # GPS latitude
    data = f.image_bytes(900, 600, "JPEG", exif=exif.tobytes())
    add_image(committed, f.make_article(), f.upload("gps.jpg", data))
    for name in rendition_files(media_root):
        _, _, info = opened(media_root, name)
        assert "exif" not in info
        assert b"SpyCam" not in (media_root / name).read_bytes()


def test_an_animated_gif_keeps_its_animation_and_gets_no_renditions(committed, media_root):
    frames = [Image.new("RGB", (600, 400), color) for color in ("red", "blue")]
    data = io.BytesIO()
    frames[0].save(data, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    article = f.make_article()
    image = add_image(committed, article, f.upload("loop.gif", data.getvalue()), is_lead=True)
    assert rendition_files(media_root) == []
    img = page(article.get_absolute_url()).find("img")
    assert img.attrs["src"] == image.image.url
    assert "srcset" not in img.attrs


def test_posters_and_photos_get_renditions_too(committed, media_root):
    with committed():
        show = f.make_show(poster=f.upload("poster.png", f.png_bytes(600, 900)), poster_alt="Poster")
        person = f.make_person(photo=jpeg(500, 700), photo_alt="Portrait")
    made = rendition_files(media_root)

    def of(file):
        return sum(name.startswith("renditions/" + file.name.rsplit(".", 1)[0] + "_") for name in made)

    assert of(show.poster) == 6  # 480 and 600, three formats
    assert of(person.photo) == 6  # 480 and 500


# Made once, kept tidy -------------------------------------------------------


def test_making_again_changes_nothing(committed, media_root):
    image = add_image(committed, f.make_article(), jpeg(1300, 700))
    before = {name: (media_root / name).stat().st_mtime_ns for name in rendition_files(media_root)}
    assert renditions.make(image.image, image.width) == []
    out = StringIO()
    call_command("make_renditions", stdout=out)
    assert "made 0 renditions" in out.getvalue()
    assert {name: (media_root / name).stat().st_mtime_ns for name in rendition_files(media_root)} == before


def test_make_renditions_backfills_missing_ones(media_root):
    """Rows saved before renditions existed (or whose files were lost) are filled in, once."""
    image = f.make_article_image(f.make_article(), image=jpeg(900, 600))  # hooks never committed
    show = f.make_show(poster=f.upload("p.png", f.png_bytes(300, 450)), poster_alt="Poster")
    assert rendition_files(media_root) == []
    out = StringIO()
    call_command("make_renditions", stdout=out)
    assert "made 12 renditions" in out.getvalue()  # image: 480, 800 and 900, three formats; poster: 300
    assert "Checked 2 images" in out.getvalue()  # each file once, though its library photo and its use both show it
    assert len(rendition_files(media_root)) == 12
    assert renditions.available(image.image, image.width) == renditions.expected(image.image.name, 900)
    assert len(renditions.available(show.poster, show.poster_width)) == 3
    out = StringIO()
    call_command("make_renditions", stdout=out)
    assert "made 0 renditions" in out.getvalue()


def test_a_rolled_back_save_makes_nothing(committed, media_root):
    article = f.make_article()
    with committed(), transaction.atomic():
        f.make_article_image(article, image=jpeg(900, 600))
        transaction.set_rollback(True)
    assert rendition_files(media_root) == []


def test_replacing_a_library_photos_file_swaps_its_renditions(committed, media_root):
    image = add_image(committed, f.make_article(), jpeg(900, 600))
    old = rendition_files(media_root)
    photo = image.library_photo
    photo.file = f.upload("new.png", f.png_bytes(700, 400))
    with committed():
        photo.save()
    now = rendition_files(media_root)
    assert not set(old) & set(now)
    assert len(now) == 6 and all("new_png_" in name for name in now)
    image.refresh_from_db()
    assert image.image.name == photo.file.name and image.width == 700  # the use follows its photo


def test_a_new_upload_into_a_use_leaves_the_old_photo_in_the_library(committed, media_root):
    image = add_image(committed, f.make_article(), jpeg(900, 600))
    old_photo, old = image.library_photo, rendition_files(media_root)
    image = ArticleImage.objects.get(pk=image.pk)
    image.image = f.upload("new.png", f.png_bytes(700, 400))
    with committed():
        image.save()
    assert image.library_photo != old_photo
    assert set(old) < set(rendition_files(media_root))  # the old photo may be placed again
    assert len(rendition_files(media_root)) == 9 + 6


def test_renditions_go_with_the_last_row_that_shows_the_file(committed, media_root):
    """Removing a use keeps the photo (and its renditions) in the library; removing the photo,
    once nothing uses it, takes its renditions."""
    article = f.make_article()
    image = add_image(committed, article, jpeg(900, 600))
    keep = add_image(committed, article, f.upload("keep.png", f.png_bytes(500, 500)))
    with committed():
        image.delete()
    assert len(rendition_files(media_root)) == 9 + 6
    with committed():
        image.library_photo.delete()
    assert all("keep_png_" in name for name in rendition_files(media_root))
    with committed():
        Show.objects.create(title="S", slug="s", poster=f.upload("p.png", f.png_bytes(500, 700)), poster_alt="P")
        show = Show.objects.get(slug="s")
        show.delete()
        show.library_photo.delete()
    assert all("keep_png_" in name for name in rendition_files(media_root))
    assert len(rendition_files(media_root)) == 6
    assert keep.image.name in stored_files(media_root)


def test_renditions_of_a_file_two_rows_share_stay_until_the_last_goes(committed, media_root):
    article = f.make_article()
    first = add_image(committed, article, jpeg(900, 600))
    photo = first.library_photo
    with committed():
        copy = ArticleImage.objects.create(article=article, library_photo=photo, caption="Same", position=2)
        first.delete()
    assert copy.image.name == photo.file.name and copy.alt_text == photo.alt_text
    assert len(rendition_files(media_root)) == 9
    with committed():
        copy.delete()
    assert len(rendition_files(media_root)) == 9  # the photo is still in the library
    with committed():
        photo.delete()
    assert rendition_files(media_root) == []


# Racing ---------------------------------------------------------------------


def test_two_writers_racing_for_the_same_renditions_leave_one_whole_file_each(media_root, monkeypatch):
    """Both threads see the files missing and encode at the same moment; the atomic rename
    leaves exactly one complete file per rendition, no alternates and no partial files."""
    image = f.make_article_image(f.make_article(), image=jpeg(1400, 800))  # not committed: no renditions yet
    encode = renditions._encode
    together = threading.Barrier(2, timeout=10)

    def encode_in_step(source_bytes, width, image_format):
        data = encode(source_bytes, width, image_format)
        together.wait()  # both threads have encoded this rendition before either writes it
        return data

    monkeypatch.setattr(renditions, "_encode", encode_in_step)
    results, errors = {}, []

    def request(label):
        try:
            made = renditions.make(image.image, image.width)
            results[label] = [(r.name, opened(media_root, r.name)[:2]) for r in made]
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=request, args=(label,)) for label in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    expected = renditions.expected(image.image.name, 1400)
    # Both requests made (and then read) every rendition: the race really happened.
    assert [name for name, _ in results["a"]] == [name for name, _ in results["b"]] == [r.name for r in expected]
    for (_, (kind, size)), rendition in zip(results["a"], expected, strict=True):
        assert kind == PILLOW_FORMATS[rendition.extension]
        assert size[0] == rendition.width
    assert rendition_files(media_root) == sorted(r.name for r in expected)  # one each, nothing else
    assert not [path for path in media_root.rglob("*") if path.name.startswith(".partial-")]


# Pages ----------------------------------------------------------------------


def test_article_page_lead_is_eager_and_body_images_lazy(committed):
    article = f.make_article(body="<p>One.</p><p>Two.</p><p>Three.</p>")
    lead = add_image(committed, article, jpeg(1600, 900), is_lead=True, alt_text="The two leads")
    body = add_image(committed, article, f.upload("set.png", f.png_bytes(700, 500)), position=1, alt_text="The set")
    tree = page(article.get_absolute_url())
    pictures = tree.find_all("picture")
    assert len(pictures) == 2
    first, second = pictures

    # AVIF first: a browser takes the first source whose type it can show.
    sources = first.find_all("source")
    assert [source.attrs["type"] for source in sources] == ["image/avif", "image/webp"]
    for source, extension in zip(sources, (".avif", ".webp"), strict=True):
        assert [c.split()[1] for c in source.attrs["srcset"].split(", ")] == ["480w", "800w", "1200w"]
        assert all(c.split()[0].endswith(extension) for c in source.attrs["srcset"].split(", "))
    source = sources[1]
    img = first.find("img")
    assert [c.split()[1] for c in img.attrs["srcset"].split(", ")] == ["480w", "800w", "1200w"]
    assert all(c.split()[0].endswith(".jpg") for c in img.attrs["srcset"].split(", "))
    assert img.attrs["sizes"] == source.attrs["sizes"] and "42rem" in img.attrs["sizes"]
    assert (img.attrs["width"], img.attrs["height"]) == (str(lead.width), str(lead.height)) == ("1600", "900")
    assert img.attrs["alt"] == "The two leads"
    assert img.attrs["loading"] == "eager" and img.attrs["fetchpriority"] == "high"

    img = second.find("img")
    assert (img.attrs["width"], img.attrs["height"]) == (str(body.width), str(body.height))
    assert img.attrs["loading"] == "lazy" and img.attrs["decoding"] == "async"
    assert "fetchpriority" not in img.attrs
    assert [c.split()[1] for c in second.find("source").attrs["srcset"].split(", ")] == ["480w", "700w"]
    assert img.attrs["src"].endswith("_700w.png")


def test_every_srcset_url_is_served_from_a_real_file(committed, media_root):
    article = f.make_article()
    add_image(committed, article, jpeg(1300, 700), is_lead=True)
    tree = page(article.get_absolute_url())
    urls = [
        candidate.split()[0]
        for node in tree.find_all("source") + tree.find_all("img")
        for candidate in node.attrs.get("srcset", "").split(", ")
    ]
    assert len(urls) == 9
    for url in urls:
        assert url.startswith("/media/")
        assert (media_root / url.removeprefix("/media/")).is_file()


def test_show_and_person_pages_use_pictures(committed):
    with committed():
        show = f.make_show(poster=f.upload("poster.png", f.png_bytes(600, 900)), poster_alt="Poster of the show")
        person = f.make_person(photo=jpeg(500, 700), photo_alt="Portrait of the actor")
    for url, alt, size in (
        (show.get_absolute_url(), "Poster of the show", ("600", "900")),
        (person.get_absolute_url(), "Portrait of the actor", ("500", "700")),
    ):
        picture = page(url).find("picture")
        img = picture.find("img")
        assert img.attrs["alt"] == alt
        assert (img.attrs["width"], img.attrs["height"]) == size
        assert img.attrs["loading"] == "eager" and img.attrs["fetchpriority"] == "high"
        assert picture.find("source", type="image/webp").attrs["srcset"].count("w,") == 1  # two widths
    for url in ("/shows/", "/people/"):
        img = page(url).find("picture", cls="thumb").find("img")
        assert img.attrs["loading"] == "lazy" and img.attrs["width"] and img.attrs["srcset"]


def test_only_one_image_on_a_page_is_fetched_first(committed):
    article = f.make_article(body="<p>One.</p><p>Two.</p>")
    add_image(committed, article, jpeg(900, 600), is_lead=True)
    for position in range(3):
        add_image(committed, article, jpeg(900, 600), position=position)
    imgs = page(article.get_absolute_url()).find_all("img")
    assert len(imgs) == 4
    assert [img.attrs.get("fetchpriority") for img in imgs] == ["high", None, None, None]


# Falling back ---------------------------------------------------------------


def test_a_pillow_without_avif_serves_webp_and_the_original_format(committed, media_root, monkeypatch):
    monkeypatch.setattr(renditions, "ENCODES_AVIF", False)
    article = f.make_article()
    add_image(committed, article, jpeg(1300, 700), is_lead=True)
    assert {name.rsplit(".", 1)[1] for name in rendition_files(media_root)} == {"jpg", "webp"}
    picture = page(article.get_absolute_url()).find("picture")
    assert [source.attrs["type"] for source in picture.find_all("source")] == ["image/webp"]
    assert picture.find("img").attrs["srcset"].count(".jpg") == 3


def test_a_missing_rendition_file_does_not_break_the_page(committed, media_root):
    article = f.make_article()
    image = add_image(committed, article, jpeg(1300, 700), is_lead=True)
    lost = renditions.rendition_name(image.image.name, 800, "webp")
    (media_root / lost).unlink()
    cache.clear()  # e.g. a restart, or the cache entry expired
    tree = page(article.get_absolute_url())
    source = tree.find("source", type="image/webp")
    assert "_800w.webp" not in source.attrs["srcset"]
    assert source.attrs["srcset"].count("w,") == 1  # 480 and 1200 remain

    for name in rendition_files(media_root):
        (media_root / name).unlink()
    cache.clear()
    tree = page(article.get_absolute_url())
    assert not tree.find_all("source")
    img = tree.find("img")
    assert img.attrs["src"] == image.image.url  # the original, which is itself a re-encode
    assert "srcset" not in img.attrs
    assert (img.attrs["width"], img.attrs["height"]) == ("1300", "700")


def test_a_complete_set_is_remembered_in_the_process_for_a_minute(committed, media_root, monkeypatch):
    """The second render asks no cache; a file lost meanwhile drops out once the minute is up."""
    article = f.make_article()
    image = add_image(committed, article, jpeg(1300, 700), is_lead=True)
    url = article.get_absolute_url()
    assert "_800w.webp" in page(url).find("source", type="image/webp").attrs["srcset"]

    asked = []
    real_get = renditions.cache.get
    monkeypatch.setattr(renditions.cache, "get", lambda key, *a, **kw: asked.append(key) or real_get(key, *a, **kw))
    (media_root / renditions.rendition_name(image.image.name, 800, "webp")).unlink()
    cache.clear()
    assert "_800w.webp" in page(url).find("source", type="image/webp").attrs["srcset"]
    assert not [key for key in asked if key.startswith("renditions:")]

    later = renditions.time.monotonic() + renditions.LOCAL_SECONDS + 1
    monkeypatch.setattr(renditions.time, "monotonic", lambda: later)
    assert "_800w.webp" not in page(url).find("source", type="image/webp").attrs["srcset"]


def test_an_incomplete_set_is_asked_for_again(committed, media_root):
    """A set still being made is never remembered by the process, so the finished set shows up."""
    article = f.make_article()
    image = add_image(committed, article, jpeg(1300, 700), is_lead=True)
    lost = renditions.rendition_name(image.image.name, 800, "webp")
    (media_root / lost).unlink()
    cache.clear()
    url = article.get_absolute_url()
    assert "_800w.webp" not in page(url).find("source", type="image/webp").attrs["srcset"]
    renditions.make(image.image, image.width)  # e.g. make_renditions, or the upload's own hook finishing
    assert (media_root / lost).exists()
    assert "_800w.webp" in page(url).find("source", type="image/webp").attrs["srcset"]


# Speed ----------------------------------------------------------------------


def article_page_queries(article):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content.count(b"<picture") == article.images.count()
    return len(queries)


def test_article_page_queries_do_not_grow_with_images(committed, django_assert_max_num_queries):
    one = f.make_article(slug="one")
    add_image(committed, one, jpeg(500, 300), is_lead=True)
    many = f.make_article(slug="many", body="".join(f"<p>Paragraph {n}.</p>" for n in range(30)))
    with committed():
        f.make_article_image(many, image=jpeg(500, 300), is_lead=True)
        for position in range(1, 30):
            f.make_article_image(many, image=jpeg(500, 300), position=position)
    assert len(renditions.available(many.images.last().image, 500)) == 6
    with django_assert_max_num_queries(10):
        few = article_page_queries(one)
    with django_assert_max_num_queries(10):
        lots = article_page_queries(many)
    assert few == lots


def _person_with_photo():
    return f.make_person(photo=jpeg(300, 400), photo_alt="P")


def _show_with_poster():
    return f.make_show(poster=f.upload("poster.png", f.png_bytes(300, 450)), poster_alt="P")


@pytest.mark.parametrize(("url", "make"), [("/people/", _person_with_photo), ("/shows/", _show_with_poster)])
def test_listing_queries_do_not_grow_with_pictures(committed, django_assert_max_num_queries, url, make):
    with committed():
        make()
    with django_assert_max_num_queries(8):
        one = _queries(url)
    with committed():
        for _ in range(29):
            make()
    with django_assert_max_num_queries(8):
        thirty = _queries(url)
    assert len(one) == len(thirty)
    assert Client().get(url).content.count(b"<picture") == 30


def _queries(url):
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200
    return queries


# Demo -----------------------------------------------------------------------


def test_demo_content_gets_renditions(committed, media_root):
    with committed():
        call_command("load_demo", stdout=StringIO())
    made = set(rendition_files(media_root))
    rows = (
        [(i.image, i.width) for i in ArticleImage.objects.all()]
        + [(s.poster, s.poster_width) for s in Show.objects.exclude(poster="")]
        + [(p.photo, p.photo_width) for p in Person.objects.exclude(photo="")]
    )
    assert rows
    for fieldfile, width in rows:
        wanted = {r.name for r in renditions.expected(fieldfile.name, width)}
        assert wanted and wanted <= made
    article = Article.objects.get(slug=REFERENCE_SLUG)
    picture = page(article.get_absolute_url()).find("div", cls="article-body").find("picture")
    assert picture.find("source", type="image/webp").attrs["srcset"]
    assert picture.find("img").attrs["srcset"]


def test_a_shielded_lead_image_waits_for_the_reveal(committed):
    """Behind the spoiler shield the lead is lazy, so it is not fetched (or prioritised) before the reader opens it."""
    show = f.make_show(title="Queen of Tears", episode_count=16)
    article = f.make_article(has_spoilers=True, spoiler_show=show, spoiler_through_episode=8)
    add_image(committed, article, jpeg(1600, 900), is_lead=True, alt_text="The finale")
    img = page(article.get_absolute_url()).find("details", cls="spoiler-shield").find("img")
    assert img.attrs["loading"] == "lazy"
    assert "fetchpriority" not in img.attrs
