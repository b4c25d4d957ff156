"""Figures written and read the Lithuanian way: `1 200`, `2,5`, `120 %`, `129 850,00 €`.

Django's own `lt` formats group thousands with a dot (`1.200`), which is not how Lithuanian is written,
so the pages, the PDFs and the history format figures through these functions.
"""

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.numberformat import format as number_format
from django.utils.translation import get_language

NBSP = "\u00a0"


def _separators():
    if get_language() == "en":
        return ".", ","
    return ",", NBSP


def as_decimal(value):
    """`value` as a Decimal, or None when it is empty or not a number."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def round_half_up(number, decimals=0):
    """`number` (a Decimal) to `decimals` places, a half rounded up: 62,5 → 63, 349,91 → 350."""
    try:
        return number.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    except InvalidOperation:  # too many digits to round: as it is
        return number


def format_number(value, decimals=None):
    """`1 200`, `2,5`, `0,25`: trailing zeros of a fraction dropped unless `decimals` is given."""
    if value is None or value == "":
        return ""
    try:
        return _format_once(value, decimals, *_separators())
    except TypeError:  # not hashable: formatted without the memory
        return _format(value, decimals, *_separators())


def format_money(value):
    """Euros with cents: `129 850,00 €` (`€129,850.00` in English); empty for no amount."""
    number = as_decimal(value)
    if number is None:
        return ""
    text = format_number(number, 2)
    return f"€{text}" if get_language() == "en" else f"{text}{NBSP}€"


# A page of a large strategy writes the same few thousand figures many times (in the text, in the bar's
# label): each distinct figure is formatted once per process. Numbers that compare equal (1, 1.0,
# Decimal("1.00")) are written alike, so the cache may treat them as one.
@functools.lru_cache(maxsize=65536)
def _format_once(value, decimals, decimal_sep, thousand_sep):
    return _format(value, decimals, decimal_sep, thousand_sep)


def _format(value, decimals, decimal_sep, thousand_sep):
    number = as_decimal(value)
    if number is None:
        return ""
    if decimals is None:
        number = number.normalize() if number == number.to_integral_value() else number
        text = format(number, "f")
        decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
        if decimals == 0:
            number = number.to_integral_value()
    else:  # rounded half up, as a person rounds (Django's number_format would cut the digits off)
        number = round_half_up(number, decimals)
    return number_format(
        number, decimal_sep, decimal_pos=decimals, grouping=3, thousand_sep=thousand_sep, force_grouping=True
    )


def local_decimal_text(text):
    """The text of a decimal typed the Lithuanian way, ready for `Decimal`: `1 200,50` → `1200.50`.

    Spaces (also non-breaking ones, which spreadsheets put between thousands) are dropped and a decimal
    comma becomes a point; `2.5` passes unchanged.
    """
    return "".join(str(text).split()).replace("\u00a0", "").replace(",", ".")


# A figure as a person types it: digits, perhaps a sign and a fraction. Not `1e5` (a slip, not 100 000), `NaN`,
# `Infinity`, nor digits of other scripts, all of which Python's Decimal would take.
PLAIN_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def typed_decimal(text):
    """The Decimal of a figure typed the Lithuanian way (`1 200,50`, `2,5`, `2.5`); None when it is not one."""
    cleaned = local_decimal_text(text)
    return Decimal(cleaned) if PLAIN_DECIMAL.fullmatch(cleaned) else None
