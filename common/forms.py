"""Form fields and validators that every form of the portal shares."""

import re
import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .formatting import PLAIN_DECIMAL, local_decimal_text

NEGATIVE_MESSAGE = _("The figure cannot be negative (%(value)s).")

MISSING_VERSION = _(
    "The page did not say which version you read, so saving could overwrite someone else's newer change. "
    "Nothing was saved: open the page again and repeat your change."
)


def require_version(form):
    """A form saving an existing row must carry the version its page was read at (the hidden `version` field).

    Without it the compare-and-swap has nothing to compare: the save would overwrite whatever is saved now. A
    version that is not a number says the same, above the form: the field is hidden, so its own error would not show.
    """
    if form.errors.pop("version", None) is not None or (form.instance.pk and form.cleaned_data.get("version") is None):
        form.add_error(None, ValidationError(MISSING_VERSION, code="missing_version"))


def page_version_field(message):
    """The hidden, required version of the row a page showed; `message` when it is missing or not a number."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages=dict.fromkeys(("required", "invalid", "min_value"), message),
    )


class DeleteForm(forms.Form):
    """A delete confirmed on a page: the version of the row the page showed, so that a row changed since is kept."""

    version = page_version_field(
        _("The page did not say which version it showed, so nothing was deleted. Open the page again.")
    )

    def refusal(self):
        """The message of an invalid form (the version missing or not a number)."""
        return self.errors["version"][0]


class VersionedForm(forms.ModelForm):
    """Carries the version of the row the page was read at: saving over someone else's change is refused.

    A form that creates a row of a model with a `submission` key carries a new key too: the same form sent twice
    (a double click, a reload after a slow answer) creates one row, and the second answer leads to it.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        if not self.instance.pk and hasattr(self.instance, "submission"):
            # added here, not declared: the admin lists a form's declared fields as the model's
            self.fields["submission"] = forms.UUIDField(
                widget=forms.HiddenInput, required=False, initial=None if self.is_bound else uuid.uuid4()
            )

    def clean(self):
        cleaned = super().clean()
        require_version(self)
        if cleaned.get("submission"):
            self.instance.submission = cleaned["submission"]
        return cleaned


def rebased_form(form_class, data, current, **kwargs):
    """A refused stale form again: what the user typed (`data`), now based on the saved row `current` and its
    version, so saving it again replaces the saved version. Bound and checked, so the page shows its errors."""
    data = data.copy()
    data["version"] = current.version
    form = form_class(data, instance=current, **kwargs)
    form.is_valid()
    return form


UNKNOWN_ROW = _(
    "Row %(row)s (record “%(value)s”) is no longer among this page's rows: someone deleted it since the page was "
    "opened, or it belongs elsewhere. Nothing was saved: open the page again and repeat your change."
)


# The most rows a row form (milestones, partners, target groups; an admin inline) takes. A VVG's longest list,
# a strategy's milestones, holds a few dozen; past this a form that says it posts more is refused at once.
MAX_ROWS = 200
ROW_LIMITS = {"max_num": MAX_ROWS, "absolute_max": MAX_ROWS, "validate_max": True}


ALTERED_ROWS = _(
    "The form's count of saved rows was altered (%(value)s): nothing was saved. Open the page again and repeat "
    "your change."
)


class KnownRowsFormSetMixin:
    """For model formsets: every row posted as a saved one must be one of the rows the page showed.

    Django drops a row whose record is not in the formset's rows without a word (the page says "saved"), or refuses
    it on the hidden id field, which the page does not show. This says which row, once, above the rows.
    """

    def get_unique_error_message(self, unique_check):
        """Two rows for the same thing, in the fields' own names (Django's names the database columns)."""
        parent = getattr(getattr(self, "fk", None), "name", None)  # an inline's rows all share their parent
        names = [str(self.model._meta.get_field(name).verbose_name) for name in unique_check if name != parent]
        return _("Two rows give the same %(fields)s: keep one.") % {"fields": ", ".join(names)}

    def get_form_error(self):
        return _("This row repeats another.")

    def clean(self):
        super().clean()
        initial = self.management_form.cleaned_data.get("INITIAL_FORMS", 0)
        if initial < 0:  # a page never sends it: the saved rows would be taken for new ones, and saved twice
            raise ValidationError(ALTERED_ROWS, code="altered_rows", params={"value": initial})
        name = self.model._meta.pk.name
        for number, form in enumerate(self.initial_forms, start=1):
            if form.instance.pk is None:
                posted = form.data.get(form.add_prefix(name), "")
                raise ValidationError(UNKNOWN_ROW, code="unknown_row", params={"row": number, "value": posted})


def non_negative(form, names):
    """Fields `names` of `form` refuse negative values with our message (not Django's generic one)."""
    for name in names:
        field = form.fields[name]
        field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator)]
        field.validators.append(MinValueValidator(0, message=NEGATIVE_MESSAGE))
        field.widget.attrs["min"] = 0


class DecimalInput(forms.TextInput):
    """A decimal shown the Lithuanian way, 2,5, without grouping so that it reads back unchanged."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        """`150` for the saved 150.00 (no cents a person would not type), `1200,50` and `2,25` as saved; what was
        typed, as is."""
        if value in (None, ""):
            return None
        if isinstance(value, str):  # typed (and refused): shown exactly as typed
            return value
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        return str(value).replace(".", ",")


class QuotesWhatWasTyped:
    """A number field whose "not a number" error names what was typed: `Enter a number, not “abc”.`"""

    not_a_number = _("Enter a number, not “%(value)s”.")
    plain = PLAIN_DECIMAL  # what `prepare` must leave of a typed figure: digits as a person types them

    def prepare(self, value):
        """What the field reads of the typed text (as is here)."""
        return value

    def to_python(self, value):
        # not `1e5`, `NaN` nor ١٢ or １２, all of which Python's Decimal and int() would read
        if isinstance(value, str) and value.strip() and not self.plain.fullmatch(self.prepare(value)):
            raise self._refusal(value)
        try:
            number = super().to_python(self.prepare(value))
        except ValidationError as error:
            if error.code != "invalid":
                raise
            raise self._refusal(value) from None
        # "NaN", "Infinity", "sNaN" read as decimals; a signalling NaN would even fail `has_changed`'s comparison
        if isinstance(number, Decimal) and not number.is_finite():
            raise self._refusal(value)
        return number

    def _refusal(self, value):
        typed = str(value).strip()
        typed = typed if len(typed) <= 40 else f"{typed[:40]}…"
        return ValidationError(self.not_a_number, code="invalid", params={"value": typed})


class LocalDecimalField(QuotesWhatWasTyped, forms.DecimalField):
    """Takes 2,5 and 2.5 alike, and 129 850,00 with spaces between thousands."""

    widget = DecimalInput

    def prepare(self, value):
        return local_decimal_text(value) if isinstance(value, str) else value


class CountField(QuotesWhatWasTyped, forms.IntegerField):
    """A count of people, projects or events: a whole number, with spaces between thousands if typed so
    (`1 000`); "2,5" or "abc" is refused naming it."""

    not_a_number = _("Enter a whole number, not “%(value)s”.")
    plain = re.compile(r"[+-]?[0-9]+")

    def prepare(self, value):
        return "".join(value.split()) if isinstance(value, str) else value


class LongSelect(forms.Select):
    """A select written in one pass: for lists that grow with the data (every action, every organisation) and
    for the public list's other filters, which every request of the list renders.

    Django's `Select` builds a dict and renders a template for each option; with hundreds of options that is
    most of a page's time. This one writes the same `<option>` elements in one pass.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(option)}"{" selected" if str(option) in selected else ""}>{escape(label)}</option>'
            for option, label in self.choices
        )
        # as Django's attrs.html writes them: in order, True as a bare name, False left out
        attributes = "".join(
            f" {key}" if value is True else f' {key}="{escape(value)}"'
            for key, value in self.build_attrs(self.attrs, attrs).items()
            if value is not False
        )
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')
