"""A read-only foreign key links to the related object only for those who may open it.

Django's admin shows a foreign key in a read-only form (a writer viewing a
live article, a moderator viewing the spoiler log) as a link to the related
object's change page, without asking whether the user may open it: the
writer's "Author: writer" link answered 403. Here the link is kept for those
who may view or change the related object and becomes plain text for
everyone else.

The admin passes no request to the read-only field, so NewsroomAdminSite.admin_view
holds the request in a context variable while each admin view runs and its
page renders (see sites.py).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.admin import helpers

_current_request = ContextVar("admin_request", default=None)


@contextmanager
def serving(request):
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


_django_admin_url = helpers.AdminReadonlyField.get_admin_url


def _admin_url_if_allowed(self, remote_field, remote_obj):
    request = _current_request.get()
    related_admin = self.model_admin.admin_site._registry.get(remote_field.model) if self.model_admin else None
    if request is None or related_admin is None or not related_admin.has_view_or_change_permission(request, remote_obj):
        return str(remote_obj)
    return _django_admin_url(self, remote_field, remote_obj)


def install():
    """Called once from NewsroomAdminConfig.ready()."""
    helpers.AdminReadonlyField.get_admin_url = _admin_url_if_allowed
