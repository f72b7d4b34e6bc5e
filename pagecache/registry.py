"""What the page cache learns from the apps above it, filled in their AppConfig.ready().

The page cache knows nothing of articles or shows; the apps that do tell it:

- personal_cookie(name): a request carrying this cookie gets a page made for it,
  never a stored one (Django's messages cookie, registered by the page cache itself);
- never_cached_prefix(paths): URL prefixes that are never served from or stored in
  the cache (the admin, staff previews, media files), as a callable returning a path
  or paths, called once the URLconf is loaded;
- next_change(source, tags): a callable returning the next moment (an aware
  datetime, or None) at which some page changes with no save to say so (a
  scheduled article going live), and the tags whose bumps can move that moment;
  no page is kept past the earliest.
"""

PERSONAL_COOKIES = set()
_prefix_sources = []
_next_change_sources = []
_prefixes = None


def personal_cookie(name):
    PERSONAL_COOKIES.add(name)


def never_cached_prefix(source):
    global _prefixes
    _prefix_sources.append(source)
    _prefixes = None


def never_cached_prefixes():
    """Every registered prefix, as a tuple for str.startswith (worked out once)."""
    global _prefixes
    if _prefixes is None:
        found = []
        for source in _prefix_sources:
            value = source()
            found += [value] if isinstance(value, str) else list(value)
        _prefixes = tuple(found)
    return _prefixes


def next_change(source, tags):
    _next_change_sources.append((source, frozenset(tags)))


def next_change_tags():
    """Every tag a registered next change depends on."""
    return set().union(*(tags for _, tags in _next_change_sources))


def earliest_next_change():
    """The earliest moment any registered source names, or None."""
    moments = [moment for source, _ in _next_change_sources if (moment := source()) is not None]
    return min(moments, default=None)
