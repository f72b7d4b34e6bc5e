"""An article page's canonical link, share tags and NewsArticle JSON-LD, from publicpages' helpers."""

from publicpages.structured_data import (
    SCHEMA,
    PageMeta,
    absolute_url,
    clean,
    iso,
    json_ld,
    person_ref,
    publisher,
    series_ref,
    share_tags,
)

from . import share_cards


def article_meta(request, article, *, lead_image=None):
    """Canonical, OpenGraph, Twitter and NewsArticle JSON-LD for an article page.

    Reads article.tags/shows/people.all(), which the article page prefetches.
    """
    url = absolute_url(request, article.get_absolute_url())
    description = article.share_description
    image, image_alt = _share_image(request, article, lead_image)
    tags = [tag.name for tag in article.tags.all()]
    properties, names = share_tags(
        kind="article",
        url=url,
        title=article.share_title,
        description=description,
        image=image,
        image_alt=image_alt,
    )
    properties += [
        ("article:published_time", iso(article.publish_at)),
        ("article:modified_time", iso(article.modified_at)),
        ("article:section", article.get_section_display()),
        *(("article:tag", tag) for tag in tags),
    ]
    data = clean(
        {
            "@context": SCHEMA,
            "@type": "NewsArticle",
            "@id": url,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": article.headline,
            "description": description,
            "datePublished": iso(article.publish_at),
            "dateModified": iso(article.modified_at),
            "articleSection": article.get_section_display(),
            "keywords": tags,
            "image": [image],
            # One Person per name in the byline, in its order. The article is live, so each has a page.
            "author": [
                {"@type": "Person", "name": byline.name, "url": absolute_url(request, byline.url)}
                for byline in article.bylines
            ],
            "publisher": publisher(request),
            "about": _about(request, article),
            "correction": _corrections(article),
        }
    )
    return PageMeta(canonical=url, properties=properties, names=names, json_ld=json_ld(data))


def _share_image(request, article, lead_image):
    """The editor's share image, else the lead picture, else the drawn card; always the card on a spoiler article."""
    if not article.has_spoilers:
        if article.social_image:
            return absolute_url(request, article.social_image.url), article.social_image_alt
        if lead_image:
            return absolute_url(request, lead_image.image.url), lead_image.alt_text
    return absolute_url(request, share_cards.card_path(article)), share_cards.card_alt(article)


def _corrections(article):
    """Corrections and clarifications as schema.org CorrectionComments (updates are news, not corrections).

    Reads article.corrections.all(), which the article page prefetches. A spoiler article's note is
    given by its date alone, as its text waits behind the spoiler screen on the page.
    """
    return [
        clean(
            {
                "@type": "CorrectionComment",
                "datePublished": iso(note.noted_at),
                "text": None if article.has_spoilers else note.text,
            }
        )
        for note in article.corrections.all()
        if not note.at_the_top
    ] or None


def _about(request, article):
    """The linked shows and people; a linked person's part in a linked show is the show's PerformanceRole.

    The parts (article.page_credits) were read with the article's row (articles/page_relations.py).
    """
    shows, people = list(article.shows.all()), list(article.people.all())
    refs = {person.pk: person_ref(request, person) for person in people}
    roles = {}
    for credit in article.page_credits:
        roles.setdefault(credit.show_id, []).append(
            {
                "@type": "PerformanceRole",
                "actor": {"@id": refs[credit.person_id]["@id"]},
                "characterName": credit.character_name,
                "roleName": credit.get_kind_display(),
            }
        )
    series = []
    for show in shows:
        ref = series_ref(request, show)
        if show.pk in roles:
            ref["actor"] = roles[show.pk]
        series.append(ref)
    return series + list(refs.values())
