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

import contextlib
import copy
import datetime as dt
import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models
from django.db.models.sql.constants import MULTI
from django.utils import timezone
from django.utils.hashable import make_hashable

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


def _as_given(kind, value, connection):
    return value


def _as_stored(kind, value, connection):
    """The value as a field makes it ready for the database (a time in UTC as text on SQLite, say)."""
    return _FIELDS[kind].get_db_prep_value(value, connection, prepared=False)


# How the ORM may have put a value among a query's parameters: lookups on times and dates
# make them ready for the database; others pass ints and strings as they are.
_FORMS = (_as_given, _as_stored)


# A listing compiles one shape per page it is asked for (LIMIT and OFFSET are in the SQL); past
# this many, the least recent ones are compiled again when asked for.
MAX_SLICES = 64


class Prepared:
    """A queryset shape compiled once per process; calling it runs it with the given values.

    keep_plan=True: on PostgreSQL, let the database keep the query's plan too (a
    prepared statement, see _planned_once), for queries whose best plan does not
    depend on the values (a row by its slug, rows by id). keep_plan="always": and use
    that plan even where PostgreSQL would rather plan each run, for a query measured
    to run as fast with it for every value (a listing, for the rarest tag and the
    busiest): it costs two more round trips a run, to set that for this query alone.
    """

    def __init__(self, build, *, keep_plan=False, **kinds):
        self.build = build
        self.keep_plan = keep_plan
        self.kinds = kinds
        self._compiled = None
        self._converters = weakref.WeakKeyDictionary()
        self._slices = OrderedDict()
        self._slices_lock = threading.Lock()

    def sliced(self, start, stop):
        """The same query cut to rows start to stop, prepared in its turn (a page of a listing)."""
        key = (start, stop)
        with self._slices_lock:  # a threaded server's requests share it
            prepared = self._slices.get(key)
            if prepared is None:
                prepared = self._slices[key] = Prepared(
                    lambda **values: self.build(**values)[start:stop], keep_plan=self.keep_plan, **self.kinds
                )
                while len(self._slices) > MAX_SLICES:
                    self._slices.popitem(last=False)
            else:
                self._slices.move_to_end(key)
        return prepared

    def listing(self, **values):
        """These values, for a paginator to slice as it would slice the queryset (see Listing)."""
        return Listing(self, values)

    def _compile(self):
        stand_ins = {name: _stand_in(kind, number) for number, (name, kind) in enumerate(self.kinds.items())}
        queryset = self.build(**stand_ins)
        connection = connections[queryset.db]
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        slots = []
        for index, param in enumerate(params):
            for name, value in stand_ins.items():
                form = next(
                    (
                        form
                        for form in _FORMS
                        if type(made := form(self.kinds[name], value, connection)) is type(param) and made == param
                    ),
                    None,
                )
                if form is not None:
                    slots.append((index, name, form))
        if unused := set(self.kinds) - {name for _, name, _ in slots}:
            raise ImproperlyConfigured(f"The prepared query never uses {sorted(unused)}: its builder dropped them.")
        # {field: its column's place in a row}, for the model fields selected once (None: twice, ambiguous).
        self._columns = {}
        for place, (expression, _, _) in enumerate(compiler.select[0 : compiler.col_count]):
            if (field := getattr(expression, "target", None)) is not None:
                self._columns[field] = None if field in self._columns else place
        self._compiled = (queryset, compiler, sql, tuple(params), slots)
        return self._compiled

    def __call__(self, **values):
        """The rows for these values, as model instances (a list)."""
        return self.as_read(**values).instances()

    def as_read(self, **values):
        """The rows for these values as the database returned them (RowsAsRead), made instances only when used."""
        queryset, ready = self._ready(values)
        if not self.keep_plan:
            chunks = ready.execute_sql(MULTI)
        else:
            with _planned_once(ready.connection, always=self.keep_plan == "always"):
                chunks = ready.execute_sql(MULTI)
        return RowsAsRead([row for chunk in chunks for row in chunk], queryset, ready, self._columns)

    def _ready(self, values):
        """The queryset and a compiler of it that gives the compiled SQL with these values in their places."""
        queryset, compiler, sql, params, slots = self._compiled or self._compile()
        connection = connections[queryset.db]
        for name, value in values.items():
            if self.kinds[name] is dt.datetime and timezone.is_naive(value):
                raise ValueError("Prepared queries take aware datetimes.")
        run_params = list(params)
        for index, name, form in slots:
            run_params[index] = form(self.kinds[name], values[name], connection)
        ready = copy.copy(compiler)
        ready.connection = connection  # this thread's
        ready.as_sql = lambda *args, **kwargs: (sql, run_params)
        # The same columns every time: their converters are worked out once per connection too.
        converters = self._converters.get(connection)
        if converters is None:
            converters = self._converters[connection] = ready.get_converters(
                [column[0] for column in ready.select[0 : ready.col_count]]
            )
        ready.get_converters = lambda expressions: converters
        return queryset, ready


class RowsAsRead(Sequence):
    """A prepared query's rows as the database returned them; model instances are made the first time one is used.

    A page kept by what it shows (publicpages/composed.py) can be keyed by the
    rows themselves (key): when the page is already kept, no instance is ever
    made, and making them was most of a listing's time once its query was fast.
    Slicing keeps the rows as read; anything else (iterating, indexing) gives instances.
    """

    def __init__(self, rows, queryset, compiler, columns, made=None):
        self.rows = rows
        self._queryset = queryset
        self._compiler = compiler
        self._columns = columns
        self._made = made

    @property
    def key(self):
        """The rows as one hashable value: equal exactly when the database returned the same values."""
        rows = tuple(self.rows)
        try:
            hash(rows)
        except TypeError:
            return make_hashable(rows)
        return rows

    def column(self, field):
        """Each row's value of a model field, as read; KeyError if the query does not select it exactly once."""
        place = self._columns.get(field)
        if place is None:
            raise KeyError(f"The query selects {field} {'twice' if field in self._columns else 'nowhere'}.")
        return [row[place] for row in self.rows]

    def instances(self):
        """The rows as model instances, made once, through Django's own iterable (prefetches included)."""
        if self._made is None:
            ready = copy.copy(self._compiler)
            ready.execute_sql = lambda *args, **kwargs: [self.rows]  # the rows read, not a second query
            run = self._queryset._chain()
            run.query.get_compiler = lambda *args, **kwargs: ready
            self._made = list(run)
        return self._made

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            made = None if self._made is None else self._made[index]
            return RowsAsRead(self.rows[index], self._queryset, self._compiler, self._columns, made)
        return self.instances()[index]

    def __iter__(self):
        return iter(self.instances())


@contextlib.contextmanager
def _planned_once(connection, always=False):
    """On PostgreSQL with server-side binding, let the database keep the query's plan (a prepared statement).

    Planning these queries cost PostgreSQL more than running them (1.4 against 0.7 ms
    for the article page's). psycopg prepares a statement on its first run when the
    connection's threshold is 0; every other query keeps Django's setting (never).
    The two settings are session commands of their own, outside Django's cursor.
    """
    if connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get("server_side_binding"):
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    if always:
        # A rare tag's list and the busiest's run in 0.7 and 0.5 ms with the kept plan, where
        # PostgreSQL, left to choose, went on planning the busiest tag's list for each request
        # (1.5 ms). For this query only: search must be planned for its words.
        with connection.wrap_database_errors:  # an outage is Django's OperationalError, as for any query
            raw.execute("SET plan_cache_mode = force_generic_plan")
    threshold, raw.prepare_threshold = raw.prepare_threshold, 0
    try:
        yield
    finally:
        raw.prepare_threshold = threshold
        if always:
            # A failed transaction rolls the setting back by itself, and a broken connection is closed.
            with contextlib.suppress(Exception):
                raw.execute("RESET plan_cache_mode")


class Listing:
    """A prepared query and its values, which a paginator slices (``listing[20:41]``) as it would a queryset."""

    def __init__(self, prepared, values):
        self.prepared = prepared
        self.values = values

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("A prepared listing is read a page at a time: listing[start:stop].")
        return self.prepared.sliced(index.start or 0, index.stop).as_read(**self.values)
