"""History rows of many saved rows at once: one INSERT … SELECT per batch instead of one object per row.

django-simple-history's `bulk_history_create` builds a historical model instance for every row and inserts them
through `bulk_create`; for an import of tens of thousands of rows most of the time goes there. `copy_to_history`
writes the same rows — every tracked column as the table holds it, the date, the user, the change reason and the
type — by letting the database copy them from the table the rows were just written to.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

BATCH = 2000  # keys per statement


def copy_to_history(model, pks, *, user, reason, date=None, history_type="+", overrides=None, by=None, batch=BATCH):
    """A history row for each row of `pks` (in key order), as `bulk_history_create` would write for those rows.

    `overrides` {field name: value} writes those columns with the value instead of the table's: an earlier state
    of rows that went through several steps in one go (a report's draft before it was submitted and approved).
    `by`: the field `pks` are values of, when not the key (the breakdown rows of these reports: `by="report"`).
    """
    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    connection = connections[DEFAULT_DB_ALIAS]
    overrides = overrides or {}
    quote = connection.ops.quote_name
    columns, selected, constants = [], [], []
    for field in history.tracked_fields:
        columns.append(quote(history._meta.get_field(field.name).column))
        if field.name in overrides:
            selected.append("%s")
            constants.append(field.get_db_prep_save(overrides[field.name], connection))
        else:
            selected.append(quote(field.column))
    extra = {
        "history_date": date or timezone.now(),
        "history_change_reason": reason,
        "history_type": history_type,
        "history_user": getattr(user, "pk", user),
    }
    for name, value in extra.items():
        field = history._meta.get_field(name)
        columns.append(quote(field.column))
        selected.append("%s")
        constants.append(field.get_db_prep_save(value, connection))
    key = quote(model._meta.pk.column)
    match = quote(model._meta.get_field(by).column) if by else key
    head = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(selected)} FROM {quote(model._meta.db_table)} WHERE {match} IN "
    )
    keys = sorted(pks)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), batch):
            chunk = keys[start : start + batch]
            cursor.execute(f"{head}({', '.join(['%s'] * len(chunk))}) ORDER BY {key}", [*constants, *chunk])


def last_change(instance):
    """(who, when) of the latest recorded change of `instance`, for a message about a conflict."""
    record = type(instance).history.filter(id=instance.pk).select_related("history_user").order_by("-history_date")
    record = record.first()
    if record is None:
        return None, None
    return record.history_user, record.history_date


def stale_context(instance):
    """What the notice on a refused stale save shows (`includes/stale_notice.html`): who saved last, and when."""
    who, when = last_change(instance)
    return {"who": who, "when": when, "object": instance}
