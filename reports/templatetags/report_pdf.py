"""Template helpers of the PDF reports: CSS strings for page headers, organisation names, the SVG bar chart."""

from decimal import Decimal

from django import template

register = template.Library()

# The chart's geometry in SVG user units (the SVG is scaled to the page width).
CHART_WIDTH = 600
LABEL_WIDTH = 250
BAR_X = 260
BAR_WIDTH = 270
ROW_HEIGHT = 22
BAR_HEIGHT = 12
LABEL_CHARS = 42


@register.filter
def css_string(value):
    """Text safe inside a double-quoted CSS string (page headers and footers)."""
    text = " ".join(str(value).split())
    return text.replace("\\", "\\\\").replace('"', '\\"')


@register.filter
def organisation_name(organisation, board):
    """The organisation as the report names it: by name for the board, a natural person by its code otherwise."""
    return organisation.name_for(board=board) if organisation else ""


def _shorten(text, length=LABEL_CHARS):
    text = str(text)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@register.inclusion_tag("reports/includes/bar_chart.svg.html")
def bar_chart(indicators, expected=None):
    """A horizontal bar per indicator: achievement against its target (capped at 100 %), with a
    dashed line where the elapsed share of the period says it should be by now."""
    rows = []
    for index, item in enumerate(indicators):
        if item.achievement is None:
            continue
        width = Decimal(BAR_WIDTH) * item.bar_width / 100
        y = 4 + len(rows) * ROW_HEIGHT
        rows.append(
            {
                "item": item,
                "label": _shorten(f"{index + 1}. {item.indicator.display_name}"),
                "y": y,
                "text_y": y + BAR_HEIGHT - 2,
                "width": f"{width:.1f}",
                "value_x": BAR_X + BAR_WIDTH + 6,
            }
        )
    height = 8 + len(rows) * ROW_HEIGHT + 14
    expected_x = None
    if expected is not None:
        expected_x = f"{BAR_X + Decimal(BAR_WIDTH) * min(Decimal(expected), Decimal(100)) / 100:.1f}"
    return {
        "rows": rows,
        "width": CHART_WIDTH,
        "height": height,
        "bar_x": BAR_X,
        "bar_width": BAR_WIDTH,
        "bar_height": BAR_HEIGHT,
        "label_width": LABEL_WIDTH,
        "axis_y": height - 12,
        "axis_label_y": height - 2,
        "bar_end": BAR_X + BAR_WIDTH,
        "bar_middle": BAR_X + BAR_WIDTH // 2,
        "expected_x": expected_x,
    }
