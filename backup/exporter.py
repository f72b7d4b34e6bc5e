"""export_content: the whole site into one archive, read in chunks so big sites fit in memory."""

import datetime as dt
import json
import os
import tarfile
import tempfile
from pathlib import Path

import django
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from pictures import renditions
from pictures.images import ValidatedImageField

from . import scope
from .archive import DATA, FORMAT, FORMAT_VERSION, MANIFEST, MEDIA, ArchiveError, HashingReader, add_bytes, sha256_of


def export_site(destination, *, using="default", log=print):
    """Write the archive to destination (atomically: a partial file never has the final name)."""
    destination = Path(destination)
    partial = destination.with_name(f".{destination.name}.partial")
    with tempfile.TemporaryDirectory(prefix="dramasite-export-") as workdir:
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "database": connections[using].vendor,
            "renditions": "not included; import_content rebuilds them (or manage.py make_renditions)",
        }
        files = {}
        manifest.update(_dump_rows(Path(workdir), files, using))
        media, missing = _media_files(using)
        for name in media:
            with default_storage.open(name, "rb") as handle:
                digest, size = sha256_of(handle)
            files[f"{MEDIA}/{name}"] = {"sha256": digest, "bytes": size}
        manifest["missing_media"] = missing
        manifest["files"] = files
        try:
            with tarfile.open(partial, "w:gz") as tar:
                add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
                for member, expected in files.items():
                    if member.startswith(f"{DATA}/"):
                        tar.add(Path(workdir) / member, arcname=member, recursive=False, filter=_anonymous)
                    else:
                        _add_media(tar, member, expected)
            os.replace(partial, destination)
        finally:
            partial.unlink(missing_ok=True)
    for name in missing:
        log(f"Warning: {name} is named by a row but missing from storage; it could not be backed up.")
    return manifest


def _dump_rows(workdir, files, using):
    """Every backed-up table into data/*.jsonl, all read in one snapshot of the database."""
    connection = connections[using]
    (workdir / DATA).mkdir()
    counts = {}
    models = scope.exported_models()
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            # One consistent snapshot for every table, even while editors keep saving.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        migrations = {}
        for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
            migrations.setdefault(app, []).append(name)
        for model in models:
            member = f"{DATA}/{scope.label(model)}.jsonl"
            counted = _Counter(scope.rows(model, using))
            with open(workdir / member, "w", encoding="utf-8") as handle:
                scope.BackupSerializer().serialize(counted, stream=handle)
            counts[scope.label(model)] = counted.count
            for through in scope.through_models(model):
                counts[scope.label(through)] = through._base_manager.using(using).count()
            with open(workdir / member, "rb") as handle:
                digest, size = sha256_of(handle)
            files[member] = {"sha256": digest, "bytes": size}
    return {"migrations": migrations, "models": [scope.label(model) for model in models], "counts": counts}


def _anonymous(info):
    """No owner names or ids from the exporting machine in the archive."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o644
    return info


class _Counter:
    def __init__(self, iterable):
        self.iterable = iterable
        self.count = 0

    def __iter__(self):
        for item in self.iterable:
            self.count += 1
            yield item


def _media_files(using):
    """(files to back up, files rows name that are missing): everything in storage but renditions."""
    stored = sorted(_walk(""))
    present = set(stored)
    missing = set()
    for model, field in image_fields():
        names = model._base_manager.using(using).exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
        missing.update(name for name in names.iterator() if name not in present)
    return stored, sorted(missing)


def _walk(folder):
    try:
        directories, names = default_storage.listdir(folder)
    except FileNotFoundError:  # no upload yet, so no media folder
        return
    for name in names:
        if not name.startswith(".partial-"):  # a rendition being written right now
            yield f"{folder}{name}"
    for directory in directories:
        if not (folder == "" and directory == renditions.ROOT):
            yield from _walk(f"{folder}{directory}/")


def _add_media(tar, member, expected):
    """Add one media file, hashing the bytes as they go in: a file changed since it was hashed is an error."""
    name = member.split("/", 1)[1]
    info = tarfile.TarInfo(member)
    info.size = expected["bytes"]
    info.mode = 0o644
    with default_storage.open(name, "rb") as handle:
        reader = HashingReader(handle)
        try:
            tar.addfile(info, reader)
        except OSError as error:  # the file shrank while it was being read
            raise ArchiveError(f"{name} changed during the export ({error}); run export_content again.") from None
    if reader.digest.hexdigest() != expected["sha256"]:
        raise ArchiveError(f"{name} changed during the export; run export_content again.")


def image_fields():
    """(model, field) for every stored image: library photos and the images, posters and portraits showing them."""
    for model in scope.exported_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, ValidatedImageField):
                yield model, field
