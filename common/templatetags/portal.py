"""The portal's template filters: figures as people read them (see `common.formatting`), statuses, pages."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.formatting import NBSP, as_decimal, format_money, format_number
from common.markdown import render_markdown

register = template.Library()


@register.filter
def num(value, decimals=None):
    """A figure as people read it: `1 200`, `2,5`."""
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value):
    """A percentage rounded to a whole number: `120 %` (`120%` in English)."""
    number = as_decimal(value)
    if number is None:
        return ""
    text = format_number(number, 0)
    return f"{text}%" if get_language() == "en" else f"{text}{NBSP}%"


@register.filter
def money(value):
    """Euros with cents: `129 850,00 €` (`€129,850.00` in English)."""
    return format_money(value)


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


# One colour for each status on every page and in every PDF (the PDF stylesheet copies these Bootstrap colours).
_STATUS_CLASSES = {
    # indicator progress (and a project's figures against its plan)
    "achieved": "success",
    "on_track": "info",
    "behind": "danger",
    "not_started": "secondary",
    "late_start": "warning",  # not started, a quarter of the period gone
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
# Bootstrap 5.3's colours, for what is drawn outside its stylesheet (the PDFs' SVG charts).
_CLASS_COLOURS = {
    "success": "#198754",
    "info": "#0dcaf0",
    "danger": "#dc3545",
    "warning": "#ffc107",
    "secondary": "#6c757d",
    "light": "#e9ecef",
    "primary": "#0d6efd",
    "dark": "#212529",
}


@register.filter
def status_class(status):
    """The Bootstrap colour of a status (`success`, `warning`…); the status is always written out too."""
    return _STATUS_CLASSES.get(status, "secondary")


@register.filter
def status_colour(status):
    """The colour of a status as a hex value, the same as `status_class` gives the pages."""
    return _CLASS_COLOURS[status_class(status)]


@register.filter
def sub(value, other):
    """`value - other`: the width of a range's band between two positions."""
    return as_decimal(value) - as_decimal(other)


@register.filter
def marked(text):
    """A Localized text, wrapped in `<span lang="lt">` when its language is not the page's (see common.i18n)."""
    lang = getattr(text, "lang", None)
    if lang and text and lang != (get_language() or "lt")[:2]:
        return format_html('<span lang="{}">{}</span>', lang, text)
    return text


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


@register.filter
def markdown(text):
    """Staff-written Markdown as safe HTML (common.markdown); Lithuanian on an English page gets `lang="lt"`."""
    html = render_markdown(text)
    lang = getattr(text, "lang", None)
    if lang and text and lang != (get_language() or "lt")[:2]:
        return format_html('<div lang="{}">{}</div>', lang, html)
    return html


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form, *formsets, saves=True):
    """Above a form sent back with errors: the form's own errors (a stale save, an overlapping period), then each
    field's error with the field's name, linked to the field, in a box focused when the page opens, so that a
    long form's errors are seen first (keyboard and screen reader alike) and counted together. The summary is the
    one place a form's own errors show: `templates/bootstrap5/errors.html` leaves them out of the form.
    `saves=False` for a form that only asks (the board's report): its heading then does not speak of saving.
    """
    items = []

    def add(form, prefix=""):
        for field in form:
            for error in field.errors:
                items.append({"anchor": field.auto_id, "label": f"{prefix}{field.label}", "error": error})

    if form is not None:
        items.extend({"anchor": "", "label": "", "error": error} for error in form.non_field_errors())
        add(form)
    for formset in formsets:
        section = getattr(formset, "section", "")  # the rows' heading on the page: "Partners"
        for error in formset.non_form_errors():
            items.append({"anchor": "", "label": f"{section}: " if section else "", "error": error})
        for number, row in enumerate(formset.forms, start=1):
            if section:
                label = _("%(section)s, row %(number)s") % {"section": section, "number": number}
            else:
                label = _("Row %(number)s") % {"number": number}
            for error in row.non_field_errors():
                items.append({"anchor": "", "label": f"{label}: ", "error": error})
            add(row, f"{label} · ")
    return {"items": items, "saves": saves}
