"""Rows read with the related rows a page shows, as JSON columns of their own query.

A detail page shows its row and several related tables (an article's images,
quotes and shows; a show's episodes and cast). A query or a prefetch for each
was most of a page's queries; here each is one JSON column of the row's own
query (correlated subqueries: SQLite's json_group_array and json_object,
PostgreSQL's json_agg and json_build_object), turned back into model instances
and put where Django's prefetch would have put them, so `row.<name>.all()` reads
them with no query, in the order the page wants. A related row a field points
at (a show's network, an availability's service) is set on the field, as
select_related would.

The values come back through each field's to_python(), as from the database;
SQLite's JSON gives datetimes as stored (UTC, no zone), which are made aware.
Each column arrives as JSON text on both databases, so a page can key what it
renders by what it read (publicpages/composed.py). The SQL is written once per
database from the models' own tables and columns: no value from a request is
part of it. The apps say which relations their pages read (articles and shows
each have a page_relations.py).
"""

import functools
import json
from dataclasses import dataclass

from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.utils import timezone

COLUMN_PREFIX = "_page_"


@dataclass(frozen=True)
class Related:
    """Rows of `model` shown with each row of the table above, as JSON.

    `where` joins them to that row: SQL with {row} (this table's alias) and {parent}
    (the one above), plus `join` for a link table ({link} is its alias). `order` is
    the order the page wants (field names, '-' for descending; a dotted name reads a
    nested row): in SQL on PostgreSQL, which sorts by its own collation, and in
    Python on SQLite, whose BINARY collation is Python's own order.
    """

    key: str
    model: type
    where: str
    order: tuple = ()
    many: bool = True
    join: str = ""
    nested: tuple = ()


def _link(through, row_column, article_column):
    meta = through._meta
    return (
        f"JOIN {meta.db_table} {{link}} ON {{link}}.{meta.get_field(row_column).column} = {{row}}.id",
        f"{{link}}.{meta.get_field(article_column).column} = {{parent}}.id",
    )


def link(through, row_column, parent_column):
    """(join, where) for rows reached through a link table, for Related(join=..., where=...)."""
    meta = through._meta
    return (
        f"JOIN {meta.db_table} {{link}} ON {{link}}.{meta.get_field(row_column).column} = {{row}}.id",
        f"{{link}}.{meta.get_field(parent_column).column} = {{parent}}.id",
    )


# Every table and column name in the SQL below comes from the models' own metadata, fixed in code;
# no value from a request is part of it.


def _sql_order(relation, alias):
    parts = []
    for name in relation.order:
        field = relation.model._meta.get_field(name.lstrip("-").split(".")[0])
        if "." in name:  # a nested row's column: the nested row's own subquery, by its key
            nested = next(n for n in relation.nested if n.key == field.name)
            column = name.split(".")[1]
            target = nested.model._meta
            column_sql = (
                f"(SELECT n.{target.get_field(column).column} FROM {target.db_table} n "  # noqa: S608
                f"WHERE n.id = {alias}.{field.column})"
            )
        else:
            column_sql = f"{alias}.{field.column}"
        # Empty values first, as SQLite and unpack()'s own sort put them (PostgreSQL's default is the reverse).
        parts.append(f"{column_sql} {'DESC NULLS LAST' if name.startswith('-') else 'ASC NULLS FIRST'}")
    return ", ".join(parts)


def _relation_sql(vendor, relation, parent, depth=0):
    alias = f"{relation.key}_{depth}"
    pairs = [f"'{field.attname}', {alias}.{field.column}" for field in relation.model._meta.concrete_fields]
    pairs += [f"'{nested.key}', {_relation_sql(vendor, nested, alias, depth + 1)}" for nested in relation.nested]
    row = f"json_object({', '.join(pairs)})" if vendor == "sqlite" else f"json_build_object({', '.join(pairs)})"
    link = f"{alias}_link"
    source = (
        f"{relation.model._meta.db_table} {alias} {relation.join.format(row=alias, link=link)} "
        f"WHERE {relation.where.format(row=alias, parent=parent, link=link)}"
    )
    if not relation.many:
        value = f"(SELECT {row} FROM {source})"  # noqa: S608
    elif vendor == "sqlite":
        value = f"(SELECT json_group_array({row}) FROM {source})"  # noqa: S608
    else:
        order = f" ORDER BY {_sql_order(relation, alias)}" if relation.order else ""
        value = f"(SELECT COALESCE(json_agg({row}{order}), '[]'::json) FROM {source})"  # noqa: S608
    if depth and vendor == "sqlite":
        # A subquery's JSON comes back as text: json() makes it JSON again inside its parent.
        value = f"json({value})"
    return value


class RelatedColumns:
    """The relations a page reads with its model's rows: annotate() a queryset, unpack() each row it gives.

    `apart` names relations put on the row as a plain list attribute (`row.<name>`) rather than where a
    manager finds them: rows no manager of the model reaches (the parts an article's people play).
    """

    def __init__(self, model, relations, apart=()):
        self.model = model
        self.relations = relations
        self.apart = set(apart)

    @functools.cache  # noqa: B019 -- a handful of module-level instances, for the process's life
    def _column_sql(self, vendor, key):
        relation = next(r for r in self.relations if r.key == key)
        sql = _relation_sql(vendor, relation, self.model._meta.db_table)
        # Text on both databases (psycopg would decode json), so a page can key its copy by it.
        return sql if vendor == "sqlite" else f"({sql})::text"

    def annotate(self, queryset):
        """Each row with every relation as a JSON column (unpack() turns them into instances)."""
        vendor = connections[queryset.db].vendor
        return queryset.annotate(
            **{
                f"{COLUMN_PREFIX}{relation.key}": RawSQL(self._column_sql(vendor, relation.key), ())  # noqa: S611
                for relation in self.relations
            }
        )

    def unpack(self, row, only=None):
        """Turn the JSON columns read with the row into instances where the page finds them.

        only: the relations to unpack now (the rest stay as read, for a later unpack()).
        """
        using = row._state.db
        sort = connections[using].vendor == "sqlite"
        for relation in self.relations:
            column = f"{COLUMN_PREFIX}{relation.key}"
            if column not in row.__dict__ or (only is not None and relation.key not in only):
                continue
            raw = row.__dict__.pop(column)
            values = json.loads(raw) if isinstance(raw, str) else raw
            found = _instances(relation, values if values is not None else ([] if relation.many else None), using, sort)
            if relation.key in self.apart:
                setattr(row, relation.key, found)
            elif not relation.many:
                setattr(row, relation.key, found[0] if found else None)
            else:
                _point_back(row, found)
                _prefetched(row, relation.key, found, relation.model)
        return row

    def ids(self, row, key):
        """The ids of a relation's rows, from its JSON column as read (no instances) or once unpacked."""
        column = f"{COLUMN_PREFIX}{key}"
        if column not in row.__dict__:
            return [instance.pk for instance in getattr(row, key).all()]
        raw = row.__dict__[column]
        return [item["id"] for item in (json.loads(raw) if isinstance(raw, str) else raw) or []]


def _point_back(row, found):
    """Rows with a foreign key to the row's model get it set, as a prefetch through that key would."""
    for instance in found:
        for field in instance._meta.concrete_fields:
            if field.is_relation and field.related_model is type(row) and getattr(instance, field.attname) == row.pk:
                setattr(instance, field.name, row)


def _value(field, value):
    value = field.to_python(value)
    if isinstance(field, models.DateTimeField) and value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.UTC)
    return value


def _sort_key(name):
    path = name.lstrip("-").split(".")

    def key(row):
        value = row
        for part in path:
            value = getattr(value, part)
        # None sorts first, as NULLs do in SQLite
        return (value is not None, value)

    return key


def _instances(relation, values, using, sort):
    fields = {field.attname: field for field in relation.model._meta.concrete_fields}
    rows = []
    for item in values if relation.many else [values]:
        if item is None:
            continue
        nested = {n.key: item.pop(n.key) for n in relation.nested}
        instance = relation.model(**{name: _value(fields[name], value) for name, value in item.items()})
        instance._state.adding = False
        instance._state.db = using
        for n in relation.nested:
            found = _instances(n, nested[n.key], using, sort)
            if n.many:
                _prefetched(instance, n.key, found, n.model)
            else:
                setattr(instance, n.key, found[0] if found else None)
        rows.append(instance)
    if sort and relation.many:
        for name in reversed(relation.order):
            rows.sort(key=_sort_key(name), reverse=name.startswith("-"))
    return rows


def _prefetched(instance, name, rows, model):
    """Put rows where Django's prefetch would, so instance.<name>.all() reads them with no query.

    A related manager hands back what it finds there as it is; building the manager's own
    filtered queryset only to replace its rows cost a tenth of a millisecond a page.
    """
    queryset = models.QuerySet(model=model)
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
