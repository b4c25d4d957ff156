"""What every admin page of the portal shares."""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseInlineFormSet

from .forms import MAX_ROWS, CountField, KnownRowsFormSetMixin, LocalDecimalField
from .text import add_text_checks


class KnownRowsInlineFormSet(KnownRowsFormSetMixin, BaseInlineFormSet):
    """An admin inline's rows: those posted as saved must be the page's (see KnownRowsFormSetMixin)."""


class BoundedRowsMixin:
    """An inline takes at most MAX_ROWS rows, as the workspace's row forms do: a request that says it posts a
    million (`…-TOTAL_FORMS`) is refused with the formset's message after building MAX_ROWS rows, not two
    thousand (which held a worker for over five seconds). Its rows posted as saved must be the page's."""

    max_num = MAX_ROWS
    formset = KnownRowsInlineFormSet

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", MAX_ROWS)
        return super().get_formset(request, obj, **kwargs)


class KnownValuesAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete box, shown back after a refused save: a posted value that is not a key at all
    ("x", a NUL) is left out of the lookup of the chosen row, which would fail with a 500, and the field's own
    "select a valid choice" error says what is wrong."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        readable = []
        for item in value:
            try:
                key.to_python(item)
            except ValidationError:
                continue
            if "\x00" not in str(item):
                readable.append(item)
        return super().optgroups(name, readable, attr)


class SafeTextAdminMixin:
    """For a ModelAdmin or an inline: every text box of the admin refuses control characters too, every decimal
    box reads and refuses what the workspace's do (2,5 or 2.5; not "NaN", quoting what was typed), every whole-number
    box too (not ١٢), and an
    autocomplete box shown back after a refused save ignores a posted value that is no key at all."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DecimalField):
            kwargs.setdefault("form_class", LocalDecimalField)
        elif isinstance(db_field, models.IntegerField) and not db_field.choices:
            kwargs.setdefault("form_class", CountField)  # whole numbers as typed: not ١٢, quoting what was typed
        return add_text_checks(super().formfield_for_dbfield(db_field, request, **kwargs))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownValuesAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
