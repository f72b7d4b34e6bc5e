"""A show page's canonical link, share tags and TVSeries JSON-LD, from publicpages' helpers."""

from editing.text import http_url
from publicpages.structured_data import SCHEMA, PageMeta, absolute_url, clean, json_ld, person_ref, share_tags


def show_meta(request, show, *, cast, crew):
    """Canonical, share tags and TVSeries JSON-LD for a show page. cast/crew are Credit lists."""
    url = absolute_url(request, show.get_absolute_url())
    image = absolute_url(request, show.shown_picture.url) if show.shown_picture else ""
    description = show.logline
    properties, names = share_tags(
        kind="video.tv_show", url=url, title=show.title, description=description, image=image, image_alt=show.poster_alt
    )
    network = None
    if show.network:
        network = clean({"@type": "Organization", "name": show.network.name, "url": http_url(show.network.website)})
    data = clean(
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
            "publication": clean(
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
                    "actor": person_ref(request, credit.person),
                    "characterName": credit.character_name,
                    "roleName": credit.get_kind_display(),
                }
                for credit in cast
            ],
            "director": [person_ref(request, c.person) for c in crew if c.kind == c.Kind.DIRECTOR],
            "creator": [person_ref(request, c.person) for c in crew if c.kind == c.Kind.WRITER],
        }
    )
    return PageMeta(canonical=url, properties=properties, names=names, json_ld=json_ld(data))
