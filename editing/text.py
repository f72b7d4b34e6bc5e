"""Plain text that is safe to put in XML (feeds, sitemaps) and HTML."""

import re

# XML 1.0 allows no control character but tab, newline and carriage return, and
# never U+FFFE, U+FFFF or a lone surrogate. Django's feed writer refuses them
# (a 500), and a sitemap containing one does not parse. DEL is not forbidden in
# XML but has no business in a headline either.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def strip_control_characters(text):
    """text without the characters XML cannot carry; anything that is not a string is returned as it is."""
    return _CONTROL.sub("", text) if isinstance(text, str) else text


def xml_safe(value):
    """strip_control_characters through dicts, lists and tuples (a feed's item data)."""
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return strip_control_characters(value)


_WEB_SCHEMES = ("http", "https")


def http_url(value):
    """value if it is an http(s) URL, else "".

    Link fields are URLFields, whose form validation allows web addresses only;
    loaddata, restores and raw writes skip that validation, so a
    ``javascript:`` or ``data:`` address could reach a page's href. Browsers
    ignore whitespace and control characters around and inside a scheme, so
    those are refused too.
    """
    if not isinstance(value, str) or _CONTROL.search(value) or any(ch in value for ch in "\t\n\r"):
        return ""
    scheme, colon, _ = value.strip().partition(":")
    return value.strip() if colon and scheme.lower() in _WEB_SCHEMES else ""
