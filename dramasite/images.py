"""Image uploads: only real JPEG, PNG, GIF or WebP files, within byte and pixel caps.

Every image that enters the site (article images, show posters, person photos)
goes through ValidatedImageField, so the rules live in one place:
- the byte cap is checked before Pillow reads a single pixel;
- Pillow must identify the file as one of the allowed formats (not by its name);
- the pixel cap is checked from the header, and Pillow's decompression-bomb
  warning is treated as an error;
- accepted files are re-encoded, so the bytes served are ones Pillow wrote,
  never the uploaded ones (no appended HTML, no metadata).
"""

import io
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import signals
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

from . import renditions

# Format Pillow reports -> extension of the re-encoded file. Phones and cameras
# often write JPEGs with a second, embedded frame, which Pillow calls MPO.
ALLOWED_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def _size_of(file):
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(position)
    return size


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
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError("This image claims to be too large to open safely.", code="image_bomb") from None
    except UnidentifiedImageError:
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP image.",
            code="image_unreadable",
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            "This image is damaged or incomplete. Please export it again and re-upload.",
            code="image_damaged",
        ) from None
    finally:
        file.seek(0)
    return kind, width, height


def reencode(file):
    """Decode the upload and write it again with Pillow, dropping metadata.

    Returns (bytes, extension, (width, height)) of the image as stored.
    """
    file.seek(0)
    with Image.open(file) as image:
        kind = image.format
        frames = getattr(image, "n_frames", 1)
        out = io.BytesIO()
        if kind == "GIF" or (kind == "WEBP" and frames > 1):
            # Keep animation; Pillow writes every frame afresh.
            image.save(out, format=kind, save_all=frames > 1, loop=image.info.get("loop", 0))
        else:
            image = ImageOps.exif_transpose(image)
            if kind in {"JPEG", "MPO"}:
                # MPO: keep the first frame, the photo itself.
                image.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
            else:
                image.save(out, format=kind)
        size = image.size  # after exif_transpose, so portrait photos stay portrait
    file.seek(0)
    return out.getvalue(), ALLOWED_FORMATS[kind], size


def validate_image_file(value):
    """Model-level check, for writes that do not come through a form."""
    if getattr(value, "_committed", False):
        return  # already stored, so already checked and re-encoded
    inspect_image(getattr(value, "file", value))


class ImageUploadFormField(forms.ImageField):
    """Form field that runs inspect_image() first, so the byte cap is checked before any decoding.

    Django's ImageField.to_python then attaches the Pillow image it expects;
    by then the file is known to be small and well-formed.
    """

    def to_python(self, data):
        if data in self.empty_values:
            return None
        inspect_image(data)
        return super().to_python(data)


class ValidatedImageField(models.ImageField):
    """An ImageField that accepts only checked images, stores them re-encoded and keeps their renditions.

    Renditions (dramasite/renditions.py) are made after the row is committed,
    so a rolled-back save leaves none behind; replacing or deleting the image
    removes the old renditions once nothing else points at the old file.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_image_file])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            data, extension, (width, height) = reencode(file.file)
            stem = file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "image"
            file.save(f"{stem}.{extension}", ContentFile(data), save=False)
            # Store the size with the row (saving a ContentFile clears it), so
            # pages never open the file to learn it. We just decoded it anyway.
            if self.width_field:
                setattr(model_instance, self.width_field, width)
            if self.height_field:
                setattr(model_instance, self.height_field, height)
        return file

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
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
        file = getattr(instance, self.attname)
        model = type(instance)

        def swap():
            self._remove_unless_shared(model, old_name, old_width, using)
            if new_name:
                renditions.make_logged(file, new_width)

        transaction.on_commit(swap, using=using, robust=True)

    def _renditions_after_delete(self, instance, using=None, **kwargs):
        name, width = self._source_of(instance)
        if name:
            model = type(instance)
            transaction.on_commit(
                lambda: self._remove_unless_shared(model, name, width, using), using=using, robust=True
            )

    def _remove_unless_shared(self, model, name, width, using):
        # Two rows may point at one file (copied rows, fixtures): keep its renditions while one does.
        if name and not model._default_manager.using(using).filter(**{self.attname: name}).exists():
            renditions.remove(self.storage, name, width)
