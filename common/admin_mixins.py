"""What every admin page of the portal shares."""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet

from .forms import MAX_ROWS, KnownRowsFormSetMixin


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


def known_values_autocomplete(form_field):
    """`form_field` with the admin's autocomplete box (if it has one) made a KnownValuesAutocompleteSelect."""
    widget = getattr(form_field, "widget", None)
    inner = getattr(widget, "widget", widget)
    if type(inner) is AutocompleteSelect:
        inner.__class__ = KnownValuesAutocompleteSelect
    return form_field
