"""Finding people by any spelling of their name, alone or in a longer query."""

from editing.names import SQLiteNameIndex, named_first, named_in

from .models import Person

# SQLite's trigram index of every person's names (migration 0006 creates it).
NAME_INDEX = SQLiteNameIndex("person_name_search", "people_person", "search_names")

# What search shows of a person and matches on: the rest (the bio above all) stays in the database.
LISTED = ("name", "hangul_name", "slug", "search_names")


def search_people(query, limit=10, named=None):
    """People a reader's query is about: named in it (whole), or whose names hold every word of it.

    "Kim Soo Hyun", "Kim Soo-hyun", "kim soohyun" and "김수현" all reach Kim Soo
    Hyun: words are compared lowercased with spaces and hyphens removed, against
    `Person.search_names`; so does "김수현 interview", which names him. The same on
    SQLite and PostgreSQL. People named in the query come first.
    """
    named = list(people_named_in(query)) if named is None else list(named)
    people = Person.objects.only(*LISTED).order_by("name", "pk")
    return named_first(named, people, "search_names", query, limit, NAME_INDEX)


def people_named_in(query):
    """People one of whose names, whole, is a run of the query's words ("kim soo-hyun interview")."""
    return named_in(Person.objects.only(*LISTED), "search_names", query, NAME_INDEX).order_by("name", "pk")


def every_name():
    """(name, stored search key) of every person, for spelling suggestions: one query."""
    return Person.objects.values_list("name", "search_names")
