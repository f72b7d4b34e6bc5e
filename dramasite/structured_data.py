"""Share metadata for the public pages: canonical links, OpenGraph, Twitter cards and JSON-LD.

Views build a PageMeta here and templates/includes/structured_data.html prints it,
so every page describes itself the same way. Descriptions and images follow the
spoiler rule: a spoiler article is described by its spoiler label only, and its
lead image is never offered to share previews or search engines.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from dramasite.text import http_url

SCHEMA = "https://schema.org"

# The same escapes as django.utils.html.json_script: a "</script>" inside a
# headline cannot end the element, and "&" cannot start an entity.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(request, path):
    """path made absolute: from settings.SITE_URL when set, otherwise from the request."""
    if not path or path.startswith(("http://", "https://")):
        return path
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def json_ld(data):
    """data as JSON that is safe inside <script type="application/ld+json">."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 -- escaped just above


def iso(moment):
    """An aware datetime as ISO 8601 in the site's zone, to the second."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat() if moment else None


def _clean(data):
    """Drop empty values so the JSON-LD claims nothing it does not know."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


@dataclass
class PageMeta:
    canonical: str
    properties: list = field(default_factory=list)  # <meta property=…> (OpenGraph)
    names: list = field(default_factory=list)  # <meta name=…> (Twitter)
    json_ld: str = ""


def _share_tags(*, kind, url, title, description, image, image_alt=""):
    properties = [
        ("og:type", kind),
        ("og:site_name", settings.SITE_NAME),
        ("og:url", url),
        ("og:title", title),
        ("og:description", description),
        ("og:image", image),
        ("og:image:alt", image_alt if image else ""),
    ]
    names = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", title),
        ("twitter:description", description),
        ("twitter:image", image),
        ("twitter:image:alt", image_alt if image else ""),
    ]
    return [pair for pair in properties if pair[1]], [pair for pair in names if pair[1]]


def _person_ref(request, person):
    url = absolute_url(request, person.get_absolute_url())
    return {"@type": "Person", "@id": url, "name": person.name, "url": url}


def _show_ref(request, show):
    url = absolute_url(request, show.get_absolute_url())
    return _clean(
        {"@type": "TVSeries", "@id": url, "name": show.title, "url": url, "alternateName": show.original_title}
    )


def _publisher(request):
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute_url(request, reverse("home")),
        "logo": {"@type": "ImageObject", "url": absolute_url(request, static("img/favicon.svg"))},
    }


def article_meta(request, article, *, lead_image=None):
    """Canonical, OpenGraph, Twitter and NewsArticle JSON-LD for an article page.

    Reads article.tags/shows/people.all(), which the article page prefetches.
    """
    url = absolute_url(request, article.get_absolute_url())
    description = article.public_summary
    image_row = None if article.has_spoilers else lead_image
    image = absolute_url(request, image_row.image.url) if image_row else ""
    tags = [tag.name for tag in article.tags.all()]
    properties, names = _share_tags(
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
    data = _clean(
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
            "publisher": _publisher(request),
            "about": [_show_ref(request, show) for show in article.shows.all()]
            + [_person_ref(request, person) for person in article.people.all()],
        }
    )
    return PageMeta(canonical=url, properties=properties, names=names, json_ld=json_ld(data))


def show_meta(request, show, *, cast, crew):
    """Canonical, share tags and TVSeries JSON-LD for a show page. cast/crew are Credit lists."""
    url = absolute_url(request, show.get_absolute_url())
    image = absolute_url(request, show.poster.url) if show.poster else ""
    description = show.logline
    properties, names = _share_tags(
        kind="video.tv_show", url=url, title=show.title, description=description, image=image, image_alt=show.poster_alt
    )
    network = None
    if show.network:
        network = _clean({"@type": "Organization", "name": show.network.name, "url": http_url(show.network.website)})
    data = _clean(
        {
            "@context": SCHEMA,
            "@type": "TVSeries",
            "@id": url,
            "url": url,
            "name": show.title,
            "alternateName": show.original_title,
            "description": description,
            "image": image,
            "genre": [genre.name for genre in show.genres.all()],
            "numberOfEpisodes": show.episode_count,
            "startDate": show.premiere_date,
            "endDate": show.finale_date,
            "inLanguage": "ko",
            "countryOfOrigin": {"@type": "Country", "name": show.network.country} if show.network else None,
            # The network is the broadcaster: schema.org says so through the first broadcast.
            "publication": _clean(
                {
                    "@type": "BroadcastEvent",
                    "startDate": show.premiere_date,
                    "publishedOn": {"@type": "BroadcastService", "name": network["name"], "broadcaster": network},
                }
            )
            if network
            else None,
            "actor": [
                {
                    "@type": "PerformanceRole",
                    "actor": _person_ref(request, credit.person),
                    "characterName": credit.character_name,
                    "roleName": credit.get_kind_display(),
                }
                for credit in cast
            ],
            "director": [_person_ref(request, c.person) for c in crew if c.kind == c.Kind.DIRECTOR],
            "creator": [_person_ref(request, c.person) for c in crew if c.kind == c.Kind.WRITER],
        }
    )
    return PageMeta(canonical=url, properties=properties, names=names, json_ld=json_ld(data))


def person_meta(request, person):
    """Canonical, share tags and Person JSON-LD for a person page."""
    url = absolute_url(request, person.get_absolute_url())
    image = absolute_url(request, person.photo.url) if person.photo else ""
    description = f"{person.name} ({person.hangul_name})" if person.hangul_name else person.name
    properties, names = _share_tags(
        kind="profile", url=url, title=person.name, description=description, image=image, image_alt=person.photo_alt
    )
    alternates = [person.hangul_name] + [
        name.strip() for name in person.alternative_names.split(",") if name.strip() and name.strip() != person.name
    ]
    data = _clean(
        {
            "@context": SCHEMA,
            "@type": "Person",
            "@id": url,
            "url": url,
            "name": person.name,
            "alternateName": [name for name in alternates if name],
            "birthDate": person.birth_date,
            "image": image,
        }
    )
    return PageMeta(canonical=url, properties=properties, names=names, json_ld=json_ld(data))


def website_json_ld(request):
    """WebSite with a SearchAction, for the front page: lets search engines offer the site's search."""
    home = absolute_url(request, reverse("home"))
    return json_ld(
        {
            "@context": SCHEMA,
            "@type": "WebSite",
            "@id": home,
            "url": home,
            "name": settings.SITE_NAME,
            "publisher": _publisher(request),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": absolute_url(request, reverse("search")) + "?q={search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        }
    )


def listing_meta(request, path, *, title, description, page=1, params=None):
    """Canonical and website share tags for home and index pages (no JSON-LD).

    The canonical keeps what changes the listing (filters, a page after the
    first) and drops anything else, such as tracking parameters.
    """
    query = dict(params or {})
    if page > 1:
        query["page"] = page
    url = absolute_url(request, f"{path}?{urlencode(query)}" if query else path)
    properties, names = _share_tags(kind="website", url=url, title=title, description=description, image="")
    return PageMeta(canonical=url, properties=properties, names=names)
