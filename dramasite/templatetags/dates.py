from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def machine_time(value):
    """An ISO 8601 timestamp for <time datetime>, to the second (HTML allows at most milliseconds)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
