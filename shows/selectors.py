"""Reads of shows for the public pages."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, prefetch_related_objects
from django.utils import timezone

from publicpages.prepared import Prepared

from .models import Show

# Upcoming shows join the "Airing now" rail this many days before their premiere.
PREMIERE_LOOKAHEAD = dt.timedelta(days=7)
AIRING_RAIL_LIMIT = 12


@dataclass
class Airing:
    show: Show
    next_episode: dt.datetime | None


# What the rail shows of a show, and what its next episode is worked out from.
RAIL_FIELDS = ["title", "slug", "original_title", "status", "premiere_date", "finale_date", "network__name"]
# Compiled once per process (publicpages/prepared.py): the shows, then their air slots.
_RAIL_SHOWS = Prepared(
    lambda today, lookahead_end: (
        Show.objects.filter(
            Q(status=Show.Status.AIRING)
            | Q(status=Show.Status.UPCOMING, premiere_date__gte=today, premiere_date__lte=lookahead_end)
        )
        .select_related("network")
        .only(*RAIL_FIELDS)
    ),
    keep_plan=True,
    today=dt.date,
    lookahead_end=dt.date,
)


def airing_rail(now):
    """Shows on air, plus those premiering within a week, soonest next episode first.

    Two queries (shows with their network, then their air slots) however many shows.
    """
    today = timezone.localdate(now)
    shows = _RAIL_SHOWS(today=today, lookahead_end=today + PREMIERE_LOOKAHEAD)
    prefetch_related_objects(shows, "air_slots")
    rail = [Airing(show, show.next_airing(now)) for show in shows]
    # Shows with a known next episode first, soonest first; then the rest by title.
    rail.sort(key=lambda item: (item.next_episode is None, item.next_episode or now, item.show.title))
    return rail[:AIRING_RAIL_LIMIT]
