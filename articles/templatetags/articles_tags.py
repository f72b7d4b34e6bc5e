"""The articles app's pieces of other apps' pages: a show's or a person's articles, and their feeds.

    {% load articles_tags %}
    {% feed_links show %}        the <link rel="alternate"> tags for the show's RSS and Atom feeds
    {% articles_about show %}    its newest live articles as spoiler-safe cards, with a link to the feed
    {% article_card article "h3" %}  one spoiler-safe card (articles/cards.py), its heading level optional

Show and person pages ask for them, so the rule for what a card shows and
what it depends on in the page cache stays in one place (this app).
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from publicpages import composed
from shows.models import Show

from ..cards import card_for, cards_shown, render_card
from ..invalidation import card_tags
from ..selectors import newest_cards_about

register = template.Library()

# How many cards a show or person page lists; the rest are in its feed.
ARTICLES_ABOUT_LIMIT = 10


def _kind(subject):
    return "show" if isinstance(subject, Show) else "person"


@register.simple_tag
def feed_links(subject):
    """The RSS and Atom feed links of a show's or a person's articles, for the page's <head>."""
    kind, slug = _kind(subject), subject.slug
    title = subject.title if kind == "show" else subject.name
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="{} · Dramasite (RSS)" href="{}">\n'
        '  <link rel="alternate" type="application/atom+xml" title="{} · Dramasite (Atom)" href="{}">',
        title,
        reverse(f"articles:{kind}-feed", args=[slug]),
        title,
        reverse(f"articles:{kind}-feed-atom", args=[slug]),
    )


@register.simple_tag
def article_card(article, heading_level="h2"):
    """A live article's card, as every listing shows it: rendered once per process for what it shows."""
    return render_card(card_for(article, heading_level))


@register.simple_tag(takes_context=True)
def articles_about(context, subject):
    """The newest live articles about a show or a person, as cards; the page depends on what they show.

    Kept, like a page, for what it shows (publicpages/composed.py): the cards' rows as read.
    """
    found = newest_cards_about(subject, ARTICLES_ABOUT_LIMIT + 1)
    articles = found[:ARTICLES_ABOUT_LIMIT]
    kind = _kind(subject)
    title = subject.title if kind == "show" else subject.name
    more = len(found) > len(articles)
    key = ("articles about", kind, subject.slug, title, more, cards_shown(articles, "h3"))

    def render():
        return render_to_string(
            "articles/includes/articles_about.html",
            {
                "kind": kind,
                "title": title,
                "articles": articles,
                "feed_url": reverse(f"articles:{kind}-feed", args=[subject.slug]) if more else None,
            },
        )

    # render_to_string's SafeString, kept as it was: the template engine does not escape it again.
    return composed.parts.part(context["request"], key, render, tags=lambda: card_tags(articles))
