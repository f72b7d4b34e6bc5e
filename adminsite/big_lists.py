"""Admin change lists that stay fast on big tables: counting and the date drill-down.

Django's change list asks its paginator for COUNT(*) of the filtered rows on
every page load; at 100,000 articles that count is most of the page's time.
EstimatedCountPaginator counts at most COUNT_CAP (1,000) rows exactly (a bounded
query) and, past that, on PostgreSQL takes the planner's row estimate instead
of scanning: the list says “about N” (the paginator's `estimated` flag) and
every page is still reachable. Past the cap on SQLite (small sites), it counts.

The date drill-down (date_hierarchy) asks for the distinct years, months or
days of every row in the list: a scan of the table. RangeDateHierarchyChangeList
lists every period between the first and last date instead (MIN and MAX, two
index lookups); a period with no rows can appear, and choosing it shows an
empty list.
"""

import datetime as dt
import json

from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.functional import cached_property

COUNT_CAP = 1_000


class EstimatedCountPaginator(Paginator):
    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        capped = queryset.order_by()[: COUNT_CAP + 1].count()
        if capped <= COUNT_CAP:
            return capped
        if connections[queryset.db].vendor != "postgresql":
            return queryset.count()
        self.estimated = True
        return max(COUNT_CAP + 1, _planner_estimate(queryset))


def _planner_estimate(queryset):
    """Rows PostgreSQL expects the query to return (from table statistics, no scan)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


# A stored time this close to either end of what datetime holds would overflow when
# moved to local time (a row written in the shell for 9999-12-31): the drill-down
# treats it as the edge of the calendar instead of failing.
CALENDAR_MARGIN = dt.timedelta(days=2)
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC) + CALENDAR_MARGIN
LATEST = dt.datetime.max.replace(tzinfo=dt.UTC) - CALENDAR_MARGIN


class _PeriodsFromRange:
    """QuerySet mixin: datetimes(field, year/month/day) from MIN and MAX, not DISTINCT over every row."""

    def aggregate(self, *args, **kwargs):
        # The date_hierarchy tag asks for MIN and MAX, then moves them to local time.
        found = super().aggregate(*args, **kwargs)
        return {name: _within_calendar(value) for name, value in found.items()}

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None, **kwargs):
        if kind not in ("year", "month", "day"):
            return super().datetimes(field_name, kind, order, tzinfo, **kwargs)
        bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        first, last = (timezone.localtime(bounds[key], tzinfo) for key in ("first", "last"))
        periods, current = [], _start_of(first, kind)
        while current is not None and current <= last:
            periods.append(current)
            current = _next(current, kind)
        return periods if order == "ASC" else periods[::-1]


def _within_calendar(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return min(max(value, EARLIEST), LATEST)
    return value


def _start_of(moment, kind):
    moment = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if kind == "day":
        return moment
    return moment.replace(day=1) if kind == "month" else moment.replace(month=1, day=1)


def _next(moment, kind):
    """The start of the following period, or None past the last year datetime holds."""
    try:
        if kind == "day":
            return moment + dt.timedelta(days=1)  # zoneinfo adds in wall-clock time: the next midnight
        if kind == "month":
            return moment.replace(year=moment.year + moment.month // 12, month=moment.month % 12 + 1)
        return moment.replace(year=moment.year + 1)
    except (OverflowError, ValueError):
        return None


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
