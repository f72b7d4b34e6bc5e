"""The spoiler shield: who sees a spoiler article's body straight away, and inline spoilers.

A spoiler article is shielded: warning first, body behind a disclosure. The
page is the same for every reader, so it is served from the page cache and a
CDN to readers with and without watch progress alike. When the article names
the show and the last episode it spoils, the shield carries them as data, and
static/js/watch_progress.js opens it for a reader whose watch-progress cookie
(shows.watch_progress) reaches that episode. Without JavaScript the shield
stays, and the reader opens it with its button.

Inline spoilers (``<span class="spoiler">`` in a sanitised body) are rendered
hidden from screen readers and blurred, after a visible “Spoiler” label that
site.js turns into a toggle button. Without JavaScript, ``?spoilers=show``
renders them revealed (the page's canonical link keeps the plain address).
"""

from django.utils.safestring import mark_safe

__all__ = ["can_lift", "render_inline_spoilers", "SpoilerShieldMixin"]

REVEAL_PARAM, REVEAL_VALUE = "spoilers", "show"

# The sanitiser (editing.richtext) keeps no attribute on a span but this exact class.
_SPOILER_OPEN = '<span class="spoiler">'
_LABEL = '<span class="inline-spoiler-label">Spoiler</span> '
_HIDDEN = _LABEL + '<span class="spoiler" aria-hidden="true">'
_REVEALED = _LABEL + '<span class="spoiler is-revealed">'


def can_lift(article):
    """Does the article say how far it spoils, so a reader who has watched that far may skip the shield?"""
    return bool(article.has_spoilers and article.spoiler_show_id and article.spoiler_through_episode)


def count_inline_spoilers(html):
    return html.count(_SPOILER_OPEN)


def render_inline_spoilers(html, revealed=False):
    """Sanitised HTML with each inline spoiler labelled, and hidden unless revealed."""
    return mark_safe(html.replace(_SPOILER_OPEN, _REVEALED if revealed else _HIDDEN))


class SpoilerShieldMixin:
    """Article page: the spoiler shield and the inline spoilers, the same for every reader.

    Expects the view's context to hold ``blocks`` as made by articles.body_layout.lay_out.
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        reveal_inline = self.request.GET.get(REVEAL_PARAM) == REVEAL_VALUE
        blocks = context.get("blocks") or []
        spoiler_count = sum(count_inline_spoilers(item) for kind, item in blocks if kind == "html")
        context["blocks"] = [
            (kind, render_inline_spoilers(item, reveal_inline) if kind == "html" else item) for kind, item in blocks
        ]
        context.update(
            spoiler_shielded=article.has_spoilers,
            spoiler_can_lift=can_lift(article),
            inline_spoiler_count=spoiler_count,
            inline_spoilers_revealed=reveal_inline and spoiler_count > 0,
        )
        return context
