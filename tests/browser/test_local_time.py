"""Episode times in the reader's own zone: the server writes Korean broadcast
time (KST), and site.js rewrites it for readers elsewhere, keeping KST beside it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

SHOW = "midnight-bakery-seoul"  # the demo show that is always on air, Wed and Thu 10:30 PM KST
NEXT_EPISODE = ".next-episode time[data-local]"


def show_url(base):
    return base + reverse("shows:detail", kwargs={"slug": SHOW})


def open_in_zone(new_context, url, zone, **context_args):
    page = new_context(timezone_id=zone, **context_args).new_page()
    page.goto(url)
    return page


def text(locator):
    # Chromium's Intl puts a narrow no-break space before AM/PM.
    return " ".join(locator.inner_text().replace("\u202f", " ").split())


def broadcast_moment(time):
    return dt.datetime.fromisoformat(time.get_attribute("datetime"))


def clock(moment):
    return f"{moment.hour % 12 or 12}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"


@pytest.mark.parametrize(
    ("zone", "abbreviation"),
    [("America/New_York", "EST"), ("Pacific/Auckland", "GMT+13"), ("Asia/Kolkata", "GMT+5:30")],
)
def test_show_page_gives_the_next_episode_in_the_readers_zone(new_context, demo_site, zone, abbreviation):
    page = open_in_zone(new_context, show_url(demo_site), zone)

    time = page.locator(NEXT_EPISODE)
    moment = broadcast_moment(time)
    assert moment.utcoffset() == dt.timedelta(hours=9)
    local = moment.astimezone(ZoneInfo(zone))
    shown = text(time)
    # Weekday, date and clock in the reader's zone, which is named; Auckland is
    # already on the next day when it is 10:30 PM in Seoul.
    assert shown.startswith(f"{local:%a, %b} {local.day}, ")
    assert shown.endswith(f"{clock(local)} {abbreviation}")
    assert "KST" not in shown
    # The broadcast time stays on the page, beside it and in the tooltip.
    kst = f"{moment:%a, %b} {moment.day}, {clock(moment)} KST"
    assert text(page.locator(".next-episode .broadcast-time")) == f"({kst})"
    assert time.get_attribute("title") == kst


def test_home_rail_gives_the_next_episode_in_the_readers_zone_without_the_date(new_context, demo_site):
    page = open_in_zone(new_context, demo_site + reverse("home"), "America/Los_Angeles")

    rail = page.locator(".rail-item", has=page.get_by_role("link", name="Midnight Bakery, Seoul"))
    time = rail.locator("time[data-local]")
    local = broadcast_moment(time).astimezone(ZoneInfo("America/Los_Angeles"))
    assert text(time) == f"{local:%a}, {clock(local)} PST"
    assert text(rail.locator(".broadcast-time")).endswith("10:30 PM KST)")


def test_a_reader_in_korea_sees_broadcast_time_once(new_context, demo_site):
    page = open_in_zone(new_context, show_url(demo_site), "Asia/Seoul")

    time = page.locator(NEXT_EPISODE)
    assert text(time).endswith("10:30 PM KST")
    assert page.locator(".broadcast-time").count() == 0


def test_without_javascript_the_broadcast_time_is_shown(new_context, demo_site):
    page = open_in_zone(new_context, show_url(demo_site), "America/New_York", java_script_enabled=False)

    time = page.locator(NEXT_EPISODE)
    assert text(time).endswith("10:30 PM KST")
    assert page.locator(".broadcast-time").count() == 0
