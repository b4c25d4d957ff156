"""Small charts drawn on the server as SVG: no JavaScript, no chart library, the same in pages and PDFs.

The figures come from `progress.calculation`; this module only places them on a drawing.
"""

from decimal import Decimal

from django import template

from common.formatting import format_number

register = template.Library()

# A drawing 480 units wide: its 13-unit text stays readable when a phone scales it to 340 px.
WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 18, 40


def nice_ceiling(value):
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value` (at least 1): a round top for an axis."""
    value = max(Decimal(value), Decimal(1))
    power = Decimal(1)
    while power * 10 <= value:
        power *= 10
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if power * step >= value:
            return power * step
    return power * 10


@register.inclusion_tag("includes/participants_chart.svg.html")
def participants_chart(progress, title=""):
    """Participants counted up to the end of each approved report's period, against the number planned.

    `progress` is a ProjectProgress; nothing is drawn without an approved report.
    """
    periods = [period for period in progress.periods if period.report.period_end]
    if not periods:
        return {"points": None}
    start = min(progress.project.start_date or periods[0].report.period_start, periods[0].report.period_start)
    end = max(progress.project.end_date or periods[-1].report.period_end, periods[-1].report.period_end)
    days = max((end - start).days, 1)
    planned = progress.participants.planned
    top = nice_ceiling(max([Decimal(p.cumulative_participants) for p in periods] + [planned or Decimal(0)]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day):
        return round(LEFT + plot_w * (day - start).days / days, 1)

    def y(value):
        return round(TOP + plot_h * (1 - float(Decimal(value) / top)), 1)

    points = [{"x": x(start), "y": y(0), "label": "", "date": start}]
    for period in periods:
        points.append(
            {
                "x": x(period.report.period_end),
                "y": y(period.cumulative_participants),
                "label": format_number(period.cumulative_participants),
                "date": period.report.period_end,
            }
        )
    ticks = [{"y": y(value), "label": format_number(value)} for value in (0, top / 2, top)]
    return {
        "title": title,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "points": points,
        "line": " ".join(f"{p['x']},{p['y']}" for p in points),
        "ticks": ticks,
        "planned_y": y(planned) if planned else None,
        "planned_label": format_number(planned) if planned else "",
        "today_x": x(progress.as_of) if start < progress.as_of < end else None,
        "start": start,
        "end": end,
        "date_y": HEIGHT - BOTTOM + 18,
    }
