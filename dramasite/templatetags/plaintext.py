from django import template

from dramasite.text import strip_control_characters

register = template.Library()


@register.filter
def xml_safe(text):
    """{{ headline|xml_safe }}: drops characters an XML document cannot contain."""
    return strip_control_characters(text)
