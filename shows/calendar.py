"""A show's upcoming episodes as an iCalendar feed (RFC 5545), built with the icalendar package."""

import datetime as dt
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event, Timezone

from publicpages.structured_data import absolute_url

DEFAULT_RUNTIME = dt.timedelta(hours=1)


def episode_start(episode, slots):
    """When an episode starts: its air date at the slot for that weekday (or the first slot).

    A date alone (an all-day event) when the show has no air slots.
    """
    if not slots:
        return episode.air_date
    slot = next((s for s in slots if s.weekday == episode.air_date.weekday()), slots[0])
    return dt.datetime.combine(episode.air_date, slot.local_time, tzinfo=zoneinfo.ZoneInfo(slot.time_zone))


def calendar_host(request):
    """The domain in every UID, so UIDs stay the same across requests and servers."""
    if settings.SITE_URL:
        return urlsplit(settings.SITE_URL).hostname
    return request.get_host().split(":")[0]


def episode_calendar(request, show, *, now):
    """Bytes of a VCALENDAR with one VEVENT per episode that has not finished airing.

    Reads show.air_slots.all() (prefetched) and one query for the episodes.
    """
    slots = list(show.air_slots.all())
    runtime = dt.timedelta(minutes=show.runtime_minutes) if show.runtime_minutes else DEFAULT_RUNTIME
    show_url = absolute_url(request, show.get_absolute_url())
    host = calendar_host(request)

    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//Episode calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{show.title} episodes")
    cal.add("x-wr-timezone", slots[0].time_zone if slots else "UTC")

    # Yesterday's date catches an episode still on air across midnight.
    since = now.astimezone(zoneinfo.ZoneInfo(slots[0].time_zone if slots else "UTC")).date() - dt.timedelta(days=1)
    for episode in show.episodes.filter(air_date__gte=since).order_by("number"):
        start = episode_start(episode, slots)
        if isinstance(start, dt.datetime) and start + runtime <= now:
            continue
        if not isinstance(start, dt.datetime) and start < since + dt.timedelta(days=1):
            continue
        event = Event()
        # Stable per show and episode: calendar apps update the event instead of duplicating it.
        event.add("uid", f"show-{show.pk}-episode-{episode.number}@{host}")
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("dtstart", start)
        event.add("duration", runtime if isinstance(start, dt.datetime) else dt.timedelta(days=1))
        summary = f"{show.title} — Episode {episode.number}"
        event.add("summary", f"{summary}: {episode.title}" if episode.title else summary)
        event.add("url", f"{show_url}#episode-{episode.number}")
        if show.network_id:
            event.add("location", str(show.network))
        cal.add_component(event)
    # VTIMEZONE blocks for every TZID used, as RFC 5545 requires.
    cal.add_missing_timezones()
    if not cal.subcomponents:
        # Nothing left to air (an ended show): RFC 5545 wants at least one component, and a
        # subscriber's calendar should stay subscribed and simply show nothing more. The
        # broadcast zone's VTIMEZONE is that component.
        cal.add_component(Timezone.from_tzinfo(zoneinfo.ZoneInfo(slots[0].time_zone if slots else "UTC")))
    return cal.to_ical()
