"""The spoiler shield: who sees a spoiler article's body straight away, and inline spoilers.

A spoiler article is shielded (warning first, body behind a disclosure) unless
it names the show and the last episode it spoils, and the reader has told us
(watch-progress cookie, see shows.watch_progress) they have watched that far.
The decision is made on the server so it works without JavaScript; the page
therefore varies on the Cookie header.

Inline spoilers (``<span class="spoiler">`` in a sanitised body) are rendered
hidden from screen readers and blurred, after a visible “Spoiler” label that
site.js turns into a toggle button. Without JavaScript, ``?spoilers=show``
renders them revealed (the page's canonical link keeps the plain address).
"""

from django.utils.safestring import mark_safe

from shows.watch_progress import mark_personal, parse_progress, progress_from

__all__ = ["parse_progress", "shield_for", "lifted_for", "render_inline_spoilers", "SpoilerShieldMixin"]

REVEAL_PARAM, REVEAL_VALUE = "spoilers", "show"

# The sanitiser (dramasite.richtext) keeps no attribute on a span but this exact class.
_SPOILER_OPEN = '<span class="spoiler">'
_LABEL = '<span class="inline-spoiler-label">Spoiler</span> '
_HIDDEN = _LABEL + '<span class="spoiler" aria-hidden="true">'
_REVEALED = _LABEL + '<span class="spoiler is-revealed">'


def lifted_for(article, progress):
    """The episode the reader has watched if it covers everything the article spoils, else None."""
    if not (article.has_spoilers and article.spoiler_show_id and article.spoiler_through_episode):
        return None
    watched = progress.get(article.spoiler_show_id)
    if watched is not None and watched >= article.spoiler_through_episode:
        return watched
    return None


def shield_for(article, progress):
    """True when the article's body must wait behind the spoiler warning for this reader."""
    return article.has_spoilers and lifted_for(article, progress) is None


def count_inline_spoilers(html):
    return html.count(_SPOILER_OPEN)


def render_inline_spoilers(html, revealed=False):
    """Sanitised HTML with each inline spoiler labelled, and hidden unless revealed."""
    return mark_safe(html.replace(_SPOILER_OPEN, _REVEALED if revealed else _HIDDEN))


class SpoilerShieldMixin:
    """Article page: decide the shield for this reader and render inline spoilers.

    Expects the view's context to hold ``blocks`` as made by articles.layout.lay_out.
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
        watched = lifted_for(article, progress_from(self.request))
        context.update(
            spoiler_shielded=article.has_spoilers and watched is None,
            spoiler_watched=watched,
            inline_spoiler_count=spoiler_count,
            inline_spoilers_revealed=reveal_inline and spoiler_count > 0,
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        return mark_personal(self.request, super().render_to_response(context, **response_kwargs))
