"""The article card every listing shows, rendered once per process for what it shows.

A listing puts twenty-odd cards on a page (home, sections, tags, search, a show's
or a person's articles, related stories), and rendering a card through the
template engine cost more than everything else on a search or section page but
the queries. The same card appears on many pages and is asked for again and
again until its article changes.

So a card is rendered from a `Card`: every value it shows and nothing else (the
template is given the Card, never the article). The Card is the key of the
rendered copy this process keeps, so a copy can never be stale: an edit to the
headline, a name in the byline, the lead picture or the spoiler flags is a
different Card, and the time zone and language it was formatted in are part of
it too. Nothing needs invalidating; old copies fall out of the LRU.
"""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone, translation

from pictures import renditions
from pictures.templatetags.pictures import picture_source, render_picture
from publicpages.prepared import RowsAsRead

from .models import ArticleImage
from .selectors import card_image

CARD_SIZES = "(min-width: 44rem) 20rem, 100vw"
# Each copy is one or two kilobytes: a few MB per worker holds every card of a busy archive's front pages.
RENDERED_CARDS = 4096


@dataclass(frozen=True, slots=True)
class Card:
    """What one card shows, as plain values: also the key of its rendered copy."""

    slug: str
    section: str
    section_label: str
    headline: str
    # Empty on a spoiler article, whose card shows spoiler_label instead.
    dek: str
    has_spoilers: bool
    spoiler_label: str
    byline: str
    published: datetime
    # The lead picture's file, size and renditions found, or None.
    picture: object
    heading_level: str
    # What the URLs and dates were rendered with.
    script_prefix: str
    time_zone: str
    language: str


def card_for(article, heading_level="h2"):
    """The Card of a live article, read from a row fetched for cards (ArticleQuerySet.for_cards)."""
    image = card_image(article)
    return Card(
        slug=article.slug,
        section=article.section,
        section_label=article.get_section_display(),
        headline=article.headline,
        dek="" if article.has_spoilers else article.dek,
        has_spoilers=article.has_spoilers,
        spoiler_label=article.spoiler_label,
        byline=article.byline_text,
        published=article.publish_at,
        picture=picture_source(image.image) if image else None,
        heading_level=heading_level or "h2",
        script_prefix=get_script_prefix(),
        time_zone=timezone.get_current_timezone_name(),
        language=translation.get_language() or "",
    )


def cards_shown(articles, heading_level="h2"):
    """What a list of cards shows, as one hashable value, for a composed page's key (publicpages/composed.py,
    which adds what the request gives: script prefix, language and time zone).

    A prepared listing (publicpages.prepared.RowsAsRead) gives its rows as read,
    with what its cards take from elsewhere: the renditions found of each lead
    picture, and today (a library photo's use ends with its rights). No
    instance is made for it, so a page already kept costs only its query. Any
    other list gives its Cards.
    """
    if isinstance(articles, RowsAsRead):
        return (heading_level, articles.key, _renditions_found(articles), timezone.localdate())
    return tuple(card_for(article, heading_level) for article in articles)


_LEAD_PICTURE = ArticleImage._meta.get_field("image")
_LEAD_PICTURE_WIDTH = ArticleImage._meta.get_field(_LEAD_PICTURE.width_field)


class _StoredPicture:
    """What renditions.available() reads of a picture field's file: its name and storage."""

    __slots__ = ("name", "storage")

    def __init__(self, name):
        self.name, self.storage = name, _LEAD_PICTURE.storage


def _renditions_found(rows):
    names, widths = rows.column(_LEAD_PICTURE), rows.column(_LEAD_PICTURE_WIDTH)
    return tuple(
        tuple(renditions.available(_StoredPicture(name), width)) if name else None
        for name, width in zip(names, widths, strict=True)
    )


@functools.lru_cache(maxsize=RENDERED_CARDS)
def render_card(card):
    """The card's HTML: rendered the first time this process sees this Card, then reused."""
    picture = render_picture(card.picture, sizes=CARD_SIZES, css_class="card-media")
    return render_to_string("includes/article_card.html", {"card": card, "picture": picture})
