"""Name matching that ignores how a name was romanised or spaced.

"Kim Soo Hyun", "Kim Soo-hyun" and "kim soohyun" are one name to a reader, so
names are compared after folding case and dropping everything that is not a
letter or digit (spaces, hyphens, apostrophes, dots). Hangul is kept as it is.
"""

import difflib
import unicodedata

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

# Keeps one stored name from running into the next, so a query never matches
# across two names; normalise() never produces it.
NAME_SEPARATOR = "|"
_NAME_ARRAY = ArrayField(TextField())


def normalise(text):
    """'Kim Soo-hyun' → 'kimsoohyun'; '김수현' stays '김수현'."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if char.isalnum())


def search_key(*names):
    """Every non-empty name, normalised and joined: what a model stores for matching."""
    keys = []
    for name in names:
        key = normalise(name)
        if key and key not in keys:
            keys.append(key)
    return NAME_SEPARATOR.join(keys)


def query_words(query, limit=8):
    """The normalised words of a reader's query, at most `limit` of them."""
    words = []
    for word in query.split():
        key = normalise(word)
        if key and key not in words:
            words.append(key)
    return words[:limit]


def is_hangul(text):
    return any("\uac00" <= char <= "\ud7a3" for char in text)


def name_runs(query, limit=8):
    """Every way a stored name could appear in the query: each run of consecutive words, joined.

    "Kim Ji-won Queen of Tears" → kim, kimjiwon, kimjiwonqueen, …, queenoftears, tears.
    A Hangul word may carry a particle ("김수현이", "김수현의"), so its prefixes of two or
    more syllables count too. At most `limit` words, so at most a few dozen runs.
    """
    words = query_words(query, limit)
    runs = set()
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            runs.add("".join(words[start:end]))
        word = words[start]
        if is_hangul(word):
            runs.update(word[:length] for length in range(2, len(word)))
    return runs


def names_in(search_key_value):
    """The names a stored search key holds."""
    return [name for name in search_key_value.split(NAME_SEPARATOR) if name]


def closest_name(query, candidates, cutoff=0.75):
    """The candidate (display name, stored search key) whose names are nearest to the query, or None.

    For "Did you mean …?": the query is compared, normalised, with every stored
    spelling; the best ratio at or above cutoff wins (the first of equals). The
    matcher keeps the query's side and tries the two cheap upper bounds of the
    ratio before the ratio itself, as difflib.get_close_matches does: at 5,500
    shows and people the full ratio for every spelling took 190 ms.
    """
    wanted = normalise(query)
    if len(wanted) < 3:
        return None
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(wanted)
    best, best_ratio = None, cutoff
    for display, key in candidates:
        for name in names_in(key):
            matcher.set_seq1(name)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = display, ratio
    return best


# Matching stored search keys in the database (people/search.py, shows/search.py) -------


class SQLiteNameIndex:
    """SQLite: an FTS5 trigram table over one model's stored search keys, kept in step by triggers.

    A trigram index answers "which keys hold this string?" without reading every
    row: at 5,000 people the LIKE scans of named_in() and named_first() took 10 and
    12 ms, against 2 at 50, so the search pages grew with the number of people.
    Each row holds the key between separators (rowid = the model's id), so a phrase
    "|kimsoohyun|" matches a whole stored name and "soo" any part of one.

    Triggers, not receivers, keep it in step: they see bulk_create(), update() and
    raw loads too. A migration that rebuilds the model's table on SQLite drops its
    triggers; tests/test_indexes.py checks they are there after every migration.
    PostgreSQL has GIN indexes instead: on the split names for named_in() (people and
    shows migrations 0004) and pg_trgm's on the keys for named_first() (migrations 0010).
    """

    def __init__(self, table, source_table, key_column):
        self.table, self.source_table, self.key_column = table, source_table, key_column

    def _row(self, alias):
        return f"'{NAME_SEPARATOR}' || {alias}.{self.key_column} || '{NAME_SEPARATOR}'"

    def create_statements(self):
        table, source = self.table, self.source_table
        # Every name here is one of ours, fixed in a migration: none comes from a request.
        insert = f"INSERT INTO {table} (rowid, names) VALUES (new.id, {self._row('new')});"  # noqa: S608
        delete = f"DELETE FROM {table} WHERE rowid = old.id;"  # noqa: S608
        return [
            f"CREATE VIRTUAL TABLE {table} USING fts5(names, tokenize = 'trigram')",
            f"INSERT INTO {table} (rowid, names) SELECT id, {self._row(source)} FROM {source}",  # noqa: S608
            f"CREATE TRIGGER {table}_insert AFTER INSERT ON {source} BEGIN {insert} END",
            f"CREATE TRIGGER {table}_update AFTER UPDATE OF {self.key_column} ON {source} BEGIN {delete} {insert} END",
            f"CREATE TRIGGER {table}_delete AFTER DELETE ON {source} BEGIN {delete} END",
        ]

    def drop_statements(self):
        triggers = [f"DROP TRIGGER IF EXISTS {self.table}_{event}" for event in ("insert", "update", "delete")]
        return [*triggers, f"DROP TABLE IF EXISTS {self.table}"]

    # For RunPython, so a migration names the index and nothing else. Nothing happens off SQLite.

    def create(self, apps, schema_editor):
        self._execute(schema_editor, self.create_statements())

    def drop(self, apps, schema_editor):
        self._execute(schema_editor, self.drop_statements())

    def restore(self, apps, schema_editor):
        """Everything made again, after Django rebuilt the source table (which drops its triggers)."""
        self._execute(schema_editor, [*self.drop_statements(), *self.create_statements()])

    @staticmethod
    def _execute(schema_editor, statements):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    def trigger_names(self):
        return {f"{self.table}_{event}" for event in ("insert", "update", "delete")}

    def ids_matching(self, match):
        """The ids whose keys match an FTS5 query made by _phrases() (never a reader's raw text)."""
        return RawSQL(f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s", [match])  # noqa: S608, S611


class PostgresStatements:
    """SQL a migration runs on PostgreSQL only (its indexes and extensions), as RunPython steps.

    `forwards` and `backwards` are fixed statements written in the migration; SQLite
    has its own indexes (SQLiteNameIndex) and runs nothing here.
    """

    def __init__(self, forwards, backwards):
        self.forwards, self.backwards = list(forwards), list(backwards)

    def apply(self, apps, schema_editor):
        self._execute(schema_editor, self.forwards)

    def undo(self, apps, schema_editor):
        self._execute(schema_editor, self.backwards)

    @staticmethod
    def _execute(schema_editor, statements):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)


def _phrases(strings, joiner):
    # Every string is normalise()d (letters, digits and the separator only), so quoting it is enough.
    return f" {joiner} ".join(f'"{string}"' for string in sorted(strings))


def named_in(queryset, key_field, query, sqlite_index=None):
    """The rows one of whose names in key_field, whole, is a run of the query's words.

    On PostgreSQL the stored key is split into its names and compared with the
    runs as arrays (`&&`), which a GIN index on that split answers (migrations
    people 0004 and shows 0004 create it): a scan of 5,000 people
    testing a LIKE per run took 4 ms, the index 0.1 ms. On SQLite the trigram
    index (SQLiteNameIndex) finds each run between separators. Without either,
    each stored name sits between separators, so a LIKE for a run matches a
    whole name, never part of one.
    """
    runs = name_runs(query)
    if not runs:
        return queryset.none()
    if connection.vendor == "postgresql":
        names = Func(F(key_field), Value(NAME_SEPARATOR), function="string_to_array", output_field=_NAME_ARRAY)
        return queryset.alias(_names=names).filter(_names__overlap=sorted(runs))
    if connection.vendor == "sqlite" and sqlite_index is not None:
        whole = {f"{NAME_SEPARATOR}{run}{NAME_SEPARATOR}" for run in runs}
        return queryset.filter(pk__in=sqlite_index.ids_matching(_phrases(whole, "OR")))
    keyed = queryset.alias(
        _names=Concat(Value(NAME_SEPARATOR), key_field, Value(NAME_SEPARATOR), output_field=TextField())
    )
    condition = Q()
    for run in runs:
        condition |= Q(_names__contains=f"{NAME_SEPARATOR}{run}{NAME_SEPARATOR}")
    return keyed.filter(condition)


# A trigram index finds only strings of three characters or more; shorter words are tested row by row.
TRIGRAM = 3


def named_first(named, queryset, key_field, query, limit, sqlite_index=None):
    """The named rows, then up to `limit` rows of queryset whose key_field holds every word of the query."""
    words = query_words(query)
    if not words:
        return named[:limit]
    if connection.vendor == "sqlite" and sqlite_index is not None:
        indexed = {word for word in words if len(word) >= TRIGRAM}
        if indexed:
            queryset = queryset.filter(pk__in=sqlite_index.ids_matching(_phrases(indexed, "AND")))
            words = [word for word in words if word not in indexed]
    for word in words:
        queryset = queryset.filter(**{f"{key_field}__contains": word})
    return (named + [row for row in queryset[:limit] if row not in named])[:limit]
