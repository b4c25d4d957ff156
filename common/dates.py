"""The dates the portal's records and questions may name: from 2000 to 2100.

Before and after them no strategy runs, and a date far outside them (0001-01-01, 9999-12-31) only overflows
the date arithmetic of forecasts and of expected shares. Projects' and reports' dates, the as-of dates of the
pages, the reports and the API are held to them, and the refusal names the value.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100
FIRST_DATE = datetime.date(FIRST_YEAR, 1, 1)
LAST_DATE = datetime.date(LAST_YEAR, 12, 31)


def validate_date_range(value):
    """A date from FIRST_DATE to LAST_DATE."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationError(
            _("Enter a date from %(first)s to %(last)s, not %(value)s."),
            code="date_range",
            params={"first": FIRST_DATE, "last": LAST_DATE, "value": value},
        )


def validate_not_future(value):
    """An as-of date no later than today: figures of a day still to come are not known, and the expected shares
    and statuses would read as if the whole period had passed."""
    today = timezone.localdate()
    if value > today:
        raise ValidationError(
            _("Figures are known up to today (%(today)s): %(value)s is still to come."),
            code="future",
            params={"today": today, "value": value},
        )


def validate_year(value):
    """A year from FIRST_YEAR to LAST_YEAR: a strategy's start or end year (a typo such as 20290 would make every
    date of the strategy impossible to write)."""
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationError(
            _("Enter a year from %(first)s to %(last)s, not %(value)s."),
            code="year_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR, "value": value},
        )
