from django import template

from editing.text import http_url, strip_control_characters

register = template.Library()


@register.filter
def xml_safe(text):
    """{{ headline|xml_safe }}: drops characters an XML document cannot contain."""
    return strip_control_characters(text)


# {{ quote.source_url|http_url }}: the link only if it is http(s); "" for javascript:, data: and the like.
register.filter("http_url", http_url)
