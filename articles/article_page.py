"""The article page composed once per process for what it shows, with its related stories filled in each time.

Rendering an article page (its body laid out around its pictures, quotes and
videos; the shield; where to watch; the share tags and JSON-LD; the template
around them) cost more than everything else on a page-cache miss. What it
renders from is known before rendering: the article's row as read, with every
related row it shows read in the same query as JSON text (page_relations.py),
its byline, its pictures' renditions found, today's date (a photo's rights end)
and ?spoilers=show. That is the page's key in publicpages.composed, so an edit
anywhere (a headline, a caption, a show's network, a name in the byline), by
whatever path it was made, is a different page.

Related stories change with other articles, so they are left out of the kept
page (a marker stands in for them) and put in on every request, from cards that
are themselves rendered once (cards.py).
"""

from django.utils import timezone

from pictures.templatetags.pictures import picture_source
from publicpages import composed

from .spoilers import REVEAL_PARAM

RELATED_MARKER = composed.marker("related stories")


def page_source(article):
    """What the article page renders from, as read (call before page_relations.unpack())."""
    return (
        *composed.read_values(article, article.author, article.spoiler_show),
        getattr(article, "has_co_authors", None),
    )


def _key(request, article):
    source = getattr(article, "page_source", None)
    if source is None:  # a preview, read another way: rendered every time
        return None
    return (
        "article",
        source,
        tuple((byline.name, byline.url) for byline in article.bylines),
        # The renditions found, or None for a photo whose rights have ended.
        tuple(picture_source(image.image) for image in article.images.all()),
        timezone.localdate(),
        request.GET.get(REVEAL_PARAM),
    )


def respond(request, article, render, related_html):
    """The article page: kept for what it shows, else render() (with RELATED_MARKER where the stories go)."""
    return composed.pages.respond(request, _key(request, article), render, {RELATED_MARKER: related_html})
