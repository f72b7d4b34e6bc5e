"""Finding shows by their English or Korean title, alone or in a longer query."""

from editing.names import SQLiteNameIndex, named_first, named_in

from .models import Show

# SQLite's trigram index of every show's titles (migration 0006 creates it).
TITLE_INDEX = SQLiteNameIndex("show_title_search", "shows_show", "search_titles")

NEWEST_FIRST = ("-premiere_date", "title", "pk")
# What search shows of a show and matches on: the rest (the synopsis above all) stays in the database.
LISTED = ("title", "original_title", "slug", "premiere_date", "finale_date", "search_titles", "network__name")


def _listed_shows():
    return Show.objects.select_related("network").only(*LISTED)


def search_shows(query, limit=10, named=None):
    """Shows named in the query (whole titles), then shows whose titles hold every word of it."""
    named = list(shows_named_in(query)) if named is None else list(named)
    shows = _listed_shows().order_by(*NEWEST_FIRST)
    return named_first(named, shows, "search_titles", query, limit, TITLE_INDEX)


def shows_named_in(query):
    """Shows one of whose titles, whole, is a run of the query's words ("queen of tears ep 8 recap")."""
    return named_in(_listed_shows(), "search_titles", query, TITLE_INDEX).order_by(*NEWEST_FIRST)


def every_title():
    """(title, stored search key) of every show, for spelling suggestions: one query."""
    return Show.objects.values_list("title", "search_titles")
