"""Form fields and validators that every form of the portal shares."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from .formatting import local_decimal_text

NEGATIVE_MESSAGE = _("The figure cannot be negative.")

# The years a question about figures may name: before and after them no strategy runs, and a date far
# outside them (0001-01-01, 9999-12-31) only overflows the date arithmetic of forecasts.
FIRST_YEAR = 2000
LAST_YEAR = 2100
FIRST_DATE = datetime.date(FIRST_YEAR, 1, 1)
LAST_DATE = datetime.date(LAST_YEAR, 12, 31)


def validate_date_range(value):
    """A date a question about figures may name: from FIRST_DATE to LAST_DATE."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationError(
            _("Enter a date from %(first)s to %(last)s, not %(value)s."),
            code="date_range",
            params={"first": FIRST_DATE, "last": LAST_DATE, "value": value},
        )


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
        return None if value in (None, "") else str(value).replace(".", ",")


class LocalDecimalField(forms.DecimalField):
    """Takes 2,5 and 2.5 alike, and 129 850,00 with spaces between thousands."""

    widget = DecimalInput

    def to_python(self, value):
        if isinstance(value, str):
            value = local_decimal_text(value)
        return super().to_python(value)
