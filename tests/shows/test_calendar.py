"""The per-show episode calendar, parsed back with the icalendar package."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from shows.models import Episode, Show
from tests.factories import make_network, make_show

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
SAT, SUN = 5, 6


def next_weekday(day, weekday):
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture
def airing():
    """An airing show with two episodes behind it and two ahead, on Saturdays and Sundays at 21:10 KST."""
    show = make_show(
        title="Queen of Tears",
        slug="queen-of-tears",
        status=Show.Status.AIRING,
        runtime_minutes=90,
        network=make_network(name="tvN"),
        slots=[(SAT, dt.time(21, 10)), (SUN, dt.time(21, 10))],
    )
    today = timezone.localdate()
    saturday = next_weekday(today + dt.timedelta(days=1), SAT)
    Episode.objects.create(show=show, number=7, air_date=saturday - dt.timedelta(days=14))
    Episode.objects.create(show=show, number=8, air_date=saturday - dt.timedelta(days=13))
    Episode.objects.create(show=show, number=9, air_date=saturday)
    Episode.objects.create(show=show, number=10, air_date=saturday + dt.timedelta(days=1), title="The storm")
    return show


def fetch(client, show):
    response = client.get(reverse("shows:calendar", kwargs={"slug": show.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_one_event_per_upcoming_episode(client, airing):
    """Episodes still to come are events; those already aired are not."""
    calendar = fetch(client, airing)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [
        "Queen of Tears — Episode 9",
        "Queen of Tears — Episode 10: The storm",
    ]


def test_event_times_durations_and_links(client, airing):
    """Each event starts at the slot time in Asia/Seoul, lasts the runtime and links to the episode."""
    event = fetch(client, airing).walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None
    assert start.utcoffset() == dt.timedelta(hours=9)
    assert (start.weekday(), start.hour, start.minute) == (SAT, 21, 10)
    assert event["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert event.decoded("DURATION") == dt.timedelta(minutes=90)
    assert str(event["URL"]) == "http://testserver/shows/queen-of-tears/#episode-9"
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert str(event["LOCATION"]) == "tvN"


def test_calendar_declares_the_seoul_time_zone(client, airing):
    """The file carries a VTIMEZONE for every TZID it uses (RFC 5545)."""
    zones = [str(zone["TZID"]) for zone in fetch(client, airing).walk("VTIMEZONE")]
    assert zones == ["Asia/Seoul"]


def test_uids_are_stable_and_unique(client, airing):
    """The same episode keeps its UID from one download to the next, so calendars update instead of duplicating."""
    first = [str(event["UID"]) for event in fetch(client, airing).walk("VEVENT")]
    second = [str(event["UID"]) for event in fetch(client, airing).walk("VEVENT")]
    assert first == second
    assert len(set(first)) == 2
    assert all(uid.endswith("@testserver") for uid in first)


def test_site_url_sets_uid_domain(client, airing, settings):
    """With SITE_URL set, UIDs and links use the public address."""
    settings.SITE_URL = "https://news.example"
    event = fetch(client, airing).walk("VEVENT")[0]
    assert str(event["UID"]).endswith("@news.example")
    assert str(event["URL"]).startswith("https://news.example/shows/")


def test_ended_show_has_an_empty_calendar(client):
    """A show that has finished airing gives a valid calendar with no events."""
    show = make_show(status=Show.Status.ENDED, slots=[(SAT, dt.time(21, 0))])
    Episode.objects.create(show=show, number=1, air_date=dt.date(2020, 1, 4))
    assert fetch(client, show).walk("VEVENT") == []


def test_show_without_slots_gets_all_day_events(client):
    """Without air times, an upcoming episode is an all-day event on its date."""
    show = make_show(status=Show.Status.UPCOMING)
    day = timezone.localdate() + dt.timedelta(days=10)
    Episode.objects.create(show=show, number=1, air_date=day)
    [event] = fetch(client, show).walk("VEVENT")
    assert event.decoded("DTSTART") == day


def test_unknown_show_and_wrong_method(client):
    """An unknown show is a 404; the calendar cannot be posted to."""
    assert client.get(reverse("shows:calendar", kwargs={"slug": "nope"})).status_code == 404
    show = make_show()
    assert client.post(reverse("shows:calendar", kwargs={"slug": show.slug})).status_code == 405


def test_mozillas_ical_js_reads_every_kind_of_calendar(client, airing):
    """The airing show, an ended show and a show without air times all parse in ical.js, with a component each."""
    from tests.icaljs import parse_with_icaljs

    ended = make_show(status=Show.Status.ENDED, slots=[(SAT, dt.time(21, 0))])
    Episode.objects.create(show=ended, number=1, air_date=dt.date(2020, 1, 4))
    unslotted = make_show(status=Show.Status.ENDED)
    read = {}
    for show in (airing, ended, unslotted):
        response = client.get(reverse("shows:calendar", kwargs={"slug": show.slug}))
        read[show.slug] = parse_with_icaljs(response.content)
    assert read[airing.slug]["name"] == "vcalendar"
    events = read[airing.slug]["events"]
    assert [event["summary"] for event in events] == [
        "Queen of Tears — Episode 9",
        "Queen of Tears — Episode 10: The storm",
    ]
    assert {event["zone"] for event in events} == {"Asia/Seoul"}
    assert read[ended.slug]["components"] == ["vtimezone"]  # RFC 5545: at least one component
    assert read[unslotted.slug]["components"] == ["vtimezone"]


def test_an_ended_shows_calendar_still_holds_a_component(client):
    """Subscribers keep a working calendar that simply shows nothing more: its zone is the one component."""
    show = make_show(status=Show.Status.ENDED, slots=[(SAT, dt.time(21, 0))])
    calendar = fetch(client, show)
    assert [component.name for component in calendar.subcomponents] == ["VTIMEZONE"]
    assert calendar.subcomponents[0]["TZID"] == "Asia/Seoul"
