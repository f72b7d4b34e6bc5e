"""A share card for every article: the 1200×630 picture shown where it is linked (Pillow, on demand).

Every article page offers an image to share previews and search engines
(og:image, twitter:image and the JSON-LD `image`, which Google asks of every
NewsArticle). An article with a lead image offers that picture; one without,
and every spoiler article, offers a card drawn here: the section, the headline,
the show and the site's name, and on a spoiler article its spoiler label in
place of any picture from the story.

The card's address carries a hash of what it shows (`?v=`), so a changed
headline is a new address that previews fetch again, and the drawn PNG is kept
in the cache under that hash: a card is drawn once per version of its text,
whoever asks. The view reads the article through published(), so a draft has
no card.

Fonts: the first of SHARE_CARD_FONTS that exists (Noto Sans CJK draws Hangul;
Debian's fonts-noto-cjk package installs it), else Pillow's own font, which
draws Latin letters only (docs/deployment.md).
"""

import functools
import hashlib
import io
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
# Bump when the drawing changes, so every card gets a new address.
DRAWING_VERSION = "1"
CACHE_SECONDS = 30 * 24 * 60 * 60
DEFAULT_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Bold.ttc",
)
BACKGROUND, INK, MUTED, ACCENT = "#1a1a2e", "#faf8f5", "#c9c4bb", "#f4b942"
WARNING_BACKGROUND, WARNING_INK = "#fff4d6", "#5c3b00"


def card_lines(article):
    """(kicker, headline, show, spoiler label): what a card shows, and nothing from the story itself."""
    show = article.spoiler_show or next(iter(article.shows.all()), None)
    return (
        article.get_section_display().upper(),
        article.headline,
        show.title if show else "",
        article.spoiler_label if article.has_spoilers else "",
    )


def card_version(article):
    text = "\x1f".join((DRAWING_VERSION, settings.SITE_NAME, *card_lines(article)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def card_path(article):
    """The card's address on this site, with the version of what it shows."""
    return f"{reverse('articles:share-card', args=[article.slug])}?v={card_version(article)}"


def card_alt(article):
    kicker, headline, show, label = card_lines(article)
    parts = [headline, show, label or kicker.title(), settings.SITE_NAME]
    return " · ".join(part for part in parts if part)


def card_png(article, version=None):
    """The card's PNG bytes: drawn once per version (card_version(), if the caller has it), then cached."""
    key = f"share-card:{version or card_version(article)}"
    png = cache.get(key)
    if png is None:
        png = draw(*card_lines(article))
        cache.set(key, png, CACHE_SECONDS)
    return png


@functools.lru_cache(maxsize=16)
def _font(size):
    # A CJK font file is tens of megabytes: read once per size and process, not per line drawn.
    for path in getattr(settings, "SHARE_CARD_FONTS", DEFAULT_FONTS):
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _wrap(draw, text, font, width, max_lines):
    """The text in lines no wider than width; the last line ends in … when it does not fit."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
            continue
        lines.append(line)
        line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(f"{last}…", font=font) > width:
            last = last[:-1]
        lines[-1] = f"{last.rstrip()}…"
    return lines


def draw(kicker, headline, show, spoiler_label):
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    text_width = WIDTH - 2 * MARGIN
    pen.rectangle((0, 0, 16, HEIGHT), fill=ACCENT)
    y = MARGIN
    pen.text((MARGIN, y), kicker, font=_font(30), fill=ACCENT)
    y += 60
    # A spoiler label takes the room of a fourth line: three lines, in the smaller size.
    headline_font = _font(64 if len(headline) < 70 and not spoiler_label else 52)
    for line in _wrap(pen, headline, headline_font, text_width, 3 if spoiler_label else 4):
        pen.text((MARGIN, y), line, font=headline_font, fill=INK)
        y += int(headline_font.size * 1.25)
    if show:
        y += 12
        pen.text((MARGIN, y), show, font=_font(34), fill=MUTED)
    footer_y = HEIGHT - MARGIN - 40
    if spoiler_label:
        band = (MARGIN, footer_y - 90, WIDTH - MARGIN, footer_y - 24)
        pen.rounded_rectangle(band, radius=12, fill=WARNING_BACKGROUND)
        pen.text((MARGIN + 24, footer_y - 78), spoiler_label, font=_font(34), fill=WARNING_INK)
    pen.text((MARGIN, footer_y), settings.SITE_NAME, font=_font(36), fill=INK)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
