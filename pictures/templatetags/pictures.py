"""{% picture %}: a responsive <picture> for any stored image, with no database query.

    {% load pictures %}
    {% picture article_image.image alt=article_image.alt_text sizes="(min-width: 44rem) 42rem, 100vw" lead=True %}

URLs come from the renditions' deterministic names and the size from the row's
stored width and height, so the page never opens a file or asks the database.
"""

import functools
from dataclasses import dataclass

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from pictures import renditions
from pictures.models import FromTheLibrary

register = template.Library()

DEFAULT_SIZES = "100vw"


def _dimensions(fieldfile):
    field, instance = fieldfile.field, fieldfile.instance
    width = getattr(instance, field.width_field, None) if field.width_field else None
    height = getattr(instance, field.height_field, None) if field.height_field else None
    return width, height


def _srcset(storage, found):
    return ", ".join(f"{storage.url(rendition.name)} {rendition.width}w" for rendition in found)


@functools.lru_cache(maxsize=4096)
def _urls(storage, name, found):
    """(src, [(MIME type, srcset) of each <source>], same-format srcset) for an original and its renditions found.

    Remembered because a listing builds ten URLs for each of its twenty-odd
    pictures, and storage.url() parses and quotes each one. The key holds every
    input, so a changed set or a new file is a new entry.
    """
    *modern, (_, own) = renditions.formats_for(name)  # own is "webp" when the original is WebP
    same_format = [rendition for rendition in found if rendition.extension == own]
    sources = []
    for _, extension in modern:
        chosen = [rendition for rendition in found if rendition.extension == extension]
        if chosen:
            sources.append((chosen[0].mime_type, _srcset(storage, chosen)))
    src = storage.url(same_format[-1].name) if same_format else storage.url(name)
    return src, tuple(sources), _srcset(storage, same_format)


@dataclass(frozen=True, slots=True)
class PictureSource:
    """What a <picture> is built from: a stored file, its size and the renditions found (hashable)."""

    storage: object
    name: str
    width: int | None
    height: int | None
    found: tuple


def picture_source(fieldfile):
    """The PictureSource of a stored image, or None when there is no file (no query, no file opened).

    None too for a library photo's use once the photo's rights have ended: no page shows it then.
    """
    if not fieldfile:
        return None
    if isinstance(fieldfile.instance, FromTheLibrary) and not fieldfile.instance.picture_may_be_shown():
        return None
    width, height = _dimensions(fieldfile)
    found = tuple(renditions.available(fieldfile, width))
    return PictureSource(fieldfile.storage, fieldfile.name, width, height, found)


def render_picture(source, alt="", sizes=DEFAULT_SIZES, lead=False, css_class=""):
    """The <picture> markup of a PictureSource ("" for None)."""
    if source is None:
        return ""
    src, sources, same_srcset = _urls(source.storage, source.name, source.found)
    parts = [format_html("<picture{}>", format_html(' class="{}"', css_class) if css_class else "")]
    # AVIF first, then WebP: a browser takes the first type it can show, else the <img>.
    for mime_type, srcset in sources:
        parts.append(format_html('<source type="{}" srcset="{}" sizes="{}">', mime_type, srcset, sizes))
    srcset = format_html(' srcset="{}" sizes="{}"', same_srcset, sizes) if same_srcset else ""
    width, height = source.width, source.height
    size = format_html(' width="{}" height="{}"', width, height) if width and height else ""
    loading = ' loading="eager" fetchpriority="high"' if lead else ' loading="lazy"'
    parts.append(
        format_html(
            '<img src="{}"{} alt="{}"{}{} decoding="async"></picture>', src, srcset, alt, size, mark_safe(loading)
        )
    )
    return mark_safe("".join(parts))


@register.simple_tag
def picture(fieldfile, alt="", sizes=DEFAULT_SIZES, lead=False, css_class=""):
    """lead=True: the first image a reader sees, fetched eagerly and first; otherwise lazily.

    Built with format_html rather than an included template: cards put one on
    every row of every listing, and a template render per picture cost more
    than the rest of the card. Cards (articles/cards.py) keep the PictureSource
    in their key and render it once.
    """
    return render_picture(picture_source(fieldfile), alt=alt, sizes=sizes, lead=lead, css_class=css_class)
