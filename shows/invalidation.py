"""Which cached pages a change to a show, its schedule, episodes or availability makes stale.

Show pages, calendars and the article pages about a show depend on
``show:<id>``; lists of shows (the index, the home page's airing rail, search,
sitemaps) on ``shows``. Wired in ShowsConfig.ready(); see docs/caching.md.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from pagecache import pages

from .models import AirSlot, Availability, Episode, Genre, Network, Show, StreamingService, TaggedShow


def show_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        pages.bump("shows", f"show:{instance.pk}")


def part_of_show_changed(sender, instance, raw=False, **kwargs):
    """An air slot, episode or where-to-watch line: its show's pages."""
    if not raw:
        pages.bump("shows", f"show:{instance.show_id}")


def vocabulary_changed(sender, instance, raw=False, **kwargs):
    """A network, streaming service or genre is named on every show (and article) page that uses it."""
    if raw:
        return
    if sender is Network:
        shows = Show.objects.filter(network=instance)
    elif sender is StreamingService:
        shows = Show.objects.filter(availabilities__service=instance)
    else:
        shows = Show.objects.filter(genres=instance)
    pages.bump("shows", *(f"show:{pk}" for pk in shows.values_list("pk", flat=True)))


def genres_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        pages.bump("shows", f"show:{instance.pk}")


def connect():
    post_save.connect(show_changed, sender=Show, dispatch_uid="pagecache-save-show")
    post_delete.connect(show_changed, sender=Show, dispatch_uid="pagecache-delete-show")
    for model in (AirSlot, Availability, Episode):
        post_save.connect(part_of_show_changed, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(part_of_show_changed, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    for model in (Network, StreamingService, Genre):
        # pre_delete would see the shows; a network or service in use is protected, a genre's
        # links go with it, so after deletion the "shows" list tag is what remains to bump.
        post_save.connect(vocabulary_changed, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(vocabulary_changed, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    m2m_changed.connect(genres_changed, sender=TaggedShow, dispatch_uid="pagecache-m2m-genres")
