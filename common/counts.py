"""The most a count (participants, volunteers, services) may be: far above any VVG's, far below an overflow.

A VVG's area has tens of thousands of people. Without a bound, a typo of nineteen digits passed every check on
SQLite (its integers go to 2⁶³ − 1) and then made every sum of the strategy overflow, so that the public pages
failed; the API's figures, too, have a width. Forms, the admin and the import refuse more, naming the value.
"""

from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

COUNT_LIMIT = 1_000_000

count_limit = MaxValueValidator(
    COUNT_LIMIT, message=_("%(show_value)s is more than a count here can be: at most %(limit_value)s.")
)
