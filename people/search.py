"""Finding people by any spelling of their name, alone or in a longer query."""

from django.db.models import Q, TextField, Value
from django.db.models.functions import Concat

from editing.names import NAME_SEPARATOR, name_runs, query_words

from .models import Person


def search_people(query, limit=10, named=None):
    """People a reader's query is about: named in it (whole), or whose names hold every word of it.

    "Kim Soo Hyun", "Kim Soo-hyun", "kim soohyun" and "김수현" all reach Kim Soo
    Hyun: words are compared lowercased with spaces and hyphens removed, against
    `Person.search_names`; so does "김수현 interview", which names him. The same on
    SQLite and PostgreSQL. People named in the query come first.
    """
    named = list(people_named_in(query)) if named is None else list(named)
    words = query_words(query)
    if not words:
        return named[:limit]
    people = Person.objects.all()
    for word in words:
        people = people.filter(search_names__contains=word)
    found = named + [person for person in people.order_by("name", "pk")[:limit] if person not in named]
    return found[:limit]


def people_named_in(query):
    """People one of whose names, whole, is a run of the query's words ("kim soo-hyun interview")."""
    runs = name_runs(query)
    if not runs:
        return Person.objects.none()
    # Each stored name sits between separators, so a run matches a whole name, never part of one.
    keyed = Person.objects.alias(
        key=Concat(Value(NAME_SEPARATOR), "search_names", Value(NAME_SEPARATOR), output_field=TextField())
    )
    condition = Q()
    for run in runs:
        condition |= Q(key__contains=f"{NAME_SEPARATOR}{run}{NAME_SEPARATOR}")
    return keyed.filter(condition).order_by("name", "pk")


def every_name():
    """(name, stored search key) of every person, for spelling suggestions: one query."""
    return Person.objects.values_list("name", "search_names")
