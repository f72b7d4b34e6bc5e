"""How air slots turn into the words and times readers see."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from shows.models import Show
from shows.schedule import describe_weekdays, format_clock, join_words
from tests.factories import make_availability, make_network, make_service, make_show

SEOUL = ZoneInfo("Asia/Seoul")
UTC = dt.UTC
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
PRIME = dt.time(21, 10)


@pytest.mark.parametrize(
    ("weekdays", "expected"),
    [
        ([SAT, SUN], "every Saturday and Sunday"),
        ([SUN, SAT, SAT], "every Saturday and Sunday"),
        ([SAT], "every Saturday"),
        ([MON, TUE, WED, THU, FRI, SAT, SUN], "every day"),
        ([], ""),
        ([MON, TUE, WED, THU, FRI], "every weekday"),
        ([MON, WED, FRI], "every Monday, Wednesday and Friday"),
    ],
    ids=["weekend", "weekend-unordered", "one-day", "every-day", "none", "weekdays", "three-days"],
)
def test_describe_weekdays(weekdays, expected):
    """Schedules read like a listings page: 'every Saturday and Sunday', 'every weekday', 'every day'."""
    assert describe_weekdays(weekdays) == expected


def test_join_words_and_clock():
    """Lists join with commas and 'and'; times print as 9:10 PM."""
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b and c"
    assert format_clock(dt.time(21, 10)) == "9:10 PM"
    assert format_clock(dt.time(9, 5)) == "9:05 AM"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("weekdays", "expected"),
    [
        ([SAT, SUN], "every Saturday and Sunday"),
        ([SAT], "every Saturday"),
        (list(range(7)), "every day"),
        ([], ""),
        ([MON, TUE, WED, THU, FRI], "every weekday"),
        ([MON, WED, FRI], "every Monday, Wednesday and Friday"),
    ],
    ids=["weekend", "one-day", "every-day", "none", "weekdays", "three-days"],
)
def test_show_schedule_phrase_from_air_slots(weekdays, expected):
    """A show's schedule phrase comes from its air slot rows."""
    show = make_show(slots=[(day, PRIME) for day in weekdays])
    assert show.schedule_phrase() == expected


@pytest.mark.django_db
def test_schedule_sentence_for_an_airing_show():
    """An airing show says when new episodes come out, in Korean time."""
    show = make_show(status=Show.Status.AIRING, slots=[(SAT, PRIME), (SUN, PRIME)])
    assert show.schedule_sentence() == "New episodes every Saturday and Sunday at 9:10 PM KST"


@pytest.mark.django_db
def test_schedule_sentence_for_an_ended_show_and_a_show_without_slots():
    """An ended show says when it aired; a show with no slots says nothing."""
    ended = make_show(status=Show.Status.ENDED, slots=[(SAT, PRIME), (SUN, PRIME)])
    assert ended.schedule_sentence() == "Aired every Saturday and Sunday at 9:10 PM KST"
    assert make_show().schedule_sentence() == ""


@pytest.mark.django_db
class TestNextAiring:
    def airing(self, **kw):
        fields = {
            "status": Show.Status.AIRING,
            "premiere_date": dt.date(2024, 3, 9),
            "slots": [(SAT, PRIME), (SUN, PRIME)],
        }
        fields.update(kw)
        return make_show(**fields)

    def test_next_slot_later_in_the_week(self):
        """On a Friday the countdown points at Saturday 9:10 PM in Seoul."""
        now = dt.datetime(2024, 3, 15, 12, 0, tzinfo=SEOUL)  # Friday
        upcoming = self.airing().next_airing(now=now)
        assert upcoming == dt.datetime(2024, 3, 16, 21, 10, tzinfo=SEOUL)
        assert upcoming.tzinfo.key == "Asia/Seoul"

    def test_uses_the_seoul_calendar_not_utc(self):
        """Saturday afternoon in UTC is already Saturday night in Seoul, after the slot, so Sunday is next."""
        now = dt.datetime(2024, 3, 16, 13, 0, tzinfo=UTC)  # Sat 22:00 KST
        assert self.airing().next_airing(now=now) == dt.datetime(2024, 3, 17, 21, 10, tzinfo=SEOUL)

    def test_a_slot_airing_right_now_is_not_next(self):
        """At the exact start of Saturday's episode, the next one is Sunday's."""
        now = dt.datetime(2024, 3, 16, 21, 10, tzinfo=SEOUL)
        assert self.airing().next_airing(now=now) == dt.datetime(2024, 3, 17, 21, 10, tzinfo=SEOUL)

    def test_wraps_to_next_week(self):
        """After Sunday's episode the next one is the following Saturday."""
        now = dt.datetime(2024, 3, 17, 23, 0, tzinfo=SEOUL)
        assert self.airing().next_airing(now=now) == dt.datetime(2024, 3, 23, 21, 10, tzinfo=SEOUL)

    def test_upcoming_show_waits_for_its_premiere(self):
        """An upcoming show counts down to its premiere day, not to this weekend."""
        show = self.airing(status=Show.Status.UPCOMING, premiere_date=dt.date(2024, 4, 6))
        now = dt.datetime(2024, 3, 15, 12, 0, tzinfo=SEOUL)
        assert show.next_airing(now=now) == dt.datetime(2024, 4, 6, 21, 10, tzinfo=SEOUL)

    def test_none_after_the_finale_date(self):
        """Once the last planned episode has aired there is no countdown, even before status is updated."""
        show = self.airing(finale_date=dt.date(2024, 4, 28))
        assert show.next_airing(now=dt.datetime(2024, 4, 29, 12, 0, tzinfo=SEOUL)) is None

    def test_none_for_an_ended_show(self):
        """An ended show never shows a next-episode countdown."""
        show = self.airing(status=Show.Status.ENDED)
        assert show.next_airing(now=dt.datetime(2024, 3, 15, 12, 0, tzinfo=SEOUL)) is None

    def test_none_without_air_slots(self):
        """A show with no slots has no next airing."""
        show = self.airing(slots=[])
        assert show.next_airing(now=dt.datetime(2024, 3, 15, 12, 0, tzinfo=SEOUL)) is None


@pytest.mark.django_db
def test_where_to_watch_for_an_airing_show():
    """An article about an airing show ends with where to stream it and when new episodes land."""
    show = make_show(
        title="Queen of Tears",
        status=Show.Status.AIRING,
        network=make_network(name="tvN", slug="tvn"),
        slots=[(SAT, PRIME), (SUN, PRIME)],
    )
    make_availability(show, make_service(name="Netflix", slug="netflix"))
    assert show.where_to_watch() == (
        "Queen of Tears is available to watch internationally on Netflix, with new episodes every Saturday and Sunday."
    )


@pytest.mark.django_db
def test_where_to_watch_for_an_ended_show():
    """For an ended show the closing line says when and where it aired."""
    show = make_show(
        title="Queen of Tears",
        status=Show.Status.ENDED,
        network=make_network(name="tvN", slug="tvn"),
        slots=[(SAT, PRIME), (SUN, PRIME)],
    )
    make_availability(show, make_service(name="Netflix", slug="netflix"))
    line = show.where_to_watch()
    assert line == (
        "Queen of Tears is available to watch internationally on Netflix. It aired every Saturday and Sunday on tvN."
    )
    assert line.endswith("It aired every Saturday and Sunday on tvN.")


@pytest.mark.django_db
def test_where_to_watch_without_streaming_or_network():
    """A show with no network and no streaming says nothing rather than a half sentence."""
    assert make_show(slots=[(SAT, PRIME)]).where_to_watch() == ""
    on_air = make_show(title="Local", network=make_network(name="JTBC", slug="jtbc"), status=Show.Status.AIRING)
    assert on_air.where_to_watch() == "Local airs on JTBC."


@pytest.mark.django_db
def test_where_to_watch_for_an_ended_show_without_streaming():
    """An ended show with no streaming home says, in the past tense, when and where it aired."""
    tvn = make_network(name="tvN", slug="tvn-ended")
    show = make_show(title="Old Hit", slots=[(SAT, PRIME), (SUN, PRIME)], network=tvn, status="ended")
    assert show.where_to_watch() == "Old Hit aired on tvN every Saturday and Sunday."


@pytest.mark.django_db
def test_where_to_watch_as_of_a_date_follows_the_premiere_and_finale():
    """Dated wording: before the finale the show still had new episodes coming; after it, it had aired."""
    tvn = make_network(name="tvN", slug="tvn-dated")
    show = make_show(
        title="Queen of Tears",
        slots=[(SAT, PRIME), (SUN, PRIME)],
        network=tvn,
        status=Show.Status.ENDED,
        premiere_date=dt.date(2024, 3, 9),
        finale_date=dt.date(2024, 4, 28),
    )
    make_availability(show, make_service(name="Netflix", slug="netflix-dated"))
    during = dt.datetime(2024, 4, 1, 10, tzinfo=SEOUL)
    after = dt.datetime(2024, 4, 29, 9, tzinfo=SEOUL)
    before = dt.datetime(2024, 3, 1, 9, tzinfo=SEOUL)
    assert show.where_to_watch(as_of=during).endswith("with new episodes every Saturday and Sunday.")
    assert show.where_to_watch(as_of=after).endswith("It aired every Saturday and Sunday on tvN.")
    assert show.status_on(before.date()) == Show.Status.UPCOMING
    assert show.where_to_watch().endswith("It aired every Saturday and Sunday on tvN.")
