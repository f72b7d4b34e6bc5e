"""Which cached pages a change to a person or a credit makes stale.

Person pages and article pages about a person depend on ``person:<id>``; the
people index and search on ``people``; a show's cast on ``show:<id>``. Wired in
PeopleConfig.ready(); see docs/caching.md.
"""

from django.db.models.signals import post_delete, post_save, pre_delete

from pagecache import pages

from .models import Credit, Person


def person_changed(sender, instance, raw=False, **kwargs):
    """A person's name or photo also shows in the cast of every show they are credited on."""
    if raw:
        return
    shows = instance.credits.values_list("show_id", flat=True) if instance.pk else ()
    pages.bump("people", f"person:{instance.pk}", *(f"show:{pk}" for pk in shows))


def credit_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        pages.bump("people", f"person:{instance.person_id}", f"show:{instance.show_id}")


def connect():
    post_save.connect(person_changed, sender=Person, dispatch_uid="pagecache-save-person")
    # Before the delete, while the credits (and so the shows) can still be read.
    pre_delete.connect(person_changed, sender=Person, dispatch_uid="pagecache-delete-person")
    post_save.connect(credit_changed, sender=Credit, dispatch_uid="pagecache-save-credit")
    post_delete.connect(credit_changed, sender=Credit, dispatch_uid="pagecache-delete-credit")
