"""A database constraint's refusal as a message people can act on: in the active language, naming the field.

Forms and the import check the rules first; the database refuses only what slipped between the check and the
write (two requests at the same moment). Its own words (`duplicate key value violates unique constraint
"project_code_unique"`) mean nothing to the staff, so they never reach the page.
"""

import logging
import re

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w., ]+)")


def _field_label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _with_field(model, fields, message):
    # "Period from", not "Project, period from": the row's own link says nothing to the person typing.
    own = [name for name in fields if not model._meta.get_field(name).is_relation]
    fields = own or fields
    if fields:
        labels = ", ".join(str(_field_label(model, name)) for name in fields)
        return _("%(field)s: %(message)s") % {"field": labels, "message": message}
    return str(message)


def constraint_message(error, extra=None):
    """The message for an IntegrityError; `extra` maps constraints the models do not declare to messages."""
    text = str(error)
    for name, message in (extra or {}).items():
        if name in text:
            return str(message)
    sqlite_columns = set()
    match = _SQLITE_UNIQUE.search(text)
    if match:
        sqlite_columns = {column.strip() for column in match.group(1).split(",")}
    for model in apps.get_models():
        table = model._meta.db_table
        for constraint in model._meta.constraints:
            fields = list(getattr(constraint, "fields", ()) or ())
            columns = {f"{table}.{model._meta.get_field(name).column}" for name in fields}
            if re.search(rf"\b{re.escape(constraint.name)}\b", text) or (columns and columns == sqlite_columns):
                return _with_field(model, fields, constraint.get_violation_error_message())
        for model_field in model._meta.concrete_fields:
            if not model_field.unique or model_field.primary_key:
                continue
            if sqlite_columns == {f"{table}.{model_field.column}"} or f"{table}_{model_field.column}_" in text:
                message = model_field.error_messages["unique"] % {
                    "model_name": capfirst(model._meta.verbose_name),
                    "field_label": model_field.verbose_name,
                }
                return _with_field(model, [model_field.name], message)
    logger.warning("A database constraint without a message refused a write: %s", text)
    return _("The change breaks a rule of the database and was not saved. Check the values and try again.")
