"""What a show page shows of other tables, read with the show's own row (publicpages/related_rows.py).

Its network, air slots, where to stream it, episodes, genres and cast and crew,
in the page's order. The cast's people come through the reverse relation: shows
never import people.
"""

from publicpages.related_rows import Related, RelatedColumns, link

from .models import AirSlot, Availability, Episode, Genre, Network, Show, StreamingService, TaggedShow

_GENRE_JOIN, _GENRE_WHERE = link(TaggedShow, "tag", "content_object")
_CREDIT = Show._meta.get_field("credits").related_model
_PERSON = _CREDIT._meta.get_field("person").related_model

# What a show's schedule and where-to-watch sentences read: an article page reads them for its shows too.
WHERE_TO_WATCH = (
    Related("network", Network, "{row}.id = {parent}.network_id", many=False),
    Related("air_slots", AirSlot, "{row}.show_id = {parent}.id", ("weekday", "local_time", "id")),
    Related(
        "availabilities",
        Availability,
        "{row}.show_id = {parent}.id",
        ("service.name", "regions", "id"),
        nested=(Related("service", StreamingService, "{row}.id = {parent}.service_id", many=False),),
    ),
)

SHOW_PAGE = RelatedColumns(
    Show,
    (
        *WHERE_TO_WATCH,
        Related("episodes", Episode, "{row}.show_id = {parent}.id", ("number", "id")),
        Related("genres", Genre, _GENRE_WHERE, ("name", "id"), join=_GENRE_JOIN),
        Related(
            "credits",
            _CREDIT,
            "{row}.show_id = {parent}.id",
            ("billing_order", "person.name", "id"),
            nested=(Related("person", _PERSON, "{row}.id = {parent}.person_id", many=False),),
        ),
    ),
)
