"""A person page's canonical link, share tags and Person JSON-LD, from publicpages' helpers."""

from publicpages.structured_data import SCHEMA, PageMeta, absolute_url, clean, json_ld, share_tags


def person_meta(request, person):
    """Canonical, share tags and Person JSON-LD for a person page."""
    url = absolute_url(request, person.get_absolute_url())
    image = absolute_url(request, person.shown_picture.url) if person.shown_picture else ""
    description = f"{person.name} ({person.hangul_name})" if person.hangul_name else person.name
    properties, names = share_tags(
        kind="profile", url=url, title=person.name, description=description, image=image, image_alt=person.photo_alt
    )
    alternates = [person.hangul_name] + [
        name.strip() for name in person.alternative_names.split(",") if name.strip() and name.strip() != person.name
    ]
    data = clean(
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
