from django import template
from django.utils.safestring import mark_safe

from editing.richtext import sanitize_html

register = template.Library()


@register.filter
def rich(value):
    """Render stored rich text, sanitised once more on the way out."""
    return mark_safe(sanitize_html(value))
