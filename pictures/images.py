"""Image uploads: only real JPEG, PNG, GIF or WebP files, within byte, pixel and frame caps.

Every image that enters the site (article images, show posters, person photos)
goes through ValidatedImageField, so the rules live in one place:
- the byte cap is checked before Pillow reads a single pixel;
- Pillow must identify the file as one of the allowed formats (not by its name);
  other formats (EPS, PSD, TIFF...) are refused from their header alone, before
  anything is decoded, so Ghostscript and friends are never run;
- the pixel cap is checked from the header, and Pillow's decompression-bomb
  warning is treated as an error; animations are capped in frames and in
  pixels across all frames (a frame bomb), counted before any frame is decoded;
- the file is then decoded completely and re-encoded while the form is being
  validated, so a damaged file is a form error, never a failure at save time;
- the bytes stored are the ones Pillow wrote, never the uploaded ones, with
  no metadata: no EXIF, XMP or comments (where HTML could ride along); an
  embedded colour profile is applied (converted to sRGB) and then dropped.
"""

import io
import warnings
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import signals
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

from . import renditions, upload_rollback

# Format Pillow reports -> extension of the re-encoded file. Phones and cameras
# often write JPEGs with a second, embedded frame, which Pillow calls MPO.
ALLOWED_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Formats stored with every frame. JPEG/MPO and PNG (APNG) keep their first frame only.
ANIMATED_FORMATS = {"GIF", "WEBP"}
# Pillow's errors for files it cannot decode (truncated, corrupt, lying headers).
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError)
# The still formats keep only what drawing needs; animations also keep their timing.
STILL_INFO = ("transparency",)
SRGB = ImageCms.createProfile("sRGB")
# Where the re-encoded bytes wait between form validation and the model's save.
_REENCODED_ATTR = "_dramasite_reencoded"


@dataclass(frozen=True)
class Reencoded:
    data: bytes
    extension: str
    size: tuple


def _size_of(file):
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(position)
    return size


def _damaged():
    return ValidationError(
        "This image is damaged or incomplete. Please export it again and re-upload.",
        code="image_damaged",
    )


def _check_frames(image, kind, width, height):
    """Refuse animations with too many frames, or too many pixels across them, before decoding any."""
    if kind not in ANIMATED_FORMATS:
        return
    # Counting reads each frame's header, not its pixels; the byte cap bounds the work.
    frames = getattr(image, "n_frames", 1)
    max_frames = settings.IMAGE_UPLOAD_MAX_FRAMES
    max_pixels = settings.IMAGE_UPLOAD_MAX_ANIMATION_PIXELS
    if frames > max_frames or frames * width * height > max_pixels:
        raise ValidationError(
            "This animation has %(frames)s frames of %(width)s×%(height)s pixels; the limit is %(max_frames)s "
            "frames and %(limit)s megapixels across all frames. Shorten it or make it smaller.",
            code="image_too_many_frames",
            params={
                "frames": frames,
                "width": width,
                "height": height,
                "max_frames": max_frames,
                "limit": f"{max_pixels / 1_000_000:g}",
            },
        )


def inspect_image(file):
    """Return (format, width, height) of an acceptable upload or raise ValidationError."""
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    max_pixels = settings.IMAGE_UPLOAD_MAX_PIXELS
    if _size_of(file) > max_bytes:
        raise ValidationError(
            "This file is larger than %(limit)s. Please upload a smaller image.",
            code="file_too_large",
            params={"limit": filesizeformat(max_bytes)},
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                kind, (width, height) = image.format, image.size
                if kind not in ALLOWED_FORMATS:
                    raise ValidationError(
                        "This file is %(kind)s, which is not accepted. Upload a JPEG, PNG, GIF or WebP image.",
                        code="image_format",
                        params={"kind": kind or "unknown"},
                    )
                if width * height > max_pixels:
                    raise ValidationError(
                        "This image is %(width)s×%(height)s pixels; the limit is %(limit)s megapixels.",
                        code="image_too_many_pixels",
                        params={"width": width, "height": height, "limit": f"{max_pixels / 1_000_000:g}"},
                    )
                _check_frames(image, kind, width, height)
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError("This image claims to be too large to open safely.", code="image_bomb") from None
    except UnidentifiedImageError:
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP image.",
            code="image_unreadable",
        ) from None
    except DECODE_ERRORS:
        raise _damaged() from None
    finally:
        file.seek(0)
    return kind, width, height


def _in_srgb(image):
    """Apply an embedded colour profile so the picture looks the same once the profile is dropped."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "L", "LA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, source, SRGB, outputMode=image.mode) or image
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unusable profile: keep the pixels as they are


def _without_metadata(image, keep):
    image.info = {key: value for key, value in image.info.items() if key in keep}
    return image


def _still(image, kind, out):
    image = _in_srgb(ImageOps.exif_transpose(image))
    if kind in {"JPEG", "MPO"}:
        # MPO: keep the first frame, the photo itself.
        image = _without_metadata(image.convert("RGB"), ())
        image.save(out, format="JPEG", quality=88, optimize=True)
    else:
        image = _without_metadata(image, STILL_INFO)  # exif_transpose gave us our own copy
        image.save(out, format=kind)
    return image.size  # after exif_transpose, so portrait photos stay portrait


def _animation(image, kind, out):
    # Each frame is copied out of the upload, so nothing of the file's own
    # blocks (comments, XMP, extensions) can travel with it.
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        copy = frame.copy()  # decodes the frame; WebP knows its duration only then
        durations.append(frame.info.get("duration") or 100)
        frames.append(_without_metadata(copy, STILL_INFO))
    loop = image.info.get("loop", 0)
    frames[0].save(out, format=kind, save_all=True, append_images=frames[1:], duration=durations, loop=loop)
    return image.size


def reencode(file):
    """Decode the upload completely and write it again with Pillow, dropping metadata.

    Returns (bytes, extension, (width, height)) of the image as stored.
    """
    file.seek(0)
    try:
        with Image.open(file, formats=sorted(ANIMATED_FORMATS | {"JPEG", "PNG"})) as image:
            kind = image.format
            out = io.BytesIO()
            if kind in ANIMATED_FORMATS and getattr(image, "n_frames", 1) > 1:
                size = _animation(image, kind, out)
            else:
                size = _still(image, kind, out)
    finally:
        file.seek(0)
    return out.getvalue(), ALLOWED_FORMATS[kind], size


def checked_reencoding(file):
    """inspect_image() then reencode(), any failure a ValidationError; remembered on the file."""
    done = getattr(file, _REENCODED_ATTR, None)
    if done is None:
        inspect_image(file)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                done = Reencoded(*reencode(file))
        except (Image.DecompressionBombWarning, Image.DecompressionBombError, *DECODE_ERRORS):
            raise _damaged() from None
        setattr(file, _REENCODED_ATTR, done)
    return done


def validate_image_file(value):
    """Model-level check, for writes that do not come through a form."""
    if getattr(value, "_committed", False):
        return  # already stored, so already checked and re-encoded
    checked_reencoding(getattr(value, "file", value))


class ImageUploadFormField(forms.ImageField):
    """Form field that checks and re-encodes the upload first (byte cap before any decoding).

    A file Pillow cannot decode to the end is a form error here, not an error
    at save time. Django's ImageField.to_python then attaches the Pillow image
    it expects; by then the file is known to be small and well-formed.
    """

    def to_python(self, data):
        if data in self.empty_values:
            return None
        checked_reencoding(data)
        return super().to_python(data)


class ValidatedImageField(models.ImageField):
    """An ImageField that accepts only checked images, stores them re-encoded and keeps their renditions.

    Renditions (pictures/renditions.py) are made after the row is committed,
    so a rolled-back save leaves none behind; replacing or deleting the image
    removes the old renditions once nothing else points at the old file.
    with_renditions=False is for a picture no page resizes (an article's share
    image, which previews fetch whole): checked and re-encoded the same, with no
    renditions to make or keep.
    """

    def __init__(self, *args, with_renditions=True, **kwargs):
        kwargs.setdefault("validators", [validate_image_file])
        self.with_renditions = with_renditions
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if not self.with_renditions:
            kwargs["with_renditions"] = False
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            reencoded = checked_reencoding(file.file)  # done already when it came through a form
            width, height = reencoded.size
            stem = file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "image"
            file.save(f"{stem}.{reencoded.extension}", ContentFile(reencoded.data), save=False)
            # Taken back if this save does not commit (pictures/upload_rollback.py).
            upload_rollback.stored(type(model_instance), self.attname, file.name)
            # Store the size with the row (saving a ContentFile clears it), so
            # pages never open the file to learn it. We just decoded it anyway.
            if self.width_field:
                setattr(model_instance, self.width_field, width)
            if self.height_field:
                setattr(model_instance, self.height_field, height)
        return file

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract and self.with_renditions:
            signals.post_init.connect(self._remember_source, sender=cls, weak=False)
            signals.post_save.connect(self._renditions_after_save, sender=cls, weak=False)
            signals.post_delete.connect(self._renditions_after_delete, sender=cls, weak=False)

    def _source_of(self, instance):
        file = instance.__dict__.get(self.attname)
        name = file if isinstance(file, str) else getattr(file, "name", None)
        width = instance.__dict__.get(self.width_field) if self.width_field else None
        return name or "", width

    def _remember_source(self, instance, **kwargs):
        instance.__dict__[f"_rendition_source_{self.attname}"] = self._source_of(instance)

    def _renditions_after_save(self, instance, created=False, raw=False, using=None, **kwargs):
        key = f"_rendition_source_{self.attname}"
        old_name, old_width = instance.__dict__.get(key, ("", None))
        new_name, new_width = self._source_of(instance)
        instance.__dict__[key] = (new_name, new_width)
        if raw or (new_name == old_name and not created):
            return  # fixtures are backfilled by make_renditions; an unchanged image keeps its renditions
        if _kept_elsewhere(instance):
            return  # a copy of a library photo's file: the photo makes and removes its renditions
        self.swap_renditions(instance, old_name, old_width, using)

    def swap_renditions(self, instance, old_name, old_width, using=None):
        """Once the save commits: the old file's renditions go (unless a row still shows it), the new one's are made.

        Called after every save that changes the file, and by a restore that wrote the row past save()
        (pictures.admin.PhotoAdmin.restored).
        """
        file = getattr(instance, self.attname)
        new_name, new_width = self._source_of(instance)
        model = type(instance)

        def swap():
            self._remove_unless_shared(model, old_name, old_width, using)
            if new_name:
                renditions.make_logged(file, new_width)

        transaction.on_commit(swap, using=using, robust=True)

    def _renditions_after_delete(self, instance, using=None, **kwargs):
        name, width = self._source_of(instance)
        if name and not _kept_elsewhere(instance):
            model = type(instance)
            transaction.on_commit(
                lambda: self._remove_unless_shared(model, name, width, using), using=using, robust=True
            )

    def _remove_unless_shared(self, model, name, width, using):
        # Rows may share a file (a library photo and its uses, copied rows, fixtures): keep its
        # renditions while any row of any model points at it.
        if name and not any(
            other._default_manager.using(using).filter(**{field.attname: name}).exists()
            for other, field in rendition_fields()
        ):
            renditions.remove(self.storage, name, width)


def _kept_elsewhere(instance):
    keeps = getattr(instance, "keeps_renditions_elsewhere", None)
    return bool(keeps and keeps())


def rendition_fields():
    """(model, field) for every stored image pages resize: library photos and their uses."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, ValidatedImageField) and field.with_renditions:
                yield model, field


def make_every_rendition(using="default", force=False, report_failure=None):
    """Make the missing renditions of every stored image (all of them with force): (files, made, failed).

    A file is checked once, however many rows show it (a library photo and its uses);
    one unreadable file is reported and the rest go on.
    """
    seen, made, failed = set(), 0, 0
    for model, field in rendition_fields():
        columns = [field.attname] + [name for name in (field.width_field, field.height_field) if name]
        rows = model._base_manager.using(using).exclude(**{field.attname: ""}).only(*columns).order_by("pk")
        for row in rows.iterator():
            file = getattr(row, field.attname)
            if file.name in seen:
                continue
            seen.add(file.name)
            try:
                width = getattr(row, field.width_field) if field.width_field else None
                made += len(renditions.make(file, width, force))
            except Exception as error:  # one unreadable file must not stop the rest
                failed += 1
                if report_failure:
                    report_failure(f"{model._meta.label} {row.pk}: {error}")
    return len(seen), made, failed
