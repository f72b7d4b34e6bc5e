"""Pagination that never counts the whole table.

Django's Paginator asks COUNT(*) of the full queryset to know the number of
pages; over 100,000 live articles that is a scan on every listing page, and it
grows with the archive. Readers page newest-first with “Newer” and “Older”
links, which need only to know whether one more row exists: UncountedPaginator
fetches one row past the page. The page says “Page N”, not “of M”.

A list that must not be empty (allow_empty = False: a tag or author with
nothing published has no page) learns it from the first page's own query,
not from a separate EXISTS: that saves a query, and an EXISTS without the
list's order lets PostgreSQL scan a whole table in physical order hoping to
meet a match early, which is slow when the matches are all at the end.
"""

from collections.abc import Sequence

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404

# The deepest page a listing serves: 200,000 articles at 20 a page, more than a reader
# pages through (crawlers have the sitemaps). Past it is a 404 without a query, so an
# offset the database cannot hold (?page=461168601842738792) never reaches it.
MAX_PAGE = 10_000


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, has_more):
        super().__init__(object_list, number, paginator)
        self._has_more = has_more

    def has_next(self):
        return self._has_more

    def start_index(self):
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0


class UncountedPaginator(Paginator):
    """Pages of per_page rows, found with LIMIT per_page + 1 and no COUNT(*)."""

    counted = False

    def validate_number(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number > MAX_PAGE:
            raise EmptyPage(f"Listings stop at page {MAX_PAGE:,}")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list[bottom : bottom + self.per_page + 1]
        if not isinstance(rows, Sequence):
            # A queryset's slice is read once, here. A prepared listing's rows stay as read
            # (publicpages.prepared.RowsAsRead): a page kept by them never makes instances.
            rows = list(rows)
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage("That page contains no results")
        return UncountedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)

    @property
    def count(self):
        raise TypeError("UncountedPaginator does not count; use page.has_next().")

    @property
    def num_pages(self):
        raise TypeError("UncountedPaginator does not count; use page.has_next().")


class UncountedListMixin:
    """For ListViews: pages with UncountedPaginator; “?page=last” has no meaning here, so 404."""

    paginator_class = UncountedPaginator

    def get(self, request, *args, **kwargs):
        if self.get_allow_empty() or self.get_paginate_by(None) is None:
            return super().get(request, *args, **kwargs)
        # ListView would ask EXISTS first; an empty first page is a 404 from paginate_queryset instead.
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data())

    def paginate_queryset(self, queryset, page_size):
        if (self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg)) == "last":
            raise Http404("This list is not counted, so it has no “last” page.")
        return super().paginate_queryset(queryset, page_size)
