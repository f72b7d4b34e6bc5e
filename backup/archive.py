"""The archive: one .tar.gz holding a manifest, the rows and the media files.

Layout (manifest first, so a reader checks it before anything else):

    manifest.json                      format, versions, migrations, counts, sha256 of every member
    data/<app_label>.<model>.jsonl     the rows, Django's JSON Lines serialisation, one file per model
    media/<storage name>               every stored file except renditions (rebuilt on import)

An archive is untrusted input on import: a member must be a regular file, its
name relative, without `..`, under data/ or media/ and listed in the manifest,
and its bytes must match the manifest's sha256 before anything is written.
"""

import hashlib
import io
import json
import tarfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.files.utils import validate_file_name
from django.template.defaultfilters import filesizeformat

FORMAT = "dramasite-content"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data"
MEDIA = "media"
CHUNK = 1024 * 1024
MANIFEST_MAX_BYTES = 256 * 1024 * 1024
# A path component longer than this is one no filesystem stores (ext4, XFS, APFS: 255 bytes).
MAX_NAME_COMPONENT_BYTES = 255


class ArchiveError(Exception):
    """The archive is unreadable, tampered with or unsafe; the message says which and where."""


def sha256_of(stream):
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


class HashingReader:
    """Reads a file while hashing it, so a file is read once whether it is copied or archived."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def checked_member_name(member, manifest_files):
    """The member's name if it is a safe, expected regular file; ArchiveError otherwise."""
    name = member.name
    if not member.isreg():
        kind = "a link" if member.issym() or member.islnk() else "not a regular file"
        raise ArchiveError(f"Refusing archive member {name!r}: it is {kind}.")
    path = PurePosixPath(name)
    if (
        "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in name.split("/"))
        or path.parts[0] not in (DATA, MEDIA)
        or len(path.parts) < 2
    ):
        raise ArchiveError(f"Refusing archive member {name!r}: unsafe or unexpected path.")
    if any(len(part.encode()) > MAX_NAME_COMPONENT_BYTES for part in path.parts):
        raise ArchiveError(
            f"Refusing archive member {_shown(name)}: a part of its name is longer than "
            f"{MAX_NAME_COMPONENT_BYTES} bytes, which no file system stores."
        )
    if path.parts[0] == MEDIA:
        try:
            validate_file_name(media_name(name), allow_relative_path=True)
        except SuspiciousFileOperation:
            raise ArchiveError(f"Refusing archive member {name!r}: unsafe file name.") from None
        for part in path.parts[1:]:
            if default_storage.get_valid_name(part) != part:
                raise ArchiveError(
                    f"Refusing archive member {_shown(name)}: no upload is stored under a name like this "
                    "(storage names hold letters, digits, '_', '-' and '.')."
                )
    if name not in manifest_files:
        raise ArchiveError(f"Refusing archive member {name!r}: it is not listed in the manifest.")
    if member.size != manifest_files[name]["bytes"]:
        raise ArchiveError(f"{name} has {member.size} bytes; the manifest says {manifest_files[name]['bytes']}.")
    return name


def _shown(name, limit=120):
    """A member name for a message: cut short, so a 10,000-character name does not fill the screen."""
    return repr(name if len(name) <= limit else f"{name[:limit]}…")


def _size(count):
    return filesizeformat(count).replace("\xa0", " ")  # a terminal shows a plain space best


def check_sizes(manifest, longest_media_name):
    """Refuse, from the manifest alone, members and archives over the caps and names no upload has.

    Media files are uploads, so they have an upload's cap (IMAGE_UPLOAD_MAX_BYTES) and a
    name no longer than an image field holds; data files and the whole archive have caps of
    their own (BACKUP_MAX_DATA_FILE_BYTES, BACKUP_MAX_ARCHIVE_BYTES). Each member's real size
    is compared with the manifest's as it is read (checked_member_name).
    """
    limits = {DATA: settings.BACKUP_MAX_DATA_FILE_BYTES, MEDIA: settings.IMAGE_UPLOAD_MAX_BYTES}
    total = 0
    for name, entry in manifest["files"].items():
        top = name.split("/", 1)[0]
        size = entry["bytes"]
        total += size
        if top in limits and size > limits[top]:
            raise ArchiveError(
                f"Refusing archive member {_shown(name)}: it is {_size(size)}, over the "
                f"{_size(limits[top])} a {'media' if top == MEDIA else 'data'} file may be."
            )
        if top == MEDIA and len(media_name(name)) > longest_media_name:
            raise ArchiveError(
                f"Refusing archive member {_shown(name)}: its name is {len(media_name(name))} characters; an "
                f"upload's is at most {longest_media_name}."
            )
    if total > settings.BACKUP_MAX_ARCHIVE_BYTES:
        raise ArchiveError(
            f"Refusing the archive: its files come to {_size(total)}, over the "
            f"{_size(settings.BACKUP_MAX_ARCHIVE_BYTES)} an import takes (BACKUP_MAX_ARCHIVE_BYTES)."
        )


def media_name(member_name):
    """media/articles/2026/11/a.jpg -> articles/2026/11/a.jpg (the storage name)."""
    return member_name.split("/", 1)[1]


def read_manifest(tar):
    """The first member, parsed and checked for format and version."""
    first = tar.next()
    if first is None or first.name != MANIFEST or not first.isreg():
        raise ArchiveError(f"This is not a Dramasite content archive: it does not start with {MANIFEST}.")
    if first.size > MANIFEST_MAX_BYTES:
        raise ArchiveError("The manifest is implausibly large; refusing the archive.")
    try:
        manifest = json.loads(tar.extractfile(first).read())
    except ValueError:
        raise ArchiveError(f"{MANIFEST} is not valid JSON; the archive is damaged.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("This is not a Dramasite content archive (unknown format in the manifest).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"The archive is in format version {manifest.get('format_version')!r}; this code reads version "
            f"{FORMAT_VERSION}. Restore it with the version of Dramasite that made it."
        )
    if not _well_formed(manifest):
        raise ArchiveError("The manifest is incomplete or malformed; the archive is damaged.")
    return manifest


def _well_formed(manifest):
    """The shapes the importer relies on, so a crafted manifest gives a clear refusal, not a traceback."""
    files, counts, models, migrations = (manifest.get(key) for key in ("files", "counts", "models", "migrations"))
    return (
        isinstance(files, dict)
        and all(
            isinstance(entry, dict) and isinstance(entry.get("sha256"), str) and type(entry.get("bytes")) is int
            for entry in files.values()
        )
        and isinstance(counts, dict)
        and all(type(count) is int for count in counts.values())
        and isinstance(models, list)
        and all(isinstance(label, str) for label in models)
        and isinstance(migrations, dict)
        and all(isinstance(names, list) and all(isinstance(n, str) for n in names) for names in migrations.values())
    )
