"""Number formats of the portal: `1 200`, `2,5`, `120 %`, `129 850,00 €` in Lithuanian.

Django's own `lt` formats group thousands with a dot (`1.200`), which is not how Lithuanian is written,
so the public pages and the PDFs format figures through these filters instead.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.numberformat import format as number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

NBSP = "\u00a0"


def _separators():
    if get_language() == "en":
        return ".", ","
    return ",", NBSP


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_number(value, decimals=None):
    """`1 200`, `2,5`, `0,25`: trailing zeros of a fraction dropped unless `decimals` is given."""
    number = _decimal(value)
    if number is None:
        return ""
    if decimals is None:
        number = number.normalize() if number == number.to_integral_value() else number
        text = format(number, "f")
        decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
        if decimals == 0:
            number = number.to_integral_value()
    decimal_sep, thousand_sep = _separators()
    return number_format(
        number, decimal_sep, decimal_pos=decimals, grouping=3, thousand_sep=thousand_sep, force_grouping=True
    )


@register.filter
def num(value, decimals=None):
    """A figure as people read it: `1 200`, `2,5`."""
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value):
    """A percentage rounded to a whole number: `120 %` (`120%` in English)."""
    number = _decimal(value)
    if number is None:
        return ""
    text = format_number(number.quantize(Decimal("1")), 0)
    return f"{text}%" if get_language() == "en" else f"{text}{NBSP}%"


@register.filter
def money(value):
    """Euros with cents: `129 850,00 €` (`€129,850.00` in English)."""
    number = _decimal(value)
    if number is None:
        return ""
    text = format_number(number, 2)
    return f"€{text}" if get_language() == "en" else f"{text}{NBSP}€"


@register.filter
def target_display(indicator):
    """An indicator's target in words: `ne mažiau kaip 360`, `6–7`, `apie 1 000`, `17`; empty with none."""
    if indicator is None or indicator.target is None:
        return ""
    value = format_number(indicator.target)
    kind = indicator.target_kind
    if kind == "range" and indicator.target_max is not None:
        return f"{value}–{format_number(indicator.target_max)}"
    if kind == "at_least":
        return _("at least %(value)s") % {"value": value}
    if kind == "about":
        return _("about %(value)s") % {"value": value}
    return value


_STATUS_CLASSES = {
    # indicator progress
    "achieved": "success",
    "on_track": "info",
    "behind": "warning",
    "not_started": "secondary",
    "no_target": "light",
    "exceeded": "success",
    # project status
    "planned": "light",
    "selected": "info",
    "contract_signed": "info",
    "in_progress": "primary",
    "completed": "success",
    "terminated": "dark",
}


@register.filter
def status_class(status):
    """The Bootstrap colour of a status (`success`, `warning`…); the status is always written out too."""
    return _STATUS_CLASSES.get(status, "secondary")


@register.filter
def heading(depth, top=2):
    """The heading level (2–6) of a tree node at `depth` when the tree's top level is `top`."""
    top = 2 if top in (None, "") else int(top)
    return max(1, min(int(depth) + top, 6))


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or None: for the figures that projects_achieved returns by project id."""
    return mapping.get(key) if mapping else None


@register.filter
def startswith(text, prefix):
    """Whether `text` begins with `prefix`: marks the menu item of the section a page is in."""
    return bool(prefix) and str(text).startswith(str(prefix))


@register.filter
def page_numbers(page):
    """The page numbers to link from `page`: its neighbours and both ends, with ellipses between."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
