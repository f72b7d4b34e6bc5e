"""Backup and restore: export_content and import_content round-trip a whole site, media included.

The round trip restores into a second, empty database (the "restore" alias in
tests/settings.py) and a second MEDIA_ROOT, then compares every row of every
backed-up table, every media file's sha256, and the public pages as readers get them.
"""

import datetime as dt
import hashlib
import io
import json
import re
import tarfile
from pathlib import Path

import pytest
import reversion
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from taggit.models import TaggedItem

from articles import spoiler_log
from articles.models import Article, ArticlePerson, ArticleShow, SpoilerChange, SpoilerReport, TaggedArticle
from backup import scope
from backup.archive import MANIFEST
from people.models import Person
from pictures.models import Photo
from shows.models import Show
from tests.factories import (
    make_article,
    make_article_image,
    make_person,
    make_show,
    make_staff,
    png_bytes,
    upload,
)

BOTH = ["default", "restore"]
ABSOLUTE = "/tmp/dramasite-escaped.png"  # noqa: S108 (a name in a crafted archive; never written)


class RestoreRouter:
    """Sends every query to the restored database, so pages are rendered from it."""

    def db_for_read(self, model, **hints):
        return "restore"

    def db_for_write(self, model, **hints):
        return "restore"

    def allow_relation(self, *args, **hints):
        return True


# The site ------------------------------------------------------------------


@pytest.fixture
def rich_site(media_root):
    """The demo plus what a working newsroom adds: drafts, schedules, spoilers, reports, history, images."""
    call_command("load_demo", stdout=io.StringIO())
    editor = make_staff("Editors", username="jiwoo", password="correct horse battery", email="jiwoo@example.com")
    editor.user_permissions.add(Permission.objects.get(codename="publish_article"))
    writer = make_staff("Writers", username="minseo")
    desk = Group.objects.create(name="Photo desk")
    desk.permissions.add(Permission.objects.get(codename="change_articleimage"))
    writer.groups.add(desk)

    show = Show.objects.get(slug="queen-of-tears")
    draft = make_article(author=writer, status=Article.Status.DRAFT, publish_at=None, headline="A draft in progress")
    make_article_image(draft, image=upload("draft-photo.png", png_bytes(1300, 700)), alt_text="Set photo")
    scheduled = make_article(
        author=editor, headline="Scheduled for next week", publish_at=timezone.now() + dt.timedelta(days=7)
    )
    scheduled.tags.add("exclusive", "백상예술대상")
    live = make_article(author=editor, headline="Finale recap", section=Article.Section.RECAP)
    live.shows.add(show)
    live.people.add(*Person.objects.all()[:2])
    live.tags.add("recap", "queen-of-tears")
    make_article_image(live, image=upload("finale.png", png_bytes(900, 500)), alt_text="The finale", is_lead=True)
    with spoiler_log.acting(editor, "moderation", "Reader report"):
        live.has_spoilers, live.spoiler_show, live.spoiler_through_episode = True, show, 16
        live.save()
    SpoilerReport.objects.create(article=live, message="It names the killer.", episode=16)
    resolved = SpoilerReport.objects.create(article=live, message="Ep 15 spoiled")
    resolved.resolve(editor)
    resolved.save()
    with reversion.create_revision():
        reversion.set_user(editor)
        reversion.set_comment("Tightened the headline.")
        live.headline = "Finale recap: the ending, explained"
        live.save()
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(live.pk),
        object_repr=str(live),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Headline"]}}]',
    )
    # A stored file no row names any more (Django never deletes replaced uploads): a backup keeps it too.
    default_storage.save("articles/2026/01/replaced.png", ContentFile(png_bytes(20, 10)))
    call_command("make_renditions", stdout=io.StringIO())
    return {"live": live, "draft": draft, "scheduled": scheduled}


def export(tmp_path, name="site.tar.gz"):
    path = tmp_path / name
    call_command("export_content", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return path


def import_into(path, database="default", *args):
    out = io.StringIO()
    call_command("import_content", str(path), "--database", database, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# What "the same" means ----------------------------------------------------


def _natural(model, value, using):
    """An id of a table migrate fills by itself, as what it means (ids differ between databases)."""
    if value is None:
        return None
    if model is ContentType:
        return ContentType.objects.db_manager(using).get_for_id(value).natural_key()
    if model is Permission:
        return Permission.objects.using(using).select_related("content_type").get(pk=value).natural_key()
    if model is Group:
        return Group.objects.using(using).get(pk=value).name
    return value


def table(model, using):
    """Every row of model, every column, as the application reads it, comparable across two databases.

    Read through model instances: an image row whose stored width and height
    are empty gets them from the file when loaded (Django's ImageField), and
    that is also what export_content writes.
    """
    natural = {f.attname: f.related_model for f in model._meta.concrete_fields if f.is_relation}
    skip = {model._meta.pk.attname} if model in (Group,) or model._meta.auto_created else set()
    columns = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
    rows = [
        tuple(
            _natural(natural[column], getattr(row, column), using) if column in natural else getattr(row, column)
            for column in columns
        )
        for row in model._base_manager.using(using).order_by("pk").iterator()
    ]
    return sorted(rows, key=repr)


def every_table():
    for model in scope.exported_models():
        yield model
        yield from scope.through_models(model)


def checksums(root, renditions=False):
    root = Path(root)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and (path.relative_to(root).parts[0] == "renditions") == renditions
    }


def public_pages(site):
    pages = ["/", "/shows/", "/people/", "/feed/", "/search/?q=queen", "/tags/recap/", "/sitemap-articles.xml"]
    pages += [article.get_absolute_url() for article in Article.objects.published()]
    pages += [show.get_absolute_url() for show in Show.objects.all()]
    pages += [person.get_absolute_url() for person in Person.objects.all()]
    return pages


def render(urls):
    """The pages as a reader gets them, minus what differs on every request (CSP nonce, CSRF token)."""
    client = Client()
    rendered = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
        rendered[url] = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)
    return rendered


@pytest.fixture
def target_with_other_ids():
    """Make the target's content type ids differ from the source's, as on a server migrated along another path."""
    ContentType.objects.using("restore").filter(app_label="articles", model="article").delete()
    ContentType.objects.clear_cache()
    config = apps.get_app_config("articles")
    create_contenttypes(config, using="restore", verbosity=0)
    create_permissions(config, using="restore", verbosity=0)
    yield
    ContentType.objects.clear_cache()  # the rows above are rolled back; their cached ids must go too


# The round trip -------------------------------------------------------------


@pytest.mark.django_db(databases=BOTH)
def test_a_whole_site_round_trips_with_nothing_lost(rich_site, tmp_path, settings, media_root, target_with_other_ids):
    """Every row of every table, every media file and every public page come back the same."""
    source_pages = render(public_pages(rich_site))
    source_media = checksums(media_root)
    source_renditions = set(checksums(media_root, renditions=True))
    archive = export(tmp_path)

    source_type = ContentType.objects.get_for_model(Article).pk
    assert ContentType.objects.db_manager("restore").get_for_model(Article).pk != source_type

    target_media = tmp_path / "restored-media"
    settings.MEDIA_ROOT = str(target_media)
    import_into(archive, "restore")

    for model in every_table():
        source, restored = table(model, "default"), table(model, "restore")
        assert len(restored) == len(source), model._meta.label
        for before, after in zip(source, restored, strict=True):
            assert after == before, model._meta.label
    assert checksums(target_media) == source_media
    assert set(checksums(target_media, renditions=True)) == source_renditions
    assert "articles/2026/01/replaced.png" in source_media and len(source_media) >= 14

    # Staff can sign in with their old password, and keep their groups and rights.
    editor = type(rich_site["live"].author).objects.using("restore").get(username="jiwoo")
    assert editor.check_password("correct horse battery")
    assert editor.has_perm("articles.publish_article")
    assert sorted(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert Group.objects.using("restore").get(name="Editors").permissions.filter(codename="change_article").exists()
    live = Article.objects.using("restore").get(pk=rich_site["live"].pk)
    assert live.spoiler_scope == "Queen of Tears, up to episode 16"
    assert SpoilerChange.objects.using("restore").filter(article=live, user=editor, reason="Reader report").exists()
    assert reversion.models.Version.objects.using("restore").get_for_object(live).count() == 1

    settings.DATABASE_ROUTERS = ["tests.test_export_import.RestoreRouter"]
    assert render(source_pages) == source_pages
    # New rows get new ids after the restore (PostgreSQL's sequences were moved past the imported ones).
    fresh = make_article(author=editor, slug="after-the-restore")
    assert fresh.pk > max(rich_site[key].pk for key in ("live", "draft", "scheduled"))


@pytest.mark.django_db(databases=BOTH)
def test_replace_wipes_the_target_first_and_restores_the_same(rich_site, tmp_path, settings):
    """--replace deletes what the target holds (accounts and sessions too) in the same transaction."""
    archive = export(tmp_path)
    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    import_into(archive, "restore")
    Article.objects.using("restore").filter(pk=rich_site["live"].pk).update(headline="Changed after the restore")
    someone = type(rich_site["live"].author).objects.using("restore").get(username="jiwoo")
    Article.objects.using("restore").create(headline="Only on the target", slug="only-here", author=someone)

    with pytest.raises(CommandError, match="already holds content"):
        import_into(archive, "restore")
    import_into(archive, "restore", "--replace", "--skip-renditions")

    for model in every_table():
        assert table(model, "restore") == table(model, "default"), model._meta.label


# Refusals -------------------------------------------------------------------


@pytest.mark.django_db
def test_refuses_a_database_that_already_has_content(tmp_path):
    """Importing over live content would mix two sites: refused with what is there, nothing changed."""
    make_article(headline="Already here")
    archive = export(tmp_path)
    with pytest.raises(CommandError, match=r"already holds content \(1 articles.article.*--replace"):
        import_into(archive)
    assert list(Article.objects.values_list("headline", flat=True)) == ["Already here"]


def members_of(path):
    """(manifest, {name: bytes}) of an archive."""
    with tarfile.open(path) as tar:
        contents = {member.name: tar.extractfile(member).read() for member in tar if member.isfile()}
    return json.loads(contents.pop(MANIFEST)), contents


def write_archive(path, manifest, members):
    """A crafted archive: the manifest first, then members as (TarInfo, bytes or None)."""
    with tarfile.open(path, "w:gz") as tar:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        for info, content in members:
            if content is None:
                tar.addfile(info)
            else:
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
    return path


def file_member(name, content):
    return tarfile.TarInfo(name), content


def listed(manifest, name, content):
    manifest["files"][name] = {"sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}


@pytest.fixture
def small_archive(db, tmp_path, media_root):
    """A real archive of a one-article site with one image, and the database emptied afterwards."""
    article = make_article(headline="Small site")
    make_article_image(article)
    path = export(tmp_path, "small.tar.gz")
    article.images.all().delete()
    Photo.objects.all().delete()  # the library photo the image showed
    article.delete()
    type(article.author).objects.all().delete()
    for stored in list(media_root.rglob("*")):
        if stored.is_file():
            stored.unlink()
    return path


def assert_nothing_imported(media_root):
    assert Article.objects.count() == 0
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_the_small_archive_itself_imports(small_archive, media_root):
    """The base of the crafted archives below is sound: refusals come from the crafting alone."""
    import_into(small_archive)
    assert Article.objects.get().headline == "Small site"
    assert len(checksums(media_root)) == 1


@pytest.mark.parametrize("part", ["media", "data"])
def test_refuses_a_file_that_does_not_match_its_checksum(small_archive, media_root, tmp_path, part):
    """One changed byte in a media or data file stops the import before anything is written."""
    manifest, contents = members_of(small_archive)
    name = next(name for name in contents if name.startswith(f"{part}/") and contents[name])
    damaged = bytearray(contents[name])
    damaged[len(damaged) // 2] ^= 0xFF
    contents[name] = bytes(damaged)
    crafted = write_archive(tmp_path / "bad.tar.gz", manifest, [file_member(n, c) for n, c in contents.items()])
    with pytest.raises(CommandError, match=f"{re.escape(name)} does not match its checksum"):
        import_into(crafted)
    assert_nothing_imported(media_root)


def _traversal(name):
    def build(manifest, content):
        listed(manifest, name, content)  # listed with the right checksum: only the name is wrong
        return file_member(name, content)

    return build


def _link(name, target, kind):
    def build(manifest, content):
        info = tarfile.TarInfo(name)
        info.type, info.linkname = kind, target
        manifest["files"][name] = {"sha256": hashlib.sha256(b"").hexdigest(), "bytes": 0}
        return info, None

    return build


@pytest.mark.parametrize(
    "craft",
    [
        _traversal("media/../../escaped.png"),
        _traversal("media/articles/../../../escaped.png"),
        _traversal(ABSOLUTE),
        _traversal("../escaped.png"),
        _traversal("media\\..\\..\\escaped.png"),
        _traversal("settings.py"),
        _link("media/articles/link.png", "/etc/passwd", tarfile.SYMTYPE),
        _link("media/articles/hard.png", "/etc/passwd", tarfile.LNKTYPE),
        _link("media/articles", "", tarfile.DIRTYPE),
    ],
    ids=[
        "dotdot",
        "dotdot-deep",
        "absolute",
        "dotdot-top",
        "backslashes",
        "outside-folders",
        "symlink",
        "hardlink",
        "directory",
    ],
)
def test_refuses_unsafe_member_names_and_links(small_archive, media_root, tmp_path, craft):
    """Path traversal, absolute names, links and directories in an archive are refused, even when listed."""
    manifest, contents = members_of(small_archive)
    members = [file_member(name, content) for name, content in contents.items()]
    members.insert(1, craft(manifest, png_bytes(3, 3)))
    (tmp_path / "evil").mkdir()
    crafted = write_archive(tmp_path / "evil" / "evil.tar.gz", manifest, members)
    with pytest.raises(CommandError, match="Refusing archive member"):
        import_into(crafted)
    assert_nothing_imported(media_root)
    assert not list(tmp_path.rglob("escaped.png"))
    assert not Path(ABSOLUTE).exists()


class Zeros:
    """size zero bytes, read in chunks: a big member without holding it in memory."""

    def __init__(self, size):
        self.left = size

    def read(self, size=-1):
        size = self.left if size < 0 else min(size, self.left)
        self.left -= size
        return bytes(size)


def with_extra_media(small_archive, tmp_path, name, content):
    """The small archive plus one more media file, listed in the manifest with its true checksum."""
    manifest, contents = members_of(small_archive)
    listed(manifest, name, content)
    members = [file_member(n, c) for n, c in contents.items()] + [file_member(name, content)]
    return write_archive(tmp_path / "extra-media.tar.gz", manifest, members)


HTML_PAGE = b"<!doctype html><script>alert(document.cookie)</script>"
SVG_IMAGE = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("media/articles/2026/11/page.html", HTML_PAGE, "not an image we can read"),
        ("media/articles/2026/11/logo.svg", SVG_IMAGE, "not an image we can read"),
        ("media/articles/2026/11/looks-like.png", HTML_PAGE, "not an image we can read"),
        ("media/articles/2026/11/photo.png", None, "holds a JPEG image under another extension"),
        ("media/articles/2026/11/" + "a" * 300 + ".png", b"x", "longer than 255 bytes|characters; an upload"),
        ("media/articles/2026/11/" + "b" * 90 + ".png", b"x", "is 111 characters; an upload's is at most 100"),
        ("media/articles/2026/11/with space.png", b"x", "no upload is stored under a name like this"),
    ],
    ids=["html", "svg", "html-named-png", "jpeg-named-png", "300-characters", "longer-than-a-field", "space"],
)
def test_restores_only_what_an_upload_could_have_stored(small_archive, media_root, tmp_path, name, content, message):
    """A correct checksum is not enough: each media file must pass an upload's checks, or nothing is imported."""
    from tests.factories import image_bytes

    content = image_bytes(8, 8, "JPEG") if content is None else content
    crafted = with_extra_media(small_archive, tmp_path, name, content)
    with pytest.raises(CommandError, match=f"Nothing was imported.*({message})"):
        import_into(crafted)
    assert_nothing_imported(media_root)


def test_a_media_file_over_the_upload_cap_is_refused_before_it_is_read(small_archive, media_root, tmp_path):
    """A 200 MB member is refused from the manifest, with its size and the cap, and nothing is written."""
    manifest, contents = members_of(small_archive)
    name, size = "media/articles/2026/11/huge.png", 200 * 1024 * 1024
    digest = hashlib.sha256()
    zeros = Zeros(size)
    while chunk := zeros.read(1024 * 1024):
        digest.update(chunk)
    manifest["files"][name] = {"sha256": digest.hexdigest(), "bytes": size}
    huge = tarfile.TarInfo(name)
    huge.size = size
    path = tmp_path / "huge.tar.gz"
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        for member_name, content in contents.items():
            info = tarfile.TarInfo(member_name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
        tar.addfile(huge, Zeros(size))
    with pytest.raises(CommandError, match=r"huge.png'?: it is 200\.0 MB, over the 10\.0 MB a media file may be"):
        import_into(path)
    assert_nothing_imported(media_root)


def test_data_files_and_the_whole_archive_have_caps_too(small_archive, media_root, tmp_path, settings):
    """BACKUP_MAX_DATA_FILE_BYTES and BACKUP_MAX_ARCHIVE_BYTES refuse with their names, nothing written."""
    settings.BACKUP_MAX_DATA_FILE_BYTES = 100
    with pytest.raises(CommandError, match=r"data/.*over the 100 bytes a data file may be"):
        import_into(small_archive)
    assert_nothing_imported(media_root)
    settings.BACKUP_MAX_DATA_FILE_BYTES = 10**9
    settings.BACKUP_MAX_ARCHIVE_BYTES = 1000
    with pytest.raises(CommandError, match="BACKUP_MAX_ARCHIVE_BYTES"):
        import_into(small_archive)
    assert_nothing_imported(media_root)


def test_restored_images_are_the_re_encoded_ones(small_archive, media_root, tmp_path):
    """Metadata or bytes appended to an image in an archive never reach storage: the file is Pillow's re-encode."""
    from PIL import Image

    from tests.factories import image_bytes

    tampered = image_bytes(6, 4, "PNG") + b"<script>alert(1)</script>"
    crafted = with_extra_media(small_archive, tmp_path, "media/articles/2026/11/appended.png", tampered)
    import_into(crafted)
    stored = (media_root / "articles/2026/11/appended.png").read_bytes()
    assert b"<script>" not in stored
    assert Image.open(io.BytesIO(stored)).size == (6, 4)


def test_refuses_a_member_the_manifest_does_not_list(small_archive, media_root, tmp_path):
    """A file slipped into an archive after it was made is refused."""
    manifest, contents = members_of(small_archive)
    members = [file_member(name, content) for name, content in contents.items()]
    members.append(file_member("media/articles/extra.png", png_bytes(2, 2)))
    crafted = write_archive(tmp_path / "extra.tar.gz", manifest, members)
    with pytest.raises(CommandError, match="not listed in the manifest"):
        import_into(crafted)
    assert_nothing_imported(media_root)


def test_refuses_an_archive_missing_a_listed_file(small_archive, media_root, tmp_path):
    """A truncated set of members is refused, naming what is missing."""
    manifest, contents = members_of(small_archive)
    media = next(name for name in contents if name.startswith("media/"))
    members = [file_member(name, content) for name, content in contents.items() if name != media]
    crafted = write_archive(tmp_path / "short.tar.gz", manifest, members)
    with pytest.raises(CommandError, match=f"lacks 1 files.*{re.escape(media)}"):
        import_into(crafted)
    assert_nothing_imported(media_root)


def test_refuses_counts_that_do_not_match_and_rolls_back(small_archive, media_root, tmp_path):
    """When the loaded rows do not add up to the manifest's counts, the transaction is rolled back."""
    manifest, contents = members_of(small_archive)
    manifest["counts"]["articles.article"] += 1
    crafted = write_archive(tmp_path / "count.tar.gz", manifest, [file_member(n, c) for n, c in contents.items()])
    with pytest.raises(CommandError, match="articles.article has 1 rows; the archive has 2"):
        import_into(crafted)
    assert_nothing_imported(media_root)


@pytest.mark.parametrize(
    "content, message",
    [(b"not an archive at all", "not a readable archive"), (b"\x1f\x8b\x08\x00garbage", "not a readable archive")],
)
def test_refuses_what_is_not_an_archive(db, tmp_path, media_root, content, message):
    path = tmp_path / "junk.tar.gz"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        import_into(path)
    assert_nothing_imported(media_root)


@pytest.mark.parametrize(
    "damage",
    [
        lambda manifest: manifest.pop("files"),
        lambda manifest: manifest["files"].update({"media/x.png": {"sha256": 1}}),
        lambda manifest: manifest["migrations"].update({"articles": "0001_initial"}),
        lambda manifest: manifest["counts"].update({"articles.article": "many"}),
    ],
    ids=["no-files", "bad-entry", "bad-migrations", "bad-count"],
)
def test_refuses_a_malformed_manifest(small_archive, media_root, tmp_path, damage):
    """A crafted manifest gets a clear refusal, never a traceback."""
    manifest, contents = members_of(small_archive)
    damage(manifest)
    crafted = write_archive(tmp_path / "m.tar.gz", manifest, [file_member(n, c) for n, c in contents.items()])
    with pytest.raises(CommandError, match="manifest is incomplete or malformed"):
        import_into(crafted)
    assert_nothing_imported(media_root)


def test_refuses_a_newer_format(small_archive, media_root, tmp_path):
    """An archive from a future version says so instead of half-loading."""
    manifest, contents = members_of(small_archive)
    manifest["format_version"] = 2
    crafted = write_archive(tmp_path / "v2.tar.gz", manifest, [file_member(n, c) for n, c in contents.items()])
    with pytest.raises(CommandError, match="format version 2; this code reads version 1"):
        import_into(crafted)
    assert_nothing_imported(media_root)


def test_refuses_an_archive_from_a_database_with_more_migrations(small_archive, media_root, tmp_path):
    """Rows made by a newer schema are not forced into an older one."""
    manifest, contents = members_of(small_archive)
    manifest["migrations"]["articles"].append("9999_from_the_future")
    crafted = write_archive(tmp_path / "new.tar.gz", manifest, [file_member(n, c) for n, c in contents.items()])
    with pytest.raises(CommandError, match="articles.9999_from_the_future.*manage.py migrate"):
        import_into(crafted)
    assert_nothing_imported(media_root)


def test_imported_rich_text_is_sanitised(small_archive, media_root, tmp_path):
    """A crafted archive with valid checksums still cannot store script: the fields sanitise raw loads."""
    manifest, contents = members_of(small_archive)
    name = "data/articles.article.jsonl"
    row = json.loads(contents[name])
    row["fields"]["body"] = (
        '<p>Hi<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:x()">l</a></p>'
    )
    contents[name] = (json.dumps(row) + "\n").encode()
    listed(manifest, name, contents[name])
    crafted = write_archive(tmp_path / "xss.tar.gz", manifest, [file_member(n, c) for n, c in contents.items()])
    import_into(crafted)
    assert Article.objects.values_list("body", flat=True).get() == '<p>Hi<a rel="noopener noreferrer">l</a></p>'


# Archives made before articles/0009 -----------------------------------------


def as_before_tagged_article(archive, path):
    """Rewrite a current archive into the shape export_content gave before migration articles/0009:
    article tags as taggit.taggeditem rows with the article content type, no articles.taggedarticle."""
    manifest, contents = members_of(archive)
    manifest["migrations"]["articles"] = [name for name in manifest["migrations"]["articles"] if name < "0009"]
    links = [json.loads(line) for line in contents.pop("data/articles.taggedarticle.jsonl").splitlines()]
    del manifest["files"]["data/articles.taggedarticle.jsonl"]
    del manifest["counts"]["articles.taggedarticle"]
    manifest["models"].remove("articles.taggedarticle")
    name = "data/taggit.taggeditem.jsonl"
    rows = [json.loads(line) for line in contents[name].splitlines()]
    first = max((row["pk"] for row in rows), default=0) + 1
    rows += [
        {
            "model": "taggit.taggeditem",
            "pk": first + index,
            "fields": {
                "content_type": ["articles", "article"],
                "object_id": link["fields"]["content_object"],
                "tag": link["fields"]["tag"],
            },
        }
        for index, link in enumerate(links)
    ]
    contents[name] = "".join(json.dumps(row) + "\n" for row in rows).encode()
    listed(manifest, name, contents[name])
    manifest["counts"]["taggit.taggeditem"] = len(rows)
    return write_archive(path, manifest, [file_member(n, c) for n, c in contents.items()])


@pytest.fixture
def tagged_site(db):
    """A published, a scheduled and a draft article sharing a tag; the draft also has a tag of its own."""
    live = make_article(headline="Finale recap", publish_at=timezone.now() - dt.timedelta(days=2))
    live.tags.add("recap", "finale")
    scheduled = make_article(headline="Next week's recap", publish_at=timezone.now() + dt.timedelta(days=7))
    scheduled.tags.add("recap")
    # A draft with a publish time already past: only Published articles are live, whatever their time.
    draft = make_article(
        headline="Unfinished recap", status=Article.Status.DRAFT, publish_at=timezone.now() - dt.timedelta(days=1)
    )
    draft.tags.add("recap", "draft-only")
    return {"live": live, "scheduled": scheduled, "draft": draft}


def article_tags(using):
    """(article id, tag slug, live_from) of every article tag, as tag pages and feeds read them."""
    links = TaggedArticle.objects.using(using).values_list("content_object_id", "tag__slug", "live_from")
    return sorted(links, key=repr)


@pytest.mark.django_db(databases=BOTH)
def test_an_archive_from_before_tagged_article_keeps_its_article_tags(
    tagged_site, tmp_path, settings, target_with_other_ids
):
    """Tags of an archive made before articles/0009 come back on tag pages and feeds, drafts still hidden."""
    source_tags = article_tags("default")
    assert {live_from for _, _, live_from in source_tags} == {
        tagged_site["live"].publish_at,
        tagged_site["scheduled"].publish_at,
        None,
    }
    old = as_before_tagged_article(export(tmp_path), tmp_path / "before-0009.tar.gz")
    assert "articles.taggedarticle" not in members_of(old)[0]["models"]

    import_into(old, "restore")

    assert article_tags("restore") == source_tags
    article_type = ContentType.objects.db_manager("restore").get_for_model(Article)
    assert not TaggedItem.objects.using("restore").filter(content_type=article_type).exists()

    settings.DATABASE_ROUTERS = ["tests.test_export_import.RestoreRouter"]
    client = Client()
    page = client.get("/tags/recap/").content.decode()
    assert "Finale recap" in page
    assert "Next week&#x27;s recap" not in page and "Next week's recap" not in page
    assert "Unfinished recap" not in page
    assert client.get("/tags/finale/").status_code == 200
    assert client.get("/tags/draft-only/").status_code == 404  # a draft's tag is not revealed
    feed = client.get("/tags/recap/feed/").content.decode()
    assert tagged_site["live"].get_absolute_url() in feed
    assert tagged_site["draft"].get_absolute_url() not in feed
    assert tagged_site["scheduled"].get_absolute_url() not in feed


@pytest.mark.django_db(databases=BOTH)
def test_an_archive_from_before_tagged_article_still_has_its_counts_checked(tagged_site, tmp_path):
    """The links move after loading; a manifest claiming more links than the archive holds is still refused."""
    links = TaggedArticle.objects.count()
    manifest, contents = members_of(as_before_tagged_article(export(tmp_path), tmp_path / "before-0009.tar.gz"))
    manifest["counts"]["taggit.taggeditem"] += 1
    crafted = write_archive(tmp_path / "count.tar.gz", manifest, [file_member(n, c) for n, c in contents.items()])
    with pytest.raises(CommandError, match=f"taggit.taggeditem has {links} rows; the archive has {links + 1}"):
        import_into(crafted, "restore")
    assert not Article.objects.using("restore").exists()
    assert not TaggedArticle.objects.using("restore").exists()


# Archives made before articles/0011 ------------------------------------------

# Article field -> (the link model's label, its key to the show or person, the table's label before 0011).
DATED_LINKS = {
    "shows": ("articles.articleshow", "show", "articles.article_shows"),
    "people": ("articles.articleperson", "person", "articles.article_people"),
}


def as_before_dated_links(archive, path):
    """Rewrite a current archive into the shape export_content gave before migration articles/0011:
    each article's shows and people as id lists in its row (Django's many-to-many tables, counted
    under their names), no articles.articleshow or articles.articleperson rows."""
    manifest, contents = members_of(archive)
    manifest["migrations"]["articles"] = [name for name in manifest["migrations"]["articles"] if name < "0011"]
    linked = {}
    for field, (label, key, old_label) in DATED_LINKS.items():
        member = f"data/{label}.jsonl"
        links = [json.loads(line) for line in contents.pop(member).splitlines()]
        del manifest["files"][member]
        del manifest["counts"][label]
        manifest["models"].remove(label)
        for link in sorted(links, key=lambda link: link["pk"]):
            linked.setdefault(link["fields"]["article"], {}).setdefault(field, []).append(link["fields"][key])
        manifest["counts"][old_label] = len(links)
    name = "data/articles.article.jsonl"
    rows = [json.loads(line) for line in contents[name].splitlines()]
    for row in rows:
        row["fields"].update({"shows": [], "people": [], **linked.get(row["pk"], {})})
    contents[name] = "".join(json.dumps(row) + "\n" for row in rows).encode()
    listed(manifest, name, contents[name])
    return write_archive(path, manifest, [file_member(n, c) for n, c in contents.items()])


@pytest.fixture
def linked_site(db):
    """A published, a scheduled and a draft article about the same show and person."""
    show, person = make_show(title="Queen of Tears"), make_person(name="Kim Ji Won")
    now = timezone.now()
    articles = {
        "live": make_article(headline="Finale recap", publish_at=now - dt.timedelta(days=400)),
        "scheduled": make_article(headline="Next week's recap", publish_at=now + dt.timedelta(days=7)),
        "draft": make_article(headline="Unfinished recap", status=Article.Status.DRAFT, publish_at=now),
    }
    for article in articles.values():
        article.shows.add(show)
        article.people.add(person)
    return {"show": show, "person": person, **articles}


def show_and_person_links(using):
    """(kind, article id, show or person id, live_from) of every link, as show and person pages read them."""
    shows = [("show", *row) for row in ArticleShow.objects.using(using).values_list("article", "show", "live_from")]
    people = ArticlePerson.objects.using(using).values_list("article", "person", "live_from")
    return sorted(shows + [("person", *row) for row in people], key=repr)


@pytest.mark.django_db(databases=BOTH)
def test_an_archive_from_before_dated_links_keeps_its_shows_and_people_with_their_dates(
    linked_site, tmp_path, settings
):
    """Shows and people of an archive made before articles/0011 come back, each link dated from its article."""
    source_links = show_and_person_links("default")
    assert {live_from for *_, live_from in source_links} == {
        linked_site["live"].publish_at,
        linked_site["scheduled"].publish_at,
        None,
    }
    old = as_before_dated_links(export(tmp_path), tmp_path / "before-0011.tar.gz")
    assert "articles.articleshow" not in members_of(old)[0]["models"]

    import_into(old, "restore")

    assert show_and_person_links("restore") == source_links
    settings.DATABASE_ROUTERS = ["tests.test_export_import.RestoreRouter"]
    client = Client()
    for page in (linked_site["show"].get_absolute_url(), linked_site["person"].get_absolute_url()):
        html = client.get(page).content.decode()
        assert "Finale recap" in html, page
        assert "Next week" not in html and "Unfinished recap" not in html, page


@pytest.mark.django_db(databases=BOTH)
def test_an_archive_from_before_dated_links_still_has_its_counts_checked(linked_site, tmp_path):
    """The links load inside the article rows; a manifest claiming more than the archive holds is refused."""
    links = ArticleShow.objects.count()
    manifest, contents = members_of(as_before_dated_links(export(tmp_path), tmp_path / "before-0011.tar.gz"))
    manifest["counts"]["articles.article_shows"] += 1
    crafted = write_archive(tmp_path / "count.tar.gz", manifest, [file_member(n, c) for n, c in contents.items()])
    with pytest.raises(CommandError, match=f"articles.articleshow has {links} rows; the archive has {links + 1}"):
        import_into(crafted, "restore")
    assert not Article.objects.using("restore").exists()


def test_every_installed_model_is_backed_up_or_left_out_on_purpose():
    """A new model must be decided on: it is exported, or excluded with a reason in backup/scope.py."""
    exported = {scope.label(model) for model in scope.exported_models()}
    for model in apps.get_models():
        label = scope.label(model)
        if model._meta.proxy or model._meta.auto_created:
            continue
        assert label in exported or label in scope.EXCLUDED_MODELS, f"{label} is neither backed up nor excluded"
    assert not exported & set(scope.EXCLUDED_MODELS)


# Archives made before the photo library ------------------------------------


@pytest.mark.django_db(databases=BOTH)
def test_pictures_of_an_archive_from_before_the_library_join_it_on_import(tmp_path, media_root):
    """Rows that carry a picture and no library photo (as every archive made before the library does)
    come back linked to photos made as the migrations made them: one per file as it is described."""
    show = make_show(title="Queen of Tears", poster=upload("poster.png", png_bytes(30, 45)), poster_alt="Key art")
    person = make_person(name="Kim Ji Won", photo=upload("kjw.png", png_bytes(20, 30)), photo_alt="Kim Ji Won")
    Show.objects.filter(pk=show.pk).update(poster_credit="tvN")
    # As before the library: the pictures in the rows, no photos, no links.
    Show.objects.update(library_photo=None, library_rights_until=None)
    Person.objects.update(library_photo=None)
    Photo.objects.all().delete()

    said = io.StringIO()
    call_command("import_content", str(export(tmp_path)), "--database", "restore", stdout=io.StringIO(), stderr=said)

    assert "Moved 2 pictures from before the photo library into it." in said.getvalue()
    restored_show = Show.objects.using("restore").select_related("library_photo").get()
    photo = restored_show.library_photo
    assert (photo.file.name, photo.alt_text, photo.credit, photo.width) == (show.poster.name, "Key art", "tvN", 30)
    restored_person = Person.objects.using("restore").select_related("library_photo").get()
    assert restored_person.library_photo.file.name == person.photo.name
    assert Photo.objects.using("restore").count() == 2
