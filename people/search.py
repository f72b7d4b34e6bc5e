"""Finding people by any spelling of their name."""

from editing.names import query_words

from .models import Person


def search_people(query, limit=10):
    """People whose stored names contain every word of the query, however it was romanised.

    "Kim Soo Hyun", "Kim Soo-hyun", "kim soohyun" and "김수현" all reach Kim Soo
    Hyun: words are compared lowercased with spaces and hyphens removed, against
    `Person.search_names`. The same on SQLite and PostgreSQL.
    """
    words = query_words(query)
    if not words:
        return Person.objects.none()
    people = Person.objects.all()
    for word in words:
        people = people.filter(search_names__contains=word)
    return people.order_by("name", "pk")[:limit]
