"""Small image previews for admin forms and lists (read-only fields)."""

from django.utils.html import format_html

from . import renditions

PREVIEW_WIDTH = 160
LIST_WIDTH = 48


def thumbnail(image, alt, width=PREVIEW_WIDTH):
    """An <img> of a stored upload, scaled by the browser; a dash when there is none yet.

    The file is the re-encoded one (pictures.images), served from our own
    origin, so the admin's CSP (img-src 'self') allows it.
    """
    if not image:
        return "—"
    if not getattr(image, "_committed", True):
        # A file chosen in a form that was refused: it was never stored, so it has no address.
        return "Not stored: choose the file again."
    return format_html(
        '<img src="{}" alt="{}" width="{}" class="admin-thumbnail" loading="lazy">', image.url, alt or "", width
    )


def picker_thumbnail_url(photo):
    """The smallest WebP rendition of a library photo (a few KB), else the picture itself."""
    smallest = [found for found in renditions.available(photo.file, photo.width) if found.extension == "webp"]
    return photo.file.storage.url(smallest[0].name) if smallest else photo.file.url
