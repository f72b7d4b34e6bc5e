"""The article page's own small relations, read with the article's row instead of a query each.

An article page shows its images, pull quotes, videos, corrections and tags: five
tables, and a prefetch each cost five of the page's thirteen queries, most of
them returning a row or two. Here each relation is one JSON column of the
article's own query (a correlated subquery: SQLite's json_group_array,
PostgreSQL's json_agg), turned back into model instances and put where Django's
prefetch would have put them, so `article.quotes.all()` and the rest read them
with no query, in their models' order.

The values come back through each field's to_python(), as from the database;
SQLite's JSON gives datetimes as stored (UTC, no zone), which are made aware.
The SQL is written once per database and relation, from the models' own tables
and columns: no value from a request is part of it.
"""

import functools
import json

from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from taggit.models import Tag

from .models import Article, ArticleImage, Correction, PullQuote, TaggedArticle, VideoEmbed

# Relation name on Article → the model it shows.
RELATIONS = {
    "images": ArticleImage,
    "quotes": PullQuote,
    "videos": VideoEmbed,
    "corrections": Correction,
    "tags": Tag,
}
COLUMN_PREFIX = "_page_"


def _json_object(vendor, alias, fields):
    pairs = ", ".join(f"'{field.attname}', {alias}.{field.column}" for field in fields)
    return f"json_object({pairs})" if vendor == "sqlite" else f"json_build_object({pairs})"


@functools.cache
def _relation_sql(vendor, name):
    model = RELATIONS[name]
    fields = model._meta.concrete_fields
    aggregate = "json_group_array" if vendor == "sqlite" else "json_agg"
    article = Article._meta.db_table
    row = _json_object(vendor, "shown", fields)
    if name == "tags":
        if vendor != "sqlite":
            # By name in the database's collation, as the prefetch's ORDER BY did; SQLite's is by
            # code point, as unpack() sorts.
            row = f"{row} ORDER BY shown.name"
        link = TaggedArticle._meta
        source = (
            f"{Tag._meta.db_table} shown JOIN {link.db_table} link "
            f"ON link.{link.get_field('tag').column} = shown.id "
            f"WHERE link.{link.get_field('content_object').column} = {article}.id"
        )
    else:
        key = model._meta.get_field("article").column
        source = f"{model._meta.db_table} shown WHERE shown.{key} = {article}.id"
    # Every name above comes from the models' own metadata, fixed in code.
    return f"(SELECT {aggregate}({row}) FROM {source})"  # noqa: S608


def with_page_relations_inline(queryset):
    """Each article row with its images, quotes, videos, corrections and tags as JSON columns."""
    vendor = connections[queryset.db].vendor
    return queryset.annotate(
        **{
            f"{COLUMN_PREFIX}{name}": RawSQL(_relation_sql(vendor, name), (), output_field=models.TextField())  # noqa: S611
            for name in RELATIONS
        }
    )


def _value(field, value):
    value = field.to_python(value)
    if isinstance(field, models.DateTimeField) and value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.UTC)
    return value


def _instances(model, value, using):
    fields = {field.attname: field for field in model._meta.concrete_fields}
    rows = []
    # psycopg hands PostgreSQL's json over decoded; SQLite's is text.
    for values in (json.loads(value) if isinstance(value, str) else value) or []:
        instance = model(**{name: _value(fields[name], value) for name, value in values.items()})
        instance._state.adding = False
        instance._state.db = using
        rows.append(instance)
    return rows


def _ordered(model, rows, ordering):
    ordering = list(ordering) or ["pk"]
    for field in reversed(ordering):
        descending = field.startswith("-")
        attname = "pk" if field.lstrip("-") == "pk" else model._meta.get_field(field.lstrip("-")).attname
        rows.sort(key=lambda row, attname=attname: getattr(row, attname), reverse=descending)
    return rows


def unpack(article):
    """Put each relation read with the row where article.<name>.all() finds it (Django's prefetch cache)."""
    cache = article.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, model in RELATIONS.items():
        column = f"{COLUMN_PREFIX}{name}"
        if column not in article.__dict__:
            continue
        rows = _instances(model, article.__dict__.pop(column), article._state.db)
        if name != "tags":
            rows = _ordered(model, rows, model._meta.ordering)
            for row in rows:
                row.article = article
        elif connections[article._state.db].vendor == "sqlite":
            rows = _ordered(model, rows, ["name"])  # the TaggableManager's order; elsewhere the SQL's
        queryset = getattr(article, name).all()
        queryset._result_cache = rows
        queryset._prefetch_done = True
        cache[name] = queryset
    return article
