"""An article page's canonical link, share tags and NewsArticle JSON-LD, from publicpages' helpers."""

from django.urls import reverse

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


def article_meta(request, article, *, lead_image=None):
    """Canonical, OpenGraph, Twitter and NewsArticle JSON-LD for an article page.

    Reads article.tags/shows/people.all(), which the article page prefetches.
    """
    url = absolute_url(request, article.get_absolute_url())
    description = article.public_summary
    image_row = None if article.has_spoilers else lead_image
    image = absolute_url(request, image_row.image.url) if image_row else ""
    tags = [tag.name for tag in article.tags.all()]
    properties, names = share_tags(
        kind="article",
        url=url,
        title=article.headline,
        description=description,
        image=image,
        image_alt=image_row.alt_text if image_row else "",
    )
    properties += [
        ("article:published_time", iso(article.publish_at)),
        ("article:modified_time", iso(article.modified_at)),
        ("article:section", article.get_section_display()),
        *(("article:tag", tag) for tag in tags),
    ]
    author = article.author
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
            "image": [image] if image else None,
            "author": [
                {
                    "@type": "Person",
                    "name": author.get_full_name() or author.get_username(),
                    # The article is live, so its author has a page (articles:author).
                    "url": absolute_url(request, reverse("articles:author", args=[author.get_username()])),
                }
            ],
            "publisher": publisher(request),
            "about": [series_ref(request, show) for show in article.shows.all()]
            + [person_ref(request, person) for person in article.people.all()],
        }
    )
    return PageMeta(canonical=url, properties=properties, names=names, json_ld=json_ld(data))
