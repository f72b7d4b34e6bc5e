"""Finding shows by their English or Korean title."""

from editing.names import query_words

from .models import Show


def search_shows(query, limit=10):
    """Shows whose titles contain every word of the query, ignoring case, spaces and punctuation."""
    words = query_words(query)
    if not words:
        return Show.objects.none()
    shows = Show.objects.select_related("network")
    for word in words:
        shows = shows.filter(search_titles__contains=word)
    return shows.order_by("-premiere_date", "title", "pk")[:limit]
