"""Inserting many new rows of one model: what `QuerySet.bulk_create` does, with less work per value.

`bulk_create` passes every value of every row through several layers (expressions, `pre_save`, the field's
preparation, checks of related objects); for an import of tens of thousands of rows that is most of the time
its inserts take. `insert` prepares each column once per row with the field's own `get_db_prep_save`, sends
multi-row INSERTs and gives each instance its new key, as `bulk_create` would. Only for new instances that
were built in full (defaults set, related objects saved): the services that create rows in bulk check their
rules before they call it.
"""

from django.db import DEFAULT_DB_ALIAS, connections

from .history import BATCH


def insert(objs, *, batch=BATCH):
    """INSERT the new model instances `objs` (all of one model) in batches; each gets its key. Returns `objs`."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    connection = connections[DEFAULT_DB_ALIAS]  # the connection itself: every value is prepared for it
    meta = model._meta
    if not connection.features.can_return_rows_from_bulk_insert:
        return model.objects.bulk_create(objs, batch_size=batch)
    fields = [f for f in meta.concrete_fields if not (f.primary_key and getattr(objs[0], f.attname) is None)]
    stamped = [field for field in fields if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)]
    related = [field for field in fields if field.is_relation]
    batch = min(batch, connection.ops.bulk_batch_size(fields, objs) or batch)
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) VALUES "
    row_sql = f"({', '.join(['%s'] * len(fields))})"
    returning = f" RETURNING {quote(meta.pk.column)}"
    prepare = [(field.attname, field.get_db_prep_save) for field in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch):
            chunk = objs[start : start + batch]
            params = []
            for obj in chunk:
                for field in related:
                    _take_related_key(obj, field)
                for field in stamped:
                    field.pre_save(obj, add=True)  # created_at, updated_at: set on the instance, as a save would
                params += [prep(getattr(obj, attname), connection) for attname, prep in prepare]
            cursor.execute(head + ", ".join([row_sql] * len(chunk)) + returning, params)
            keys = cursor.fetchall()
            for obj, (key,) in zip(chunk, keys, strict=True):
                setattr(obj, meta.pk.attname, key)
                obj._state.adding = False
                obj._state.db = connection.alias
    return objs


def insert_values(model, names, rows, *, batch=BATCH):
    """INSERT `rows`, tuples of the values of the fields `names`, into `model`'s table, without building instances.

    For rows that need no key back (their history is copied by another column, `copy_to_history(by=...)`); each
    value is prepared by its field as `insert` prepares it; the other fields take their database defaults.
    """
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    batch = min(batch, connection.ops.bulk_batch_size(fields, rows) or batch)
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) VALUES "
    row_sql = f"({', '.join(['%s'] * len(fields))})"
    prepare = [field.get_db_prep_save for field in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = [prep(value, connection) for row in chunk for prep, value in zip(prepare, row, strict=True)]
            cursor.execute(head + ", ".join([row_sql] * len(chunk)), params)


def _take_related_key(obj, field):
    """A foreign key set as an object saved after it was set (`row.project = project`): take its key now."""
    if getattr(obj, field.attname) is None and field.is_cached(obj):
        target = field.get_cached_value(obj)
        if target is not None:
            if target.pk is None:
                raise ValueError(f"{field.name} of a new {type(obj).__name__} is not saved yet.")
            setattr(obj, field.attname, target.pk)
