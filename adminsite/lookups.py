"""Admin change lists filter only by what they declare: the allowlist every admin inherits.

Django's change list turns any query-string parameter it does not recognise
into a filter on the model (``?body__icontains=…``, ``?body__regex=…``),
whatever the list's ``list_filter`` says. That lets anyone who can open a list
read a column the list never shows, one guess at a time: a moderator could
recover an unpublished article's body from the spoiler moderation screen's
"N results". Here a list accepts only

- the parameters its declared filters (``list_filter``) consume,
- its date drill-down (``date_hierarchy``: year, month and day), and
- the change list's own controls (search ``q``, ordering ``o``, page ``p``,
  ``all``, popups, facets),

and refuses anything else for every role the way Django refuses a bad filter:
a redirect to the plain list with ``?e=1``, with a message saying why. A bad
value (an unparsable id, a year past 9999, a NUL byte) is refused the same
way, never a 500.

``NewsroomAdminSite.register`` (adminsite/sites.py) puts
``DeclaredLookupsOnly`` in front of every admin registered on the site, ours
and third-party ones (auth, taggit, axes) alike, so a new admin cannot forget
it; tests/test_admin_lookups.py checks every registered admin.
"""

import datetime as dt
from functools import cache

from django.contrib import messages
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone

# Pattern lookups no admin filter needs; a binary search with them reads any text column.
REFUSED_LOOKUPS = {"regex", "iregex"}
REFUSED_MESSAGE = "This list cannot be filtered that way, so it is shown unfiltered."


class DeclaredLookupsChangeList:
    """ChangeList mixin: refuse query-string lookups that no declared filter or drill-down consumed."""

    def get_filters(self, request):
        asked = self.get_filters_params()
        for key, values in asked.items():
            if REFUSED_LOOKUPS & set(key.split(LOOKUP_SEP)):
                raise IncorrectLookupParameters(f"{key}: pattern lookups are not offered.")
            if any("\x00" in value for value in values):
                raise IncorrectLookupParameters(f"{key}: the value holds a NUL character.")
        try:
            specs, has_filters, remaining, may_have_duplicates, has_active_filters = super().get_filters(request)
        except DisallowedModelAdminLookup as error:  # Django's own refusal is a 400; refuse like any other here
            raise IncorrectLookupParameters(error) from error
        except (ValueError, OverflowError) as error:  # a drill-down to a date Python cannot hold
            raise IncorrectLookupParameters(error) from error
        # What the filters and the drill-down consumed is gone from `remaining`; Django
        # would apply whatever is left as a raw filter on the model.
        undeclared = sorted(set(asked) & set(remaining))
        if undeclared:
            raise IncorrectLookupParameters(f"Not a filter of this list: {', '.join(undeclared)}.")
        self._check_drill_down_bounds(remaining)
        return specs, has_filters, remaining, may_have_duplicates, has_active_filters

    def _check_drill_down_bounds(self, remaining):
        # The drill-down's range is in the site's zone; the database compares in UTC, and a
        # range at either end of what datetime holds would overflow there, at query time.
        for values in remaining.values():
            for value in values:
                if isinstance(value, dt.datetime) and timezone.is_aware(value):
                    try:
                        value.astimezone(dt.UTC)
                    except OverflowError as error:
                        raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            super().get_results(request)
        except (ValueError, OverflowError) as error:
            # A declared filter's value the database driver cannot take (a datetime
            # at the edge of the calendar): the first query, the count, says so.
            raise IncorrectLookupParameters(error) from error


@cache
def _declared_changelist(changelist_class):
    """The given ChangeList class with the allowlist in front (one class per base, made once)."""
    if issubclass(changelist_class, DeclaredLookupsChangeList):
        return changelist_class
    return type(f"Declared{changelist_class.__name__}", (DeclaredLookupsChangeList, changelist_class), {})


class DeclaredLookupsOnly:
    """ModelAdmin mixin: the change list takes only its declared filters, search and drill-down."""

    def lookup_allowed(self, lookup, value, request):
        if REFUSED_LOOKUPS & set(lookup.split(LOOKUP_SEP)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_changelist(self, request, **kwargs):
        return _declared_changelist(super().get_changelist(request, **kwargs))

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.warning(request, REFUSED_MESSAGE)
            raise

    def changelist_view(self, request, extra_context=None):
        if ERROR_FLAG in request.GET and len(request.GET) > 1:
            # Django answers a bad lookup that arrives with "e" already set with its
            # "Something's wrong with your database installation" page. The flag only
            # marks the plain list we redirect to, so drop it: a bad lookup then
            # redirects to that list again, and a good one is simply applied.
            request.GET = request.GET.copy()
            del request.GET[ERROR_FLAG]
        return super().changelist_view(request, extra_context)


def declared_lookups_only(admin_class):
    """admin_class with DeclaredLookupsOnly first in its MRO (itself if it has it already)."""
    if issubclass(admin_class, DeclaredLookupsOnly):
        return admin_class
    return type(admin_class.__name__, (DeclaredLookupsOnly, admin_class), {"__module__": admin_class.__module__})
