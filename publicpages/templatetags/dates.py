from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def machine_time(value):
    """An ISO 8601 timestamp for <time datetime>, to the second (HTML allows at most milliseconds)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _clock(moment):
    return moment.strftime("%I:%M %p").lstrip("0")


@register.filter
def broadcast_time(value):
    """'Sat 9:10 PM KST': a weekday and time in the broadcaster's own zone, for rails."""
    if not value:
        return ""
    return f"{value:%a} {_clock(value)} {value.tzname()}"


@register.filter
def broadcast_datetime(value):
    """'Sat, Apr 6, 9:10 PM KST': the full date and time in the broadcaster's own zone."""
    if not value:
        return ""
    return f"{value:%a, %b} {value.day}, {_clock(value)} {value.tzname()}"


@register.filter
def newsroom_datetime(value):
    """'Dec 2, 2026, 9:10 AM KST': a stored time in the newsroom's zone, with the year (the "Updated" line).

    Marked data-local="dated", the browser shows it in the reader's zone as it
    does the next-episode time (static/js/site.js).
    """
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local:%b} {local.day}, {local.year}, {_clock(local)} {local.tzname()}"


@register.filter
def zone_machine_time(value):
    """ISO 8601 keeping the value's own offset (+09:00 for Seoul), for <time datetime>."""
    if not value:
        return ""
    return value.replace(microsecond=0).isoformat()
