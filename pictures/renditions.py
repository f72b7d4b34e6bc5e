"""Responsive renditions of stored images: made once on upload, found by name at render time.

Every image field (ValidatedImageField) gets, after its row is committed, an AVIF
copy (where the installed Pillow encodes AVIF: ENCODES_AVIF), a WebP copy and a
copy in its own format (JPEG, PNG or GIF) at each width in
RENDITION_WIDTHS that is narrower than the original, plus one at the original's
own width (capped at the widest), so nothing is ever upscaled.

Design, and why:
- django-imagekit (ImageSpec + pilkit's ResizeToFit) does the decoding, resizing
  and encoding. Every rendition is written by Pillow, so metadata is dropped
  and the uploaded bytes are never served.
- Names are deterministic (derived from the original's name and the width), so
  templates build every URL from the row alone: no query per image or width.
- Whether the files exist is asked of the cache (one key per image), never of
  the database; on a cache miss the storage is checked once and remembered. A
  missing file drops out of srcset, and with nothing left the page shows the
  original, so a lost rendition never breaks a page.
- A complete set is also remembered in the process for a minute: a listing
  shows twenty pictures, and a cache round trip for each cost more than the
  rest of the picture. Only complete sets, because an incomplete one may be
  mid-way through being made; and complete sets only go away with their
  original, which is then on no page.
- Two writers racing for the same rendition (two saves, a save and
  make_renditions, two app servers) each write a complete file to a temporary
  name beside the target and rename it into place; rename is atomic, both
  write the same bytes, and readers see either no file or a whole one.
- Animated GIF and WebP originals get no renditions (resizing would lose the
  animation); pages show the re-encoded original.
"""

import io
import logging
import os
import tempfile
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from imagekit import ImageSpec
from imagekit.processors import ResizeToFit
from PIL import Image, features

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (480, 800, 1200)
ROOT = "renditions"
CACHE_SECONDS = 24 * 60 * 60
INCOMPLETE_CACHE_SECONDS = 60
# How long, and for how many originals, a process keeps complete sets without asking the cache.
LOCAL_SECONDS = 60
LOCAL_LIMIT = 10_000
_complete = {}  # original's name -> (monotonic deadline, its width, its renditions)

# Extension of a stored original -> (Pillow format, extension) of its same-format renditions.
SAME_FORMAT = {"jpg": ("JPEG", "jpg"), "jpeg": ("JPEG", "jpg"), "png": ("PNG", "png"), "gif": ("GIF", "gif")}
WEBP = ("WEBP", "webp")
AVIF = ("AVIF", "avif")
# Pillow's own wheels encode AVIF from Pillow 11.2 (libavif); a build without it serves WebP and the
# original's format as before. AVIF comes first in <picture>: at our sizes it is 10-45% lighter
# than WebP, for about half a second more work per 1200-pixel rendition when the picture is saved.
ENCODES_AVIF = features.check("avif")
ENCODER_OPTIONS = {
    "AVIF": {"quality": 60, "speed": 6},
    "WEBP": {"quality": 80, "method": 4},
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "GIF": {},
}
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpg": "image/jpeg", "png": "image/png", "gif": "image/gif"}


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    extension: str

    @property
    def mime_type(self):
        return MIME_TYPES[self.extension]


def widths_for(source_width):
    """The widths to make for an original this wide: never wider than it."""
    if not source_width:
        return []
    widest = min(source_width, max(RENDITION_WIDTHS))
    return sorted({width for width in RENDITION_WIDTHS if width < widest} | {widest})


def formats_for(source_name):
    """(format, extension) pairs for an original: AVIF and WebP first, then its own format if not WebP.

    The original's own format always comes last: it is what <img> falls back to.
    """
    extension = source_name.rsplit(".", 1)[-1].lower() if "." in source_name else ""
    same = SAME_FORMAT.get(extension)
    modern = [AVIF, WEBP] if ENCODES_AVIF else [WEBP]
    return [*modern, same] if same else modern


def rendition_name(source_name, width, extension):
    """renditions/articles/2026/11/picture.png -> renditions/articles/2026/11/picture_png_480w.webp"""
    folder, _, filename = source_name.rpartition("/")
    stem, _, source_extension = filename.rpartition(".")
    stem = stem or filename
    tag = f"{source_extension.lower()}_" if source_extension else ""
    name = f"{stem}_{tag}{width}w.{extension}"
    return "/".join(part for part in (ROOT, folder, name) if part)


def expected(source_name, source_width):
    """Every rendition an original of this name and width should have, AVIF and WebP first, narrowest first."""
    return [
        Rendition(rendition_name(source_name, width, extension), width, extension)
        for _, extension in formats_for(source_name)
        for width in widths_for(source_width)
    ]


def _cache_key(source_name):
    return f"renditions:v1:{source_name}"


def available(fieldfile, source_width):
    """The renditions of this file that exist: from the process, else the cache, else the storage."""
    remembered = _complete.get(fieldfile.name)
    if remembered and remembered[0] > time.monotonic() and remembered[1] == source_width:
        return remembered[2]
    names = cache.get(_cache_key(fieldfile.name))
    wanted = expected(fieldfile.name, source_width)
    if names is None:
        names = [rendition.name for rendition in wanted if fieldfile.storage.exists(rendition.name)]
        # An incomplete set may be one still being made: look again soon rather than tomorrow.
        timeout = CACHE_SECONDS if len(names) == len(wanted) else INCOMPLETE_CACHE_SECONDS
        cache.set(_cache_key(fieldfile.name), names, timeout)
    present = set(names)
    found = [rendition for rendition in wanted if rendition.name in present]
    if len(found) == len(wanted):
        if len(_complete) >= LOCAL_LIMIT:
            _complete.clear()
        _complete[fieldfile.name] = (time.monotonic() + LOCAL_SECONDS, source_width, found)
    return found


def forget_local(source_name=None):
    """Drop what this process remembers (of one original, or of all)."""
    if source_name is None:
        _complete.clear()
    else:
        _complete.pop(source_name, None)


# Making them -------------------------------------------------------------


class KeepTransparency:
    """A pilkit processor: palette and grey images with transparency become RGBA before resizing,
    which otherwise flattens them onto black."""

    def process(self, image):
        if image.mode in ("LA", "PA") or (image.mode in ("P", "L") and "transparency" in image.info):
            return image.convert("RGBA")
        return image


def _encode(source_bytes, width, image_format):
    """One rendition's bytes, resized and encoded by django-imagekit (never upscaled)."""
    spec = ImageSpec(source=io.BytesIO(source_bytes))
    spec.processors = [KeepTransparency(), ResizeToFit(width=width, upscale=False)]
    spec.format = image_format
    spec.options = ENCODER_OPTIONS[image_format]
    # pilkit's conversions before saving predate AVIF and would make it opaque; Pillow's AVIF
    # encoder takes every mode an original can have, alpha included.
    spec.autoconvert = image_format != "AVIF"
    return spec.generate().read()


def _write_atomically(storage, name, data):
    """Put data at name so a reader never sees half a file and two writers leave one file."""
    try:
        path = storage.path(name)
    except NotImplementedError:
        # Remote storage: its own PUT is atomic per object; overwrite rather than
        # letting the storage invent an alternative name.
        if storage.exists(name):
            storage.delete(name)
        storage.save(name, ContentFile(data))
        return
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=os.path.splitext(path)[1])
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, settings.FILE_UPLOAD_PERMISSIONS or 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _is_animated(source_bytes):
    with Image.open(io.BytesIO(source_bytes)) as image:
        return getattr(image, "n_frames", 1) > 1


def _read(fieldfile):
    with fieldfile.storage.open(fieldfile.name, "rb") as handle:
        return handle.read()


def make(fieldfile, source_width=None, force=False):
    """Make the missing renditions of one stored original (all of them with force). Returns those made.

    source_width is the row's stored width; without it the file is opened to learn it.
    """
    if not fieldfile:
        return []
    storage = fieldfile.storage
    source_bytes = None
    if not source_width:
        source_bytes = _read(fieldfile)
        with Image.open(io.BytesIO(source_bytes)) as image:
            source_width = image.width
    todo = [
        rendition for rendition in expected(fieldfile.name, source_width) if force or not storage.exists(rendition.name)
    ]
    made = []
    if todo:
        source_bytes = source_bytes or _read(fieldfile)
        if _is_animated(source_bytes):
            todo = []
        formats = {extension: image_format for image_format, extension in formats_for(fieldfile.name)}
        for rendition in todo:
            data = _encode(source_bytes, rendition.width, formats[rendition.extension])
            _write_atomically(storage, rendition.name, data)
            made.append(rendition)
    cache.delete(_cache_key(fieldfile.name))
    forget_local(fieldfile.name)
    return made


def remove(storage, source_name, source_width):
    """Delete the renditions of an original (every width it may have had). Returns how many went."""
    if not source_name:
        return 0
    candidates = {rendition.name for rendition in expected(source_name, source_width)}
    candidates |= {rendition.name for width in RENDITION_WIDTHS for rendition in expected(source_name, width)}
    removed = 0
    for name in sorted(candidates):
        if storage.exists(name):
            storage.delete(name)
            removed += 1
    cache.delete(_cache_key(source_name))
    forget_local(source_name)
    return removed


def make_logged(fieldfile, source_width):
    """make(), for after-commit hooks: a failed rendition is logged, never an error for the editor."""
    try:
        return make(fieldfile, source_width)
    except Exception:
        logger.exception("Could not make renditions of %s", fieldfile.name)
        return []
