"""Admin change lists that stay fast on big tables: counting and the date drill-down.

Django's change list asks its paginator for COUNT(*) of the filtered rows on
every page load; at 100,000 articles that count is most of the page's time.
EstimatedCountPaginator counts at most COUNT_CAP rows exactly (a bounded
query) and, past that, on PostgreSQL takes the planner's row estimate instead
of scanning: the list says “about N” (the paginator's `estimated` flag) and
every page is still reachable. SQLite sites are small, so they count exactly.

The date drill-down (date_hierarchy) asks for the distinct years, then months,
of every row: a scan of the table. RangeDateHierarchyMixin lists the years and
months between the first and last date instead (two index lookups); a period
with no rows can appear, and choosing it shows an empty list. Days, within one
month, are still the real distinct days.
"""

import datetime as dt
import json

from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class EstimatedCountPaginator(Paginator):
    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return queryset.count()
        capped = queryset.order_by()[: COUNT_CAP + 1].count()
        if capped <= COUNT_CAP:
            return capped
        self.estimated = True
        return max(COUNT_CAP + 1, _planner_estimate(queryset))


def _planner_estimate(queryset):
    """Rows PostgreSQL expects the query to return (from table statistics, no scan)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class _PeriodsFromRange:
    """QuerySet mixin: datetimes(field, "year" or "month") from MIN and MAX, not DISTINCT over every row."""

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None, **kwargs):
        if kind not in ("year", "month"):
            return super().datetimes(field_name, kind, order, tzinfo, **kwargs)
        bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        first, last = (timezone.localtime(bounds[key], tzinfo) for key in ("first", "last"))
        periods, year, month = [], first.year, first.month if kind == "month" else 1
        while (year, month) <= (last.year, last.month if kind == "month" else 1):
            periods.append(dt.datetime(year, month, 1, tzinfo=first.tzinfo))
            year, month = (year, month + 1) if kind == "month" and month < 12 else (year + 1, 1)
        return periods if order == "ASC" else periods[::-1]


class RangeDateHierarchyChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        # The date_hierarchy template tag reads cl.queryset.datetimes(); only it changes.
        queryset.__class__ = type(f"Ranged{queryset.__class__.__name__}", (_PeriodsFromRange, queryset.__class__), {})
        return queryset


class BigListMixin:
    """For a ModelAdmin over a big table: estimated counts and a date drill-down without scans."""

    paginator = EstimatedCountPaginator
    # The “(N total)” link would COUNT(*) the whole table on every page load.
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return RangeDateHierarchyChangeList
