"""Bulk loading into PostgreSQL: COPY pre-formatted rows, with the tables' indexes and constraints set aside.

Rebuilding an index once is far cheaper than updating it row by row, and Django's deferred
foreign keys would otherwise queue one check per row until commit. Everything is put back,
exactly as it was defined, before the seed finishes.
"""

import json
from contextlib import contextmanager
from datetime import date, datetime

from django.db import connection, models

CHUNK_LINES = 20_000
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value).translate(_ESCAPES)
    if hasattr(value, "obj"):  # psycopg's Jsonb wrapper, from JSONField.get_db_prep_save
        return json.dumps(value.obj).translate(_ESCAPES)
    return str(value).translate(_ESCAPES)


def _default_for(field, now):
    """What a column holds when the seed gives no value: the field's default, as Django would save it."""
    if field.has_default():
        value = field.get_default()
        return value if isinstance(value, dict | list) else field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
        return now
    if field.null:
        return None
    if field.blank and isinstance(field, models.CharField | models.TextField):
        return ""
    raise ValueError(f"The seed has no value for {field.model.__name__}.{field.name}; add it to benchmarks/seed.py")


def copy_lines(model, attnames: list[str], lines, now) -> int:
    """COPY lines (values for `attnames`, already in COPY text format, tab-separated); other columns get defaults."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    unknown = [name for name in attnames if name not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {unknown}")
    missing = [f for name, f in fields.items() if name not in attnames]
    suffix = "".join("\t" + copy_text(_default_for(f, now)) for f in missing) + "\n"
    columns = ", ".join(connection.ops.quote_name(fields[name].column) for name in attnames)
    columns += "".join(", " + connection.ops.quote_name(f.column) for f in missing)
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    chunk: list[str] = []
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for line in lines:
            chunk.append(line + suffix)
            count += 1
            if len(chunk) >= CHUNK_LINES:
                copy.write("".join(chunk))
                chunk.clear()
        if chunk:
            copy.write("".join(chunk))
    return count


@contextmanager
def indexes_set_aside(*models_to_load):
    """Drop the tables' secondary indexes, unique and foreign-key constraints; recreate them afterwards."""
    tables = [m._meta.db_table for m in models_to_load]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # tables with pending deferred checks cannot be altered
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u')", [tables])
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [tables])
        indexes = cursor.fetchall()
        for table, name, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        # Unique constraints first: foreign keys elsewhere may depend on them.
        for table, name, definition in sorted(constraints, key=lambda c: not c[2].startswith("UNIQUE")):
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def reset_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
