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


def clean(data):
    """Drop empty values so the JSON-LD claims nothing it does not know."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


@dataclass
class PageMeta:
    canonical: str
    properties: list = field(default_factory=list)  # <meta property=…> (OpenGraph)
    names: list = field(default_factory=list)  # <meta name=…> (Twitter)
    json_ld: str = ""


def share_tags(*, kind, url, title, description, image, image_alt=""):
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


def person_ref(request, person):
    url = absolute_url(request, person.get_absolute_url())
    return {"@type": "Person", "@id": url, "name": person.name, "url": url}


def series_ref(request, show):
    url = absolute_url(request, show.get_absolute_url())
    return clean(
        {"@type": "TVSeries", "@id": url, "name": show.title, "url": url, "alternateName": show.original_title}
    )


def publisher(request):
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute_url(request, reverse("home")),
        "logo": {"@type": "ImageObject", "url": absolute_url(request, static("img/favicon.svg"))},
    }


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
            "publisher": publisher(request),
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
    properties, names = share_tags(kind="website", url=url, title=title, description=description, image="")
    return PageMeta(canonical=url, properties=properties, names=names)
