"""import_content: an archive back into an empty database and MEDIA_ROOT, all or nothing.

Order, and why:
1. The manifest is read and checked first (format, version, migrations), then
   whether the database is empty (or --replace was given).
2. Every member is checked (archive.checked_member_name: a safe name, within
   the size caps, the archive's total too) and copied to a private staging
   folder while its sha256 is compared with the manifest; every media file is
   then put through the checks and the re-encoding an upload gets
   (pictures/images.py), so a restore stores only what an upload could have:
   an HTML page, an SVG or a file named .png that holds a JPEG is refused. A
   refusal stops the import before the database or MEDIA_ROOT is touched.
3. One transaction: wipe (--replace), load the rows (Django's deserialiser,
   raw saves: rich text is still sanitised by the field's get_prep_value),
   check foreign keys, compare row counts with the manifest, move the article
   tags of an archive older than articles/0009 out of taggit's table, reset
   PostgreSQL's sequences, then move the media into place. Any failure rolls
   the rows back and removes the files this import added. (An archive older
   than articles/0011 holds an article's shows and people in its row: Django
   links them as the row loads and articles/live_from.py dates the links.)
4. After the commit: every cache is cleared (page cache, rendition lookups),
   and renditions are rebuilt.
"""

import gzip
import hashlib
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from articles.live_from import move_article_links_from_taggit
from pictures import images, renditions
from pictures.library_migration import link_imported

from . import scope
from .archive import CHUNK, DATA, MEDIA, ArchiveError, check_sizes, checked_member_name, media_name, read_manifest
from .exporter import image_fields


class NotEmptyError(ArchiveError):
    """The target already holds content and --replace was not given."""


def import_site(source, *, using="default", replace=False, make_renditions=True, log=print):
    """Load the archive at source. Returns the manifest. Raises ArchiveError with a readable reason."""
    try:
        tar = tarfile.open(source, "r:*")  # noqa: SIM115 (closed by the with block below)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise ArchiveError(f"{source} is not a readable archive ({error}).") from None
    try:
        with tar, tempfile.TemporaryDirectory(prefix="dramasite-import-") as staging:
            manifest = _import(tar, Path(staging), using, replace, log)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise ArchiveError(f"{source} is damaged or incomplete ({error}).") from None
    _clear_caches(log)
    if make_renditions:
        made, failed = rebuild_renditions(using, log)
        log(f"Made {made} renditions; {failed} images failed.")
    return manifest


def _import(tar, staging, using, replace, log):
    manifest = read_manifest(tar)
    _check_migrations(manifest, using, log)
    if not replace:
        _refuse_unless_empty(using)
    check_sizes(manifest, _longest_media_name())
    _stage_members(tar, manifest, staging)
    _reencode_media(manifest, staging)
    added = []
    try:
        with transaction.atomic(using=using):
            if replace:
                _wipe(using)
            else:
                _refuse_unless_empty(using)  # again, inside the transaction
            _load_rows(manifest, staging, using)
            if made := link_imported(using):
                log(f"Moved {made} pictures from before the photo library into it.")
            _move_media(manifest, staging, added)
    except BaseException:
        for name in added:
            default_storage.delete(name)
        raise
    return manifest


def _clear_caches(log):
    """The page cache and the rendition lookups describe the old content. A cache that is down is not fatal."""
    renditions.forget_local()
    for alias in settings.CACHES:
        try:
            caches[alias].clear()
        except Exception as error:
            log(f"Warning: could not clear the {alias!r} cache ({error}); clear it by hand.")


def _check_migrations(manifest, using, log):
    applied = {(app, name) for app, name in MigrationRecorder(connections[using]).applied_migrations()}
    wanted = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    missing = sorted(wanted - applied)
    if missing:
        shown = ", ".join(f"{app}.{name}" for app, name in missing[:5])
        raise ArchiveError(
            f"The archive comes from a database with migrations this one lacks ({shown}"
            f"{', …' if len(missing) > 5 else ''}). Run `manage.py migrate` with the code that made the archive "
            "(or newer) first."
        )
    newer = wanted and applied - wanted
    if newer:
        log(f"Note: this database has {len(newer)} migrations the archive's did not; rows load with their defaults.")


def _refuse_unless_empty(using):
    # Groups are made by migrations, so a fresh database has them; they are matched by name.
    held = {
        scope.label(model): count
        for model in scope.exported_models()
        if model._meta.label_lower != "auth.group" and (count := model._base_manager.using(using).count())
    }
    if held:
        shown = ", ".join(f"{count} {name}" for name, count in sorted(held.items()))
        raise NotEmptyError(
            f"The database already holds content ({shown}). import_content loads into an empty database: "
            "run it on a freshly migrated one, or pass --replace to delete this content first."
        )


def _stage_members(tar, manifest, staging):
    """Copy every member into staging, refusing unsafe names and bytes that do not match the manifest."""
    files = manifest["files"]
    seen = set()
    for index, member in enumerate(tar):
        if index == 0:
            continue  # the manifest, read already
        name = checked_member_name(member, files)
        if name in seen:
            raise ArchiveError(f"Refusing archive member {name!r}: it appears twice.")
        seen.add(name)
        target = staging.joinpath(*name.split("/"))
        digest = hashlib.sha256()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, open(target, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        except (IsADirectoryError, NotADirectoryError, FileExistsError):
            raise ArchiveError(f"Refusing archive member {name!r}: it clashes with another member's path.") from None
        if digest.hexdigest() != files[name]["sha256"]:
            raise ArchiveError(f"{name} does not match its checksum in the manifest; the archive is corrupt.")
    absent = sorted(set(files) - seen)
    if absent:
        raise ArchiveError(f"The archive lacks {len(absent)} files its manifest lists, e.g. {absent[0]}.")


FORMAT_NAMES = {"jpg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WebP"}


def _longest_media_name():
    """The longest name an upload can be stored under: the image fields' max_length."""
    return max(field.max_length for _, field in image_fields())


def _reencode_media(manifest, staging):
    """Each staged media file through an upload's checks and re-encoding; the re-encode replaces it.

    Stored originals are already re-encodes, so this is the same kind of image again, without
    anything an archive could have slipped in (markup, metadata, trailing bytes). The name is
    kept (rows refer to it), so its extension must be the one the re-encode would get.
    """
    for member in manifest["files"]:
        if not member.startswith(f"{MEDIA}/"):
            continue
        staged = staging.joinpath(*member.split("/"))
        try:
            with open(staged, "rb") as handle:
                reencoded = images.checked_reencoding(File(handle))
        except ValidationError as error:
            reason = " ".join(error.messages)
            raise ArchiveError(f"Refusing {member}: an upload would have been refused. {reason}") from None
        extension = member.rsplit(".", 1)[-1].lower() if "." in member.rsplit("/", 1)[-1] else ""
        if extension != reencoded.extension and not (extension == "jpeg" and reencoded.extension == "jpg"):
            raise ArchiveError(
                f"Refusing {member}: it holds a {FORMAT_NAMES[reencoded.extension]} image under another "
                "extension, which an upload never stores."
            )
        staged.write_bytes(reencoded.data)


def _wipe(using):
    """Delete the content a backup holds (and every session), in this transaction."""
    connection = connections[using]
    tables = [Session._meta.db_table]
    for model in scope.exported_models():
        tables += [model._meta.db_table] + [through._meta.db_table for through in scope.through_models(model)]
    # DELETE rather than TRUNCATE: PostgreSQL refuses TRUNCATE on a table with pending deferred
    # foreign-key checks in the transaction, and both databases check those at commit anyway.
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from models)


def _load_rows(manifest, staging, using):
    connection = connections[using]
    loaded = set()
    deferred = []
    known = {scope.label(model) for model in scope.exported_models()}
    with connection.constraint_checks_disabled():
        for label in manifest["models"]:
            if label not in known:
                raise ArchiveError(f"The archive holds {label!r}, which this version of Dramasite does not back up.")
            path = staging / DATA / f"{label}.jsonl"
            if not path.exists():
                raise ArchiveError(f"The archive lists {label} but has no {DATA}/{label}.jsonl.")
            try:
                with open(path, encoding="utf-8") as handle:
                    for item in serializers.deserialize("jsonl", handle, using=using, handle_forward_references=True):
                        if scope.label(type(item.object)) != label:
                            raise ArchiveError(f"{DATA}/{label}.jsonl holds a row of another model.")
                        item.save(using=using)
                        if item.deferred_fields:
                            deferred.append(item)
                        loaded.add(type(item.object))
            except (DeserializationError, IntegrityError, DatabaseError, ValueError) as error:
                raise ArchiveError(f"A row in {DATA}/{label}.jsonl could not be loaded: {error}") from None
        try:
            for item in deferred:
                item.save_deferred_fields(using=using)
        except (DeserializationError, IntegrityError, DatabaseError, ValueError) as error:
            raise ArchiveError(f"A row's reference could not be resolved: {error}") from None
    try:
        connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
    except IntegrityError as error:
        raise ArchiveError(f"The archive's rows point at rows it does not contain: {error}") from None
    _compare_counts(manifest, using)
    if "0009_tagged_article" not in manifest["migrations"].get("articles", []):
        # Exported before articles/0009: its article tags are taggit rows, which nothing reads any more
        # (tag pages, feeds and related stories read TaggedArticle). Move them as that migration did.
        # After the count check, so it still compares exactly the rows the archive says it holds.
        move_article_links_from_taggit(apps, connection)
    sequences = connection.ops.sequence_reset_sql(no_style(), list(loaded))
    if sequences:
        with connection.cursor() as cursor:
            for statement in sequences:
                cursor.execute(statement)


# Archives exported before articles/0011 carry an article's shows and people inside its row, and
# count them under Django's automatic many-to-many tables, the tables of these models since.
COUNTED_BEFORE_0011 = {
    "articles.articleshow": "articles.article_shows",
    "articles.articleperson": "articles.article_people",
}


def _compare_counts(manifest, using):
    counts = manifest["counts"]
    for model in scope.exported_models():
        for counted in [model, *scope.through_models(model)]:
            label = scope.label(counted)
            expected = counts.get(label, counts.get(COUNTED_BEFORE_0011.get(label)))
            actual = counted._base_manager.using(using).count()
            if expected is not None and actual != expected:
                raise ArchiveError(f"After loading, {label} has {actual} rows; the archive has {expected}.")


def _move_media(manifest, staging, added):
    """Put each staged file at its exact name in storage (overwriting, never renaming)."""
    for member in manifest["files"]:
        if not member.startswith(f"{MEDIA}/"):
            continue
        name = media_name(member)
        existed = default_storage.exists(name)
        staged = staging.joinpath(*member.split("/"))
        try:
            path = Path(default_storage.path(name))  # safe_join: refuses anything outside MEDIA_ROOT
        except NotImplementedError:  # remote storage: save under the exact name
            if existed:
                default_storage.delete(name)
            with open(staged, "rb") as handle:
                stored = default_storage.save(name, handle)
            if stored != name:
                raise ArchiveError(f"Storage saved {name} as {stored}; refusing a renamed file.") from None
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staged, path)
        if not existed:
            added.append(name)


def rebuild_renditions(using, log):
    """Make every rendition of the imported images (renditions are not in archives)."""
    _, made, failed = images.make_every_rendition(using, report_failure=log)
    return made, failed
