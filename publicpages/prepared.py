"""Querysets compiled to SQL once per process, then run again with new values: the public pages' hottest reads.

Building a queryset and compiling it costs Django a few tenths of a millisecond
per query (more with select_related, annotations and filtered relations), which
is most of a page's time once the database answers from its indexes. A page
that runs the same shape of query on every request (an article by its slug,
four cards by id) compiles it once:

    live_article = Prepared(lambda slug, now: Article.objects.published(now=now).filter(slug=slug),
                            slug=str, now=datetime)
    found = live_article(slug="queen-of-tears", now=timezone.now())   # a list of Articles

The builder is called once with stand-ins, values no request would send, which
are then found among the compiled query's parameters; each call puts its own
values, made ready for the database as the field would make them, in their
places. Rows become instances through Django's own ModelIterable, handed the
compiled SQL, and prefetch_related() lookups run as usual. A value the builder
does not pass on to the SQL is an error at compile time, not a silently
ignored filter. The result is a list: a queryset that could be filtered further
would run the old SQL.
"""

import copy
import datetime as dt

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models
from django.utils import timezone

_STAND_IN_TIME = dt.datetime(1901, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
_FIELDS = {
    str: models.TextField(),
    int: models.BigIntegerField(),
    dt.datetime: models.DateTimeField(),
    dt.date: models.DateField(),
}


def _stand_in(kind, number):
    """A value of kind that no request sends, distinct for each number."""
    if kind is str:
        return f"\x00prepared stand-in {number}\x00"
    if kind is int:
        return -7_319_000_000_000 - number
    if kind is dt.datetime:
        return _STAND_IN_TIME + dt.timedelta(microseconds=number + 1)
    if kind is dt.date:
        return (_STAND_IN_TIME + dt.timedelta(days=number + 1)).date()
    raise ImproperlyConfigured(f"Prepared queries take str, int, datetime and date values, not {kind!r}.")


def _for_database(kind, value, connection):
    """The value as the ORM puts it among a query's parameters (a time in UTC as text on SQLite, say)."""
    if kind is dt.datetime and timezone.is_naive(value):
        raise ValueError("Prepared queries take aware datetimes.")
    return _FIELDS[kind].get_db_prep_value(value, connection, prepared=False)


class Prepared:
    """A queryset shape compiled once per process; calling it runs it with the given values."""

    def __init__(self, build, **kinds):
        self.build = build
        self.kinds = kinds
        self._compiled = None

    def _compile(self):
        stand_ins = {name: _stand_in(kind, number) for number, (name, kind) in enumerate(self.kinds.items())}
        queryset = self.build(**stand_ins)
        connection = connections[queryset.db]
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        wanted = {name: _for_database(self.kinds[name], value, connection) for name, value in stand_ins.items()}
        slots = [
            (index, name)
            for index, param in enumerate(params)
            for name, value in wanted.items()
            if type(param) is type(value) and param == value
        ]
        if unused := set(self.kinds) - {name for _, name in slots}:
            raise ImproperlyConfigured(f"The prepared query never uses {sorted(unused)}: its builder dropped them.")
        self._compiled = (queryset, compiler, sql, tuple(params), slots)
        return self._compiled

    def __call__(self, **values):
        queryset, compiler, sql, params, slots = self._compiled or self._compile()
        connection = connections[queryset.db]
        run_params = list(params)
        for index, name in slots:
            run_params[index] = _for_database(self.kinds[name], values[name], connection)
        ready = copy.copy(compiler)
        ready.connection = connection  # this thread's
        ready.as_sql = lambda *args, **kwargs: (sql, run_params)
        run = queryset._chain()
        run.query.get_compiler = lambda *args, **kwargs: ready
        return list(run)
