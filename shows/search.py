"""Finding shows by their English or Korean title, alone or in a longer query."""

from django.db.models import Q, TextField, Value
from django.db.models.functions import Concat

from editing.names import NAME_SEPARATOR, name_runs, query_words

from .models import Show


def search_shows(query, limit=10, named=None):
    """Shows named in the query (whole titles), then shows whose titles hold every word of it."""
    named = list(shows_named_in(query)) if named is None else list(named)
    words = query_words(query)
    if not words:
        return named[:limit]
    shows = Show.objects.select_related("network")
    for word in words:
        shows = shows.filter(search_titles__contains=word)
    found = named + [show for show in shows.order_by("-premiere_date", "title", "pk")[:limit] if show not in named]
    return found[:limit]


def shows_named_in(query):
    """Shows one of whose titles, whole, is a run of the query's words ("queen of tears ep 8 recap")."""
    runs = name_runs(query)
    if not runs:
        return Show.objects.none()
    keyed = Show.objects.alias(
        key=Concat(Value(NAME_SEPARATOR), "search_titles", Value(NAME_SEPARATOR), output_field=TextField())
    )
    condition = Q()
    for run in runs:
        condition |= Q(key__contains=f"{NAME_SEPARATOR}{run}{NAME_SEPARATOR}")
    return keyed.filter(condition).select_related("network").order_by("-premiere_date", "title", "pk")


def every_title():
    """(title, stored search key) of every show, for spelling suggestions: one query."""
    return Show.objects.values_list("title", "search_titles")
