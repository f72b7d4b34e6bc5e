"""Turning air slots into words and times.

Kept free of models so the wording rules can be read and tested on their own.
"""

import datetime as dt
from zoneinfo import ZoneInfo

WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def join_words(words):
    """'a', 'a and b', 'a, b and c'."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def describe_weekdays(weekdays):
    """Say how often a show airs: 'every Saturday and Sunday', 'every day', or ''."""
    days = sorted(set(weekdays))
    if not days:
        return ""
    if len(days) == 7:
        return "every day"
    if days == [0, 1, 2, 3, 4]:
        return "every weekday"
    return "every " + join_words(WEEKDAY_NAMES[day] for day in days)


def format_clock(time):
    """9:10 PM, the way listings print times."""
    return time.strftime("%I:%M %p").lstrip("0")


def next_slot_after(slots, moment):
    """The first (weekday, time, zone) slot strictly after moment, as an aware datetime."""
    best = None
    for weekday, local_time, zone in slots:
        tz = ZoneInfo(zone)
        local_now = moment.astimezone(tz)
        days_ahead = (weekday - local_now.weekday()) % 7
        for extra in (0, 7):
            day = local_now.date() + dt.timedelta(days=days_ahead + extra)
            candidate = dt.datetime.combine(day, local_time, tzinfo=tz)
            if candidate > moment:
                break
        if best is None or candidate < best:
            best = candidate
    return best
