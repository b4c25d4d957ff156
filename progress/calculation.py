"""Progress against targets: the one calculation behind every page, export and PDF.

CONTRACT (pages, exports and PDFs are written against these names; keep them stable):

    strategy_progress(strategy, as_of=None) -> StrategyProgress
        The whole tree at once, with a fixed number of queries whatever the data size: for every
        indicator its target, what the selected projects plan, what has been achieved, the milestones;
        for every node and the strategy their money (planned, contracted, paid).
    strategy_years(strategy, as_of=None) -> YearTable
        The same figures year by year (the indicator performance tracking table), in the same queries.
    project_progress(project, as_of=None) -> ProjectProgress
        One project's planned figures against its approved reports.
    report_against_plan(report) -> list[PlanCheck]
        A project's totals with a report about to be approved counted too, against its plan (for the approver).
    projects_achieved(projects, as_of=None) -> dict[project_id, Figures]
        Approved figures of many projects in one query (for lists and tables).
    projects_at_a_glance(projects, as_of=None) -> dict[project_id, ProjectGlance]
        The same, with each project's participants against its plan and its status: for project cards.

Only approved reports whose period ended on or before `as_of` (default: today) count
(`ProgressReport.objects.counting`). In the figures of a node or a strategy, reports of terminated projects do
not count either (a project's own page still shows them). The database does the sums per node; Python only
adds them up over the tree.

Counted projects (`Project.objects.counted()`, the selected operations) are the ones whose planned figures
are "planned by projects" and whose grants are "contracted". For a figure at a date (a projects-counted
indicator, the money contracted by then) a counted project counts from its start date; one without a start
date counts from the beginning.

`strategy_progress` and `strategy_years` take at most 9 queries: nodes, indicators, manual values, milestones,
project sums per node and report sums per node always; breakdown sums and planned participants per node and
target group when an indicator counts a target group; the latest reported values per project when an
indicator is a reported stock. The figures at earlier dates (passed milestones, year ends) come from the same
queries, grouped by date. The count depends on the kinds of indicators a strategy has, never on the number of
nodes, projects, reports or years.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.formatting import format_number
from participants.models import ProgressReport, ReportBreakdown
from projects.models import Project, ProjectTargetGroup, planned_target_groups
from strategies.models import Indicator, ManualValue, Milestone, Node, Strategy, TargetGroup

ACHIEVED = "achieved"
ON_TRACK = "on_track"
BEHIND = "behind"
NOT_STARTED = "not_started"
NO_TARGET = "no_target"
# Not a status of its own but how "not started" is shown once a quarter of the period has passed: a warning.
LATE_START = "late_start"

STATUS_LABELS = {
    ACHIEVED: _("achieved"),
    ON_TRACK: _("on track"),
    BEHIND: _("behind"),
    NOT_STARTED: _("not started"),
    NO_TARGET: _("no target"),
    LATE_START: _("not started, late"),
}

_HUNDRED = Decimal("100")

# An indicator is on track while its achievement is at least this share of the time elapsed:
# 75 % lets a project-driven figure lag the calendar a little (reports come in after each period).
ON_TRACK_SHARE = Decimal("0.75")

# An "about" target counts as exceeded only beyond this margin above it (1 200 against about 1 000 is).
ABOUT_MARGIN = Decimal("0.10")

# Nothing achieved once this % of the period has passed is shown as a warning, not as a neutral "not started":
# a quarter of the way in, a project or a target should show its first approved figures.
LATE_START_SHARE = Decimal("25")


def status_rule():
    """The status rule in words, in the active language, with the thresholds above written in."""
    share = ON_TRACK_SHARE * _HUNDRED
    rule = gettext(
        "Achieved: the achieved value reached the target (for a range, its minimum). "
        "On track: at least %(share)s%% of the share of the period elapsed has been achieved "
        "(e.g. halfway through the period, at least %(half)s%% of the target). "
        "Behind: less than that, or short of the target once the period is over. Not started: nothing achieved yet; "
        "shown as a warning (not started, late) once %(late)s%% of the period has passed. "
        "Exceeded: above the target (a range: above its maximum; an approximate target: more than %(margin)s%% "
        "above it). Only approved progress reports whose period has ended count."
    ) % {
        "share": format_number(share),
        "half": format_number(share / 2),
        "late": format_number(LATE_START_SHARE),
        "margin": format_number(ABOUT_MARGIN * _HUNDRED),
    }
    return f"{rule} {milestone_rule()}"


def milestone_rule():
    """How milestones, money and projects planned are judged, in words, with the thresholds written in."""
    return gettext(
        "Where milestones are set, the value expected at a date runs in straight lines from 0 at the start "
        "through each milestone to the target at the end, and on track means at least %(share)s%% of that "
        "expected value; a milestone whose date has passed is met when the value achieved by that date reached "
        "it. Money contracted (grants of the selected projects) and paid (by their approved reports) are judged "
        "as shares of the planned budget by the same rule, along the strategy's money milestones when set. "
        "Planned by projects: what the selected projects (selected, contract signed, in progress or completed) "
        "plan together; a mark shows where they plan less than the target."
    ) % {"share": format_number(ON_TRACK_SHARE * _HUNDRED)}


def shown_status(status, expected):
    """The status as pages and PDFs show it: "not started" becomes LATE_START once LATE_START_SHARE has passed."""
    if status == NOT_STARTED and expected is not None and expected >= LATE_START_SHARE:
        return LATE_START
    return status


class ShownStatus:
    """`shown_status` and its label for a figure with a `status` and an `expected` share of time elapsed."""

    @property
    def shown_status(self):
        """The status to colour and name: LATE_START for "not started" a quarter of the way in."""
        return shown_status(self.status, self.expected)

    @property
    def status_label(self):
        return STATUS_LABELS[self.shown_status]


FIGURES = ProgressReport.FIGURES
_DECIMAL_FIGURES = ("jobs_created", "jobs_retained", "spent")
_TENTH = Decimal("0.1")
# Shares (%) are kept to four places and rounded once, where they are shown: a tenth first, then a whole number,
# would make 21,47 % read 22 %.
_SHARE = Decimal("0.0001")
_HUNDREDTH = Decimal("0.01")


@dataclass
class Figures:
    """Sums of approved report figures (flows) for one project or node; zeros when nothing is reported."""

    participants: int = 0
    volunteers: int = 0
    jobs_created: Decimal = Decimal("0.00")  # to the hundredth, as `from_row` gives them: the same text either way
    jobs_retained: Decimal = Decimal("0.00")
    services: int = 0
    spent: Decimal = Decimal("0.00")
    reports: int = 0

    def __add__(self, other):
        return Figures(**{name: getattr(self, name) + getattr(other, name) for name in (*FIGURES, "reports")})

    @classmethod
    def from_row(cls, row):
        """Figures from a `values()` row of Sum annotations (None, when nothing was summed, becomes 0)."""
        values = {}
        for name in (*FIGURES, "reports"):
            value = row.get(name)
            if name in _DECIMAL_FIGURES:
                values[name] = Decimal(value or 0).quantize(_HUNDREDTH)
            else:
                values[name] = int(value or 0)
        return cls(**values)

    @classmethod
    def of_reports(cls, reports):
        """Figures summed from report objects, as `from_row` takes them from SQL: a figure no report gives is 0."""
        row = {name: sum(getattr(report, name) or 0 for report in reports) for name in FIGURES}
        return cls.from_row(row | {"reports": len(reports)})


@dataclass
class ManualEntry:
    """A value the VVG entered by hand, shown beside the figure it makes."""

    date: date
    value: Decimal
    note: str


@dataclass
class MilestoneProgress:
    """A milestone and, once its date has come, the value achieved by that date."""

    date: date
    value: Decimal
    note: str = ""
    due: bool = False  # its date is on or before the as-of date
    achieved: Decimal | None = None  # achieved by its date; None until it is due
    reached_early: bool = False  # not due yet, and the value as of the as-of date already reaches it

    @property
    def met(self):
        """True or False once due; None before."""
        return None if not self.due else self.achieved >= self.value


@dataclass
class KeptByHand:
    """Where the figures of a part of the strategy are entered by hand: the node (None: the strategy itself)."""

    level_name: str = ""
    code: str = ""

    @property
    def at_strategy(self):
        return not self.code


@dataclass
class IndicatorProgress(ShownStatus):
    indicator: Indicator
    achieved: Decimal  # 0 when nothing counted yet
    achievement: Decimal | None  # % of the target (a range: of its minimum); None with no target or a target of 0
    expected: Decimal  # % of the target expected by as_of: the share of the period elapsed, or the milestone path
    status: str  # one of ACHIEVED, ON_TRACK, BEHIND, NOT_STARTED, NO_TARGET
    exceeded: bool  # above the target (a range: above its maximum)
    forecast: Decimal | None  # the value at the end date at the pace so far; None when it cannot be told
    planned: Decimal | None = None  # planned by the counted projects; None when none of them states it
    plannable: bool = False  # projects plan this figure (participants, volunteers, jobs, grants, projects)
    expected_value: Decimal | None = None  # the value expected by as_of (with a target)
    milestones: list = field(default_factory=list)  # [MilestoneProgress], by date
    manual_entries: list = field(default_factory=list)  # [ManualEntry] that make the achieved value

    @property
    def bar_width(self):
        """The achievement capped at 100, for drawing a bar."""
        return min(self.achievement or Decimal("0"), Decimal("100"))

    @property
    def planned_share(self):
        """Planned by projects as a % of the target (a range: of its minimum)."""
        return _percent(self.planned, self.indicator.target) if self.planned is not None else None

    @property
    def planned_short(self):
        """The selected projects plan less than the target: a gap the next call must fill."""
        target = self.indicator.target
        return bool(target) and self.planned is not None and self.planned < target

    @property
    def bullet(self):
        """Where the bullet chart draws the achieved bar and its markers; None without a target."""
        return bullet(self.indicator, self.achieved, self.expected)


@dataclass
class Bullet:
    """A bullet chart's positions, each a % of the chart's width: the scale runs from 0 to the larger of the
    target (a range: its maximum) and the achieved value, so the target is always in view."""

    achieved: Decimal  # the bar's length
    target: Decimal  # the target's marker (a range: its minimum)
    target_max: Decimal | None  # a range's maximum; the band between the two is the range
    expected: Decimal  # the expected marker: the share of the target the time elapsed calls for
    expected_value: Decimal  # that share in the indicator's unit


def bullet(indicator, achieved, expected):
    if indicator.target is None or indicator.target <= 0:
        return None
    is_range = indicator.target_kind == Indicator.TargetKind.RANGE and indicator.target_max is not None
    top = indicator.target_max if is_range else indicator.target
    scale = max(Decimal(top), Decimal(achieved))
    expected_value = Decimal(indicator.target) * min(Decimal(expected), _HUNDRED) / _HUNDRED

    def position(value):
        return (Decimal(value) * _HUNDRED / scale).quantize(_TENTH, ROUND_HALF_UP)

    return Bullet(
        achieved=position(achieved),
        target=position(indicator.target),
        target_max=position(top) if is_range else None,
        expected=position(expected_value),
        expected_value=expected_value.quantize(_TENTH, ROUND_HALF_UP),
    )


@dataclass
class Money:
    """The money of a node or a strategy, over one set of projects: the counted ones (selected operations)."""

    planned: Decimal | None = None  # the node's or the strategy's planned budget
    committed_grant: Decimal = Decimal("0")  # contracted: grants of the counted projects
    committed_cost: Decimal = Decimal("0")  # their total eligible cost
    spent: Decimal = Decimal("0")  # paid: money spent by their counting reports
    expected: Decimal | None = None  # % of the planned budget expected by as_of (elapsed share or money path)
    period_over: bool = False
    milestones: list = field(default_factory=list)  # [MilestoneProgress] of the strategy's money (paid)
    grants_unknown: bool = False  # there are selected projects, and none of them states its grant

    @property
    def spent_share(self):
        """Spent as a % of the committed grants, to a tenth; None when nothing is committed."""
        return _percent(self.spent, self.committed_grant)

    @property
    def contracted_share(self):
        """Contracted (grants) as a % of the planned budget; None without a budget."""
        return _percent(self.committed_grant, self.planned)

    @property
    def paid_share(self):
        """Paid as a % of the planned budget; None without a budget."""
        return _percent(self.spent, self.planned)

    @property
    def contracted_status(self):
        return status_for(self.contracted_share, self.expected or Decimal("0"), self.period_over)

    @property
    def paid_status(self):
        return status_for(self.paid_share, self.expected or Decimal("0"), self.period_over)

    @property
    def contracted_status_label(self):
        return STATUS_LABELS[self.contracted_status]

    @property
    def paid_status_label(self):
        return STATUS_LABELS[self.paid_status]


@dataclass
class NodeProgress:
    node: Node
    indicators: list[IndicatorProgress]
    children: list["NodeProgress"] = field(default_factory=list)
    project_count: int = 0  # public projects under this node and its descendants
    figures: Figures = field(default_factory=Figures)  # approved figures under this node and its descendants
    counted_project_count: int = 0  # of those, the ones that count at the as-of date: selected or later, started
    money: Money = field(default_factory=Money)
    status_counts: list = field(default_factory=list)  # [(status label, projects)] in the order of Project.Status
    kept_by_hand: KeptByHand | None = None  # set when this node, one above it or the strategy has manual values

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class StrategyProgress:
    strategy: Strategy
    as_of: date
    expected: Decimal
    indicators: list[IndicatorProgress]  # those on the strategy itself
    roots: list[NodeProgress]
    project_count: int = 0
    figures: Figures = field(default_factory=Figures)
    counted_project_count: int = 0
    money: Money = field(default_factory=Money)
    status_counts: list = field(default_factory=list)  # [(status label, projects)] in the order of Project.Status
    kept_by_hand: KeptByHand | None = None  # the strategy's own indicators are entered by hand
    # The nodes' headline indicators when no node was built (home); else they are read off the tree.
    node_headline: list[IndicatorProgress] | None = None

    def nodes(self):
        """Every NodeProgress, depth first, in natural code order."""
        for root in self.roots:
            yield from root.walk()

    def find(self, code):
        """The NodeProgress of the node with `code`, or None."""
        return next((item for item in self.nodes() if item.node.code == code), None)

    @property
    def headline(self):
        """Indicators marked headline, the strategy's own first, then the nodes' in tree order."""
        items = [item for item in self.indicators if item.indicator.headline]
        if self.node_headline is not None:
            return items + self.node_headline
        for node in self.nodes():
            items.extend(item for item in node.indicators if item.indicator.headline)
        return items

    @property
    def planned_short_count(self):
        """How many indicators the selected projects plan less of than the target."""
        items = list(self.indicators) + [item for node in self.nodes() for item in node.indicators]
        return sum(1 for item in items if item.planned_short)


@dataclass
class FigureProgress(ShownStatus):
    planned: Decimal | None
    achieved: Decimal
    achievement: Decimal | None  # % of planned; None when nothing is planned
    expected: Decimal | None = None  # % of the project's period elapsed, when known

    @property
    def bar_width(self):
        return min(self.achievement or Decimal("0"), Decimal("100"))

    @property
    def status(self):
        """The indicators' status rule applied to this figure against the project's time elapsed."""
        if self.expected is None:
            return NO_TARGET if self.achievement is None else ON_TRACK
        return status_for(self.achievement, self.expected)


@dataclass
class PeriodFigures:
    """One approved report of a project, with the participants counted up to the end of its period."""

    report: object  # ProgressReport
    cumulative_participants: int


@dataclass
class ProjectGlance:
    """What a project card shows: its approved figures and its participants against the plan."""

    figures: Figures
    participants: FigureProgress


@dataclass
class ProjectProgress:
    project: object
    as_of: date
    participants: FigureProgress
    volunteers: FigureProgress
    jobs: FigureProgress  # planned jobs against jobs created
    target_groups: list  # [(TargetGroup, FigureProgress)], from the breakdowns, never added up
    figures: Figures
    reports: list  # the approved reports its figures are summed from, oldest first
    expected: Decimal | None = None  # % of the project's period (or, without its dates, the strategy's) elapsed
    kept_by_hand: KeptByHand | None = None  # its strategy keeps the figures above it by hand (manual values)
    money: Money = field(default_factory=Money)  # planned: its total eligible cost; committed: its grant once selected
    periods: list = field(default_factory=list)  # [PeriodFigures] of `reports`, oldest first

    @property
    def figures_kept_above(self):
        """No approved report, and the figures it would feed are entered by hand higher up: show no zeros."""
        return self.kept_by_hand is not None and not self.reports


@dataclass
class YearCell:
    """One year of one indicator (or of money) in the year table."""

    year: int
    value: Decimal | None = None  # in the year (a flow: what ended in it; a stock: the latest at its end); None ahead
    cumulative: Decimal | None = None  # from the start to the year's end (a stock: the same as `value`)
    due: Decimal | None = None  # the milestone dated in the year (the latest one), or the target in the last year
    due_kind: str = ""  # "milestone" or "target"
    expected: Decimal | None = None  # the value expected by the year's end on the path (0 → milestones → target)
    achievement: Decimal | None = None  # the cumulative value as a % of the target
    status: str = ""  # of the cumulative value against the path at the year's end; "" for years ahead
    to_date: bool = False  # the year is not over: its figures run to the as-of date
    ahead: bool = False  # the year has not begun by the as-of date
    contracted: Decimal | None = None  # money rows only: the grants contracted by the year's end

    @property
    def status_label(self):
        return STATUS_LABELS[self.status] if self.status else ""


@dataclass
class YearRow:
    """An indicator year by year (or, with `money` set, one node's or the strategy's money paid)."""

    progress: IndicatorProgress | None  # at the as-of date; None for a money row
    node: Node | None  # None: the strategy itself
    cells: list[YearCell]
    measure: str = Indicator.Measure.FLOW
    money: Money | None = None  # a money row: its cells hold the money paid and contracted

    @property
    def indicator(self):
        return self.progress.indicator if self.progress else None


@dataclass
class YearHead:
    year: int
    to_date: bool = False  # not over at the as-of date
    ahead: bool = False  # not begun at the as-of date
    index: int | None = None  # the cut-off its figures are read at; None when ahead
    day: date | None = None  # its last day, or the as-of date while it runs
    elapsed: Decimal | None = None  # the share of the strategy period elapsed by `day`, unrounded
    over: bool = False  # the strategy period is over by `day`


@dataclass
class YearTable:
    strategy: Strategy
    as_of: date
    years: list[int]
    heads: list[YearHead]
    progress: StrategyProgress  # the figures at the as-of date, from the same queries
    rows: list[YearRow]  # indicators: the strategy's own first, then the nodes' in tree order
    money: list[YearRow]  # money paid: the strategy, then each node with a planned budget or money paid

    def column(self, year):
        """The index of `year` in the cells of every row."""
        return self.years.index(year)


# --- arithmetic ----------------------------------------------------------------------------------------


def _percent(part, whole):
    """`part` as a % of `whole` (see _SHARE); None when `whole` is missing or 0."""
    if not whole:
        return None
    return (Decimal(part) * _HUNDRED / Decimal(whole)).quantize(_SHARE, ROUND_HALF_UP)


def _position(start, end, when):
    """(days of `start`..`end` elapsed at the end of `when`, days in all); both ends included."""
    total = (end - start).days + 1
    return min(max((when - start).days + 1, 0), total), total


def _elapsed(start, end, as_of):
    """The exact % of the period `start`..`end` (both days included) elapsed at the end of `as_of`, 0–100."""
    if start is None or end is None or end < start:
        return None
    elapsed, total = _position(start, end, as_of)
    return Decimal(elapsed) * _HUNDRED / Decimal(total)


def elapsed_share(start, end, as_of):
    """The % of the period `start`..`end` elapsed at the end of `as_of`, 0–100 (see _SHARE); None without dates."""
    share = _elapsed(start, end, as_of)
    return None if share is None else share.quantize(_SHARE, ROUND_HALF_UP)


def expected_on_path(start, end, target, milestones, when):
    """The value expected by the end of `when` on the path from 0 at the start of `start`, through each
    milestone (`(date, value)` pairs), to `target` at the end of `end`: straight lines between them.

    Without milestones that is the target times the share of the period elapsed, today's rule.
    """
    target = Decimal(target)
    at, total = _position(start, end, when)
    points = [(0, Decimal("0"))]
    for day, value in sorted(milestones):
        position = _position(start, end, day)[0]
        if 0 < position < total and position > points[-1][0]:
            points.append((position, Decimal(value)))
    points.append((total, target))
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if at <= x1:
            return y0 + (y1 - y0) * (at - x0) / (x1 - x0)
    return target


def _expected_share(start, end, target, milestones, when):
    """The % of `target` expected by `when`: the elapsed share, or along the milestones when there are some."""
    if not milestones or not target:
        return _elapsed(start, end, when)
    return expected_on_path(start, end, target, milestones, when) * _HUNDRED / Decimal(target)


def _exceeded(indicator, achieved):
    if indicator.target is None:
        return False
    kind = indicator.target_kind
    if kind == Indicator.TargetKind.RANGE:
        return indicator.target_max is not None and achieved > indicator.target_max
    if kind == Indicator.TargetKind.ABOUT:
        return achieved > indicator.target * (1 + ABOUT_MARGIN)
    return achieved > indicator.target


def status_for(achievement, expected, period_over=None):
    """The status of an achievement % against the expected % by now (see status_rule).

    `period_over` tells that no time is left; by default, when the expected share has reached 100 %.
    """
    if achievement is None:
        return NO_TARGET
    if achievement <= 0:
        return NOT_STARTED
    if achievement >= _HUNDRED:
        return ACHIEVED
    if period_over is None:
        period_over = expected >= _HUNDRED
    if period_over:
        return BEHIND  # the period is over: there is no time left to catch up
    if achievement >= expected * ON_TRACK_SHARE:
        return ON_TRACK
    return BEHIND


def _forecast(indicator, achieved, elapsed):
    if indicator.measure == Indicator.Measure.STOCK:
        return achieved
    if not elapsed:
        return None  # the period has not begun: no pace to go by
    return (achieved * _HUNDRED / elapsed).quantize(_HUNDREDTH, ROUND_HALF_UP)


def indicator_progress(indicator, achieved, expected, elapsed=None, **extra):
    """The IndicatorProgress of `indicator` with `achieved` so far and `expected` % of the target due by now.

    `elapsed` is the unrounded share of the period elapsed, for the forecast (default: `expected`);
    `period_over` (in `extra`) says that no time is left; the other `extra` fields are passed on.
    """
    achieved = Decimal(achieved)
    elapsed = expected if elapsed is None else elapsed
    period_over = extra.pop("period_over", None)
    achievement = _percent(achieved, indicator.target)
    return IndicatorProgress(
        indicator=indicator,
        achieved=achieved,
        achievement=achievement,
        expected=expected,
        status=status_for(achievement, expected, period_over),
        exceeded=_exceeded(indicator, achieved),
        forecast=_forecast(indicator, achieved, elapsed),
        **extra,
    )


def _figure_progress(planned, achieved, expected=None):
    planned = None if planned is None else Decimal(planned)
    return FigureProgress(
        planned=planned, achieved=Decimal(achieved), achievement=_percent(achieved, planned), expected=expected
    )


# --- queries ---------------------------------------------------------------------------------------------


def _figure_sums():
    return {name: Sum(name) for name in FIGURES} | {"reports": Count("id")}


def _latest_subquery(as_of, figure, target_group_id=None):
    """The project's latest counting value of `figure` (or of one target group's breakdown)."""
    if target_group_id is None:
        reports = ProgressReport.objects.counting(as_of).filter(project=OuterRef("pk"), **{f"{figure}__isnull": False})
        return Subquery(reports.order_by("-period_end", "-pk").values(figure)[:1])
    rows = ReportBreakdown.objects.counting(as_of).filter(report__project=OuterRef("pk"), target_group=target_group_id)
    return Subquery(rows.order_by("-report__period_end", "-report__pk").values("participants")[:1])


def _cutoff_of(field, cutoffs, *, undated=None, later=None):
    """The index of the first of `cutoffs` (dates, ascending) on or after the row's `field`.

    A row without the date gets `undated`; one after the last cut-off `later` (by default the last index:
    report queries are already limited to the as-of date).
    """
    last = len(cutoffs) - 1
    whens = [] if undated is None else [When(**{f"{field}__isnull": True}, then=Value(undated))]
    limit = cutoffs if later is not None else cutoffs[:-1]
    whens += [When(**{f"{field}__lte": day}, then=Value(index)) for index, day in enumerate(limit)]
    default = Value(last if later is None else later)
    if not whens:
        return default
    return Case(*whens, default=default, output_field=IntegerField())


# Planned figures of the counted projects, by the key an indicator asks them under.
_PLANNED_FIELDS = {"participants": "planned_participants", "volunteers": "planned_volunteers", "jobs": "planned_jobs"}
_PLANNED_BY_FIGURE = {
    Indicator.Figure.PARTICIPANTS: "participants",
    Indicator.Figure.VOLUNTEERS: "volunteers",
    Indicator.Figure.JOBS_CREATED: "jobs",
    Indicator.Figure.SPENT: "grant",
}
_PLANNED_BY_UNIT = {
    Indicator.Unit.PARTICIPANTS: "participants",
    Indicator.Unit.VOLUNTEERS: "volunteers",
    Indicator.Unit.JOBS: "jobs",
    Indicator.Unit.PROJECTS: "projects",
}


def _node_totals(strategy, indicators, as_of, cutoffs, node_ids=None, by_node=True):
    """{node_id: {key: value}} of what each node's own projects contribute, keyed as the indicators ask.

    Keys of reported figures are `("at", k, key)`: the figures at `cutoffs[k]` (the last cut-off is `as_of`),
    from one query with the rows grouped by the cut-off their date falls under. Project counts and planned
    figures (the selection as it stands) have plain keys; projects counted and money contracted by a date
    have both.

    `by_node=False`: the whole strategy's totals only, under the key None, grouped by nothing but the cut-off.
    """
    totals = {}
    last = len(cutoffs) - 1

    def add(node_id, key, value):
        bucket = totals.setdefault(node_id, {})
        bucket[key] = bucket.get(key, 0) + (value or 0)

    def add_from(node_id, index, key, value):
        """Add to the figures at cut-off `index` and every later one."""
        if not value:
            return
        bucket = totals.setdefault(node_id, {})
        for k in range(index, last + 1):
            at = ("at", k, key)
            bucket[at] = bucket.get(at, 0) + value

    projects = Project.objects.filter(node__strategy=strategy)
    if node_ids is not None:  # a subtree: only its nodes' projects
        projects = projects.filter(node_id__in=node_ids)
    # rows are grouped by status, so the counted projects' plans need no filter here
    planned = {f"sum_{key}": Sum(name) for key, name in _PLANNED_FIELDS.items()}
    stated = {f"n_{key}": Count(name) for key, name in _PLANNED_FIELDS.items()}
    node = ("node_id",) if by_node else ()
    rows = projects.values(*node, "status", started=_cutoff_of("start_date", cutoffs, undated=0, later=last + 1))
    rows = rows.annotate(n=Count("id"), grants=Sum("grant"), costs=Sum("total_cost"), stated_grant=Count("grant"))
    for row in rows.annotate(**planned, **stated).order_by():
        node_id = row.get("node_id")
        add(node_id, "projects", row["n"])
        add(node_id, ("status", row["status"]), row["n"])
        if row["status"] in Project.COUNTED_STATUSES:
            add(node_id, "counted", row["n"])
            add(node_id, ("planned", "projects"), row["n"])
            add(node_id, ("stated", "projects"), row["n"])
            add(node_id, ("planned", "grant"), row["grants"])
            add(node_id, ("stated", "grant"), row["stated_grant"])
            for key in _PLANNED_FIELDS:
                add(node_id, ("planned", key), row[f"sum_{key}"])
                add(node_id, ("stated", key), row[f"n_{key}"])
            if row["started"] <= last:
                add_from(node_id, row["started"], "counted", row["n"])
                add_from(node_id, row["started"], "committed_grant", row["grants"])
                add_from(node_id, row["started"], "committed_cost", row["costs"])

    reports = ProgressReport.objects.counting(as_of).filter(project__in=projects)
    reports = reports.values(*(f"project__{field}" for field in node), ended=_cutoff_of("period_end", cutoffs))
    for row in reports.annotate(**_figure_sums()).order_by():
        for name in (*FIGURES, "reports"):
            add_from(row.get("project__node_id"), row["ended"], name, row[name])

    groups = {indicator.target_group_id for indicator in indicators if indicator.target_group_id}
    flow_groups = {
        indicator.target_group_id
        for indicator in indicators
        if indicator.target_group_id and indicator.measure == Indicator.Measure.FLOW
    }
    if flow_groups:
        breakdowns = ReportBreakdown.objects.counting(as_of).filter(
            report__project__in=projects, target_group_id__in=flow_groups
        )
        rows = breakdowns.values(
            *(f"report__project__{field}" for field in node),
            "target_group_id",
            ended=_cutoff_of("report__period_end", cutoffs),
        )
        for row in rows.annotate(n=Sum("participants")).order_by():
            add_from(row.get("report__project__node_id"), row["ended"], ("group", row["target_group_id"]), row["n"])
    if groups:
        links = ProjectTargetGroup.objects.filter(
            project__in=projects,
            project__status__in=Project.COUNTED_STATUSES,
            target_group_id__in=groups,
        )
        rows = links.values(*(f"project__{field}" for field in node), "target_group_id")
        for row in rows.annotate(n=Sum("planned_participants"), stated=Count("planned_participants")).order_by():
            add(row.get("project__node_id"), ("planned", ("group", row["target_group_id"])), row["n"])
            add(row.get("project__node_id"), ("stated", ("group", row["target_group_id"])), row["stated"])

    stocks = sorted(
        {
            _stock_key(indicator)
            for indicator in indicators
            if indicator.source == Indicator.Source.REPORTED and indicator.measure == Indicator.Measure.STOCK
        }
    )
    if stocks:
        latest = {
            f"latest_{k}_{n}": _latest_subquery(day, key[1], key[2] or None)
            for k, day in enumerate(cutoffs)
            for n, key in enumerate(stocks)
        }
        rows = projects.live().annotate(**latest).values("node_id", *latest)
        for row in rows.order_by():
            for k in range(len(cutoffs)):
                for n, key in enumerate(stocks):
                    add(row["node_id"] if by_node else None, ("at", k, key), row[f"latest_{k}_{n}"])
    return totals


def _stock_key(indicator):
    return ("stock", indicator.figure, indicator.target_group_id or 0)


class _At:
    """The rolled-up totals of a node as they were at one cut-off (see `_node_totals`)."""

    def __init__(self, totals, index):
        self.totals, self.index = totals, index

    def get(self, key, default=0):
        return self.totals.get(("at", self.index, key), default)


def _achieved(indicator, totals, manual):
    """The achieved value of `indicator` from the rolled-up `totals` of its node (or of the strategy).

    `manual` holds {indicator id: [ManualEntry]} of the manual values that count, oldest first.
    """
    if indicator.source == Indicator.Source.PROJECTS_COUNTED:
        return Decimal(totals.get("counted", 0))
    if indicator.source == Indicator.Source.MANUAL:
        values = [entry.value for entry in manual.get(indicator.pk, [])]
        if indicator.measure == Indicator.Measure.STOCK:
            return values[-1] if values else Decimal("0")
        return sum(values, Decimal("0"))
    if indicator.measure == Indicator.Measure.STOCK:
        value = totals.get(_stock_key(indicator), 0)
    elif indicator.target_group_id:
        value = totals.get(("group", indicator.target_group_id), 0)
    else:
        value = totals.get(indicator.figure, 0)
    if indicator.figure in _DECIMAL_FIGURES:
        return Decimal(value).quantize(_HUNDREDTH)  # FTE and euros to the hundredth, as reported
    return Decimal(value)


def _planned_key(indicator):
    """Under which key the counted projects plan `indicator`'s figure; None when projects do not plan it."""
    if indicator.source == Indicator.Source.PROJECTS_COUNTED:
        return "projects"
    if indicator.source == Indicator.Source.REPORTED:
        if indicator.target_group_id:
            return ("group", indicator.target_group_id)
        return _PLANNED_BY_FIGURE.get(indicator.figure)
    return _PLANNED_BY_UNIT.get(indicator.unit)


def _planned(indicator, totals):
    """What the counted projects under the node plan of `indicator`'s figure; None when none of them says.

    With no counted project at all, nothing is planned: 0.
    """
    key = _planned_key(indicator)
    if key is None:
        return None
    if not totals.get("counted", 0):
        return Decimal("0")
    if not totals.get(("stated", key), 0):
        return None
    value = Decimal(totals.get(("planned", key), 0))
    return value.quantize(_HUNDREDTH) if key in ("jobs", "grant") else value


def _manual_that_count(indicator, entries):
    """The manual entries that make the value: all of a flow, the latest of a stock."""
    if indicator.measure == Indicator.Measure.STOCK:
        return entries[-1:]
    return list(entries)


def _money(planned, totals, at, expected, period_over, milestones=()):
    """Money from a node's rolled-up `totals`, its figures read at one cut-off (`at`, an `_At`)."""

    def euros(key):
        return Decimal(at.get(key, 0)).quantize(_HUNDREDTH)

    return Money(
        planned=planned,
        grants_unknown=bool(totals.get("counted", 0)) and not totals.get(("stated", "grant"), 0),
        committed_grant=euros("committed_grant"),
        committed_cost=euros("committed_cost"),
        spent=euros("spent"),
        expected=expected,
        period_over=period_over,
        milestones=list(milestones),
    )


def _status_counts(totals):
    return [(label, totals.get(("status", value), 0)) for value, label in Project.Status.choices]


def _merge(into, other):
    for key, value in other.items():
        into[key] = into.get(key, 0) + value
    return into


def _kept_by_hand(owner, indicators, manual):
    """KeptByHand for a node (or the strategy, with `owner` None) whose indicators have manual values."""
    if any(manual.get(indicator.pk) for indicator in indicators if indicator.source == Indicator.Source.MANUAL):
        return KeptByHand() if owner is None else KeptByHand(level_name=owner.level_name, code=owner.code)
    return None


def _descendants(skeleton, root_ids):
    """The ids of the nodes `root_ids` and of every node below them, from (id, parent id, depth) rows."""
    children = {}
    for pk, parent_id, _depth in skeleton:
        children.setdefault(parent_id, []).append(pk)
    found, pending = set(), list(root_ids)
    while pending:
        pk = pending.pop()
        found.add(pk)
        pending.extend(children.get(pk, []))
    return found


def _rolled_up(skeleton, own):
    """{node id: totals of the node and every node below it, None: of the whole tree} from each node's own
    totals; `skeleton` holds the (id, parent id, depth) of every node taken into account."""
    rolled = {pk: dict(own.get(pk, {})) for pk, _parent, _depth in skeleton}
    whole = {}
    for pk, parent_id, _depth in sorted(skeleton, key=lambda row: -row[2]):  # the deepest first
        _merge(rolled.get(parent_id, whole), rolled[pk])
    rolled[None] = whole
    return rolled


def _rounded(value):
    return None if value is None else value.quantize(_SHARE, ROUND_HALF_UP)


class _Computation:
    """The figures of one strategy at `as_of` and at earlier cut-off dates, from one set of queries.

    `strategy_progress` asks for the passed milestones' dates, `strategy_years` for the year ends as well.
    Every node of the strategy (or of `node_ids`) adds to the totals above it; NodeProgress objects are built
    only for the nodes a page shows: all of them, the trees under `root_ids`, or none (`headline_only`: only
    the headline indicators, from their nodes' totals).
    """

    def __init__(self, strategy, as_of, dates=(), node_ids=None, headline_only=False, root_ids=None, outline=None):
        self.strategy, self.as_of = strategy, as_of
        self.start, self.end = strategy.start_date, strategy.end_date
        self.period_over = as_of >= self.end
        nodes = Node.objects.filter(strategy=strategy).order_by("sort_key")
        if node_ids is not None:
            nodes = nodes.filter(pk__in=node_ids)
        indicators = Indicator.objects.filter(strategy=strategy).select_related("target_group")
        # The shape of the whole tree for the totals (`skeleton`); whole nodes and their indicators where shown.
        if headline_only:  # the headline indicators' nodes come with them
            self.indicators = list(indicators.filter(headline=True).select_related("node"))
            shown_nodes = sorted({i.node for i in self.indicators if i.node_id}, key=lambda n: n.sort_key)
            # with no headline indicator on a node, only the strategy's own totals are needed: no tree at all
            skeleton = (outline or strategy_outline(strategy)).rows if shown_nodes else None
        elif root_ids is not None:
            skeleton = (outline or strategy_outline(strategy)).rows
            shown = _descendants(skeleton, root_ids)
            self.indicators = list(indicators.filter(Q(node__isnull=True) | Q(node__in=shown)))
            shown_nodes = list(nodes.filter(pk__in=shown))
        else:
            if node_ids is not None:
                indicators = indicators.filter(node_id__in=node_ids)
            shown_nodes, self.indicators = list(nodes), list(indicators)
            skeleton = [(node.pk, node.parent_id, node.depth) for node in shown_nodes]
        manual = {}
        values = ManualValue.objects.filter(indicator__strategy=strategy, date__lte=as_of).order_by("date", "pk")
        if node_ids is not None or headline_only or root_ids is not None:
            values = values.filter(indicator__in=[indicator.pk for indicator in self.indicators])
        for indicator_id, day, value, note in values.values_list("indicator_id", "date", "value", "note"):
            manual.setdefault(indicator_id, []).append(ManualEntry(day, value, note))
        self.manual = manual
        self.milestones = {}
        for milestone in Milestone.objects.filter(strategy=strategy).order_by("date", "pk"):
            self.milestones.setdefault(milestone.indicator_id, []).append(milestone)
        passed = {m.date for items in self.milestones.values() for m in items if m.date <= as_of}
        self.cutoffs = sorted({day for day in (*dates, *passed) if day < as_of} | {as_of})
        self.index = {day: k for k, day in enumerate(self.cutoffs)}
        self.last = len(self.cutoffs) - 1
        by_node = skeleton is not None
        own = _node_totals(strategy, self.indicators, as_of, self.cutoffs, node_ids, by_node=by_node)
        # {node id (None: the strategy): totals}
        self.totals = _rolled_up(skeleton, own) if by_node else {None: own.get(None, {})}
        self._tree(shown_nodes, headline_only)

    # -- the tree --

    def _tree(self, nodes, headline_only):
        self.by_node = {}
        for indicator in self.indicators:
            self.by_node.setdefault(indicator.node_id, []).append(indicator)
        children = {}
        for node in nodes:
            node.strategy = self.strategy
            children.setdefault(node.parent_id, []).append(node)
        self.node_by_id = {node.pk: node for node in nodes}
        for indicator in self.indicators:
            indicator.strategy = self.strategy
            if indicator.node_id:
                indicator.node = self.node_by_id[indicator.node_id]
        self.money_share = self._money_share()
        strategy_kept = _kept_by_hand(None, self.by_node.get(None, []), self.manual)

        def build(node, kept):
            if node.parent_id in self.node_by_id:
                node.parent = self.node_by_id[node.parent_id]
            kept = _kept_by_hand(node, self.by_node.get(node.pk, []), self.manual) or kept
            totals = self.totals[node.pk]
            return NodeProgress(
                node=node,
                indicators=[self._indicator(i, totals) for i in self.by_node.get(node.pk, [])],
                children=[build(child, kept) for child in children.get(node.pk, [])],
                project_count=totals.get("projects", 0),
                figures=Figures.from_row(_At(totals, self.last)),
                counted_project_count=_At(totals, self.last).get("counted"),
                money=_money(node.budget, totals, _At(totals, self.last), self.money_share, self.period_over),
                status_counts=_status_counts(totals),
                kept_by_hand=kept,
            )

        if headline_only:  # the nodes' headline indicators in tree order, each from its node's totals
            on_nodes = sorted((i for i in self.indicators if i.node_id), key=lambda i: i.node.sort_key)
            roots, headline = [], [self._indicator(i, self.totals[i.node_id]) for i in on_nodes]
        else:
            roots = [build(node, strategy_kept) for node in nodes if node.parent_id not in self.node_by_id]
            headline = None
        totals = self.totals[None]
        elapsed = _elapsed(self.start, self.end, self.as_of)
        money_milestones = self._milestone_progress(None, lambda k: _At(totals, k).get("spent"))
        self.progress = StrategyProgress(
            strategy=self.strategy,
            as_of=self.as_of,
            expected=_rounded(elapsed),
            indicators=[self._indicator(i, totals) for i in self.by_node.get(None, [])],
            roots=roots,
            project_count=totals.get("projects", 0),
            figures=Figures.from_row(_At(totals, self.last)),
            counted_project_count=_At(totals, self.last).get("counted"),
            money=_money(
                self.strategy.budget,
                totals,
                _At(totals, self.last),
                self.money_share,
                self.period_over,
                money_milestones,
            ),
            status_counts=_status_counts(totals),
            kept_by_hand=strategy_kept,
            node_headline=headline,
        )

    def _milestone_points(self, indicator_id):
        return [(m.date, m.value) for m in self.milestones.get(indicator_id, [])]

    def _money_share(self, when=None):
        """The % of a planned budget expected paid by `when` (default as_of): the strategy's money path."""
        when = when or self.as_of
        share = _expected_share(self.start, self.end, self.strategy.budget, self._milestone_points(None), when)
        return _rounded(share)

    def achieved_at(self, indicator, totals, index):
        """The achieved value of `indicator` at cut-off `index`, from its node's rolled-up `totals`."""
        day = self.cutoffs[index]
        manual = {indicator.pk: [e for e in self.manual.get(indicator.pk, []) if e.date <= day]}
        return _achieved(indicator, _At(totals, index), manual)

    def _milestone_progress(self, indicator_id, value_at):
        items = []
        for milestone in self.milestones.get(indicator_id, []):
            due = milestone.date <= self.as_of
            achieved = value_at(self.index[milestone.date]) if due else None
            achieved = None if achieved is None else Decimal(achieved)
            early = not due and Decimal(value_at(self.last) or 0) >= milestone.value
            items.append(MilestoneProgress(milestone.date, milestone.value, milestone.note, due, achieved, early))
        return items

    def _indicator(self, indicator, totals):
        achieved = _achieved(indicator, _At(totals, self.last), self.manual)
        points = self._milestone_points(indicator.pk)
        share = _expected_share(self.start, self.end, indicator.target, points, self.as_of)
        expected_value = None
        if indicator.target:
            expected_value = (Decimal(indicator.target) * share / _HUNDRED).quantize(_HUNDREDTH, ROUND_HALF_UP)
        return indicator_progress(
            indicator,
            achieved,
            _rounded(share),
            _elapsed(self.start, self.end, self.as_of),
            period_over=self.period_over,
            planned=_planned(indicator, totals),
            plannable=_planned_key(indicator) is not None,
            expected_value=expected_value,
            milestones=self._milestone_progress(indicator.pk, lambda k: self.achieved_at(indicator, totals, k)),
            manual_entries=_manual_that_count(indicator, self.manual.get(indicator.pk, [])),
        )


@dataclass
class Outline:
    """The shape of a strategy's tree: (id, parent id, depth) of every node, in tree order. One query."""

    rows: list

    @property
    def root_ids(self):
        return [pk for pk, parent_id, _depth in self.rows if parent_id is None]

    def descendants(self, ids):
        """The ids of the nodes `ids` and of every node below them."""
        return _descendants(self.rows, ids)


def strategy_outline(strategy):
    """The Outline of `strategy`: what a page pages its goals by, and what the totals roll up along."""
    rows = Node.objects.filter(strategy=strategy).order_by("sort_key").values_list("pk", "parent_id", "depth")
    return Outline(list(rows))


def strategy_progress(strategy, as_of=None, *, subtree=None, headline_only=False, roots=None, outline=None):
    """The StrategyProgress of `strategy` at `as_of` (default: today): the whole tree, in a fixed number of queries.

    A page computes only what it shows, by the same rules:
    - `subtree` (a Node of the strategy): only that node and those below it — an action's page. The result's
      `roots` are that node alone, and it has no strategy-level indicators.
    - `roots` (ids of top-level nodes, a page of the goals): only those trees are built; every node still adds
      to the strategy's figures.
    - `headline_only`: only the headline indicators (home); no node is built.
    `outline` (from `strategy_outline`) saves its query when the caller already has it.
    """
    as_of = as_of or timezone.localdate()
    node_ids = None
    if subtree is not None:
        node_ids = (outline or strategy_outline(strategy)).descendants([subtree.pk])
    computation = _Computation(
        strategy, as_of, node_ids=node_ids, headline_only=headline_only, root_ids=roots, outline=outline
    )
    return computation.progress


# --- year by year ----------------------------------------------------------------------------------------


def _year_end(year):
    return date(year, 12, 31)


def strategy_years(strategy, as_of=None, *, roots=None, outline=None):
    """The YearTable of `strategy`: every indicator (and the money paid) in each calendar year of the strategy.

    Flows: what the counting reports whose period ended in the year bring (manual values dated in it); stocks:
    the latest value at the year's end. A year not over at `as_of` runs to `as_of`; years ahead stay empty
    but for their milestones. The same queries as `strategy_progress`, whatever the number of years.
    """
    as_of = as_of or timezone.localdate()
    years = list(range(strategy.start_year, strategy.end_year + 1))
    computation = _Computation(strategy, as_of, [_year_end(year) for year in years], root_ids=roots, outline=outline)
    heads = [_year_head(computation, year) for year in years]
    progress = computation.progress
    rows = []
    items = [(None, item) for item in progress.indicators]
    items += [(node.node, item) for node in progress.nodes() for item in node.indicators]
    for node, item in items:
        totals = computation.totals[node.pk if node else None]
        rows.append(_indicator_row(computation, heads, node, item, totals))
    money = [_money_row(computation, heads, None, progress.money, computation.totals[None])]
    for node in progress.nodes():
        if node.money.planned is not None or node.money.spent:
            money.append(_money_row(computation, heads, node.node, node.money, computation.totals[node.node.pk]))
    return YearTable(
        strategy=strategy, as_of=as_of, years=years, heads=heads, progress=progress, rows=rows, money=money
    )


def _year_head(computation, year):
    """The YearHead of `year`: the cut-off its figures are read at (None for a year not begun) and its last day."""
    as_of, end = computation.as_of, _year_end(year)
    if end < as_of:
        index, to_date, day = computation.index[end], False, end
    elif date(year, 1, 1) <= as_of:
        index, to_date, day = computation.index[as_of], as_of < end, as_of
    else:
        index, to_date, day = None, False, end
    elapsed = _elapsed(computation.start, computation.end, day)
    return YearHead(
        year=year,
        to_date=to_date,
        ahead=index is None,
        index=index,
        day=day,
        elapsed=elapsed,
        over=day >= computation.end,
    )


def _due_by_year(milestones, target, last_year):
    """{year: (value, kind)} due: a year's latest milestone, and the target in the last year."""
    due = {m.date.year: (m.value, "milestone") for m in milestones}  # by date: the latest of a year stays
    if target is not None:
        due[last_year] = (target, "target")
    return due


def _year_cells(computation, heads, value_at, target, points, flow, milestones):
    cells, previous = [], Decimal("0")
    due = _due_by_year(milestones, target, heads[-1].year)
    for head in heads:
        value_due, due_kind = due.get(head.year, (None, ""))
        cell = YearCell(year=head.year, due=value_due, due_kind=due_kind, to_date=head.to_date, ahead=head.ahead)
        if target:
            share = (
                _expected_share(computation.start, computation.end, target, points, head.day)
                if points
                else head.elapsed
            )
            cell.expected = (Decimal(target) * share / _HUNDRED).quantize(_HUNDREDTH, ROUND_HALF_UP)
        if head.index is not None:
            cumulative = Decimal(value_at(head.index))
            cell.cumulative = cumulative
            cell.value = cumulative - previous if flow else cumulative
            previous = cumulative
            cell.achievement = _percent(cumulative, target)
            cell.status = status_for(cell.achievement, _rounded(share), head.over) if target else NO_TARGET
        cells.append(cell)
    return cells


def _indicator_row(computation, heads, node, item, totals):
    indicator = item.indicator
    flow = indicator.measure == Indicator.Measure.FLOW or indicator.source == Indicator.Source.PROJECTS_COUNTED
    cells = _year_cells(
        computation,
        heads,
        lambda k: computation.achieved_at(indicator, totals, k),
        indicator.target,
        computation._milestone_points(indicator.pk),
        flow,
        computation.milestones.get(indicator.pk, []),
    )
    return YearRow(progress=item, node=node, cells=cells, measure=indicator.measure)


def _money_row(computation, heads, node, money, totals):
    """Money paid year by year against the planned budget; a node's budget follows the strategy's money path."""
    strategy_row = node is None
    points = computation._milestone_points(None) if strategy_row else []
    if not strategy_row and money.planned and computation.strategy.budget:
        # the same share of its budget as the strategy's path gives
        scale = Decimal(money.planned) / Decimal(computation.strategy.budget)
        points = [(day, value * scale) for day, value in computation._milestone_points(None)]
    cells = _year_cells(
        computation,
        heads,
        lambda k: Decimal(_At(totals, k).get("spent")).quantize(_HUNDREDTH),
        money.planned,
        points,
        True,
        computation.milestones.get(None, []) if strategy_row else [],
    )
    for cell, head in zip(cells, heads, strict=True):
        if head.index is not None:
            cell.contracted = Decimal(_At(totals, head.index).get("committed_grant")).quantize(_HUNDREDTH)
    return YearRow(progress=None, node=node, cells=cells, money=money)


def _project_expected(project, as_of):
    """The share of the project's own period elapsed; of its strategy's period when its dates are not known."""
    if project.start_date and project.end_date:
        return elapsed_share(project.start_date, project.end_date, as_of)
    strategy = project.node.strategy  # views fetch projects with select_related("node__strategy")
    return elapsed_share(project.start_date or strategy.start_date, project.end_date or strategy.end_date, as_of)


def _project_kept_by_hand(project, as_of):
    """Where the figures above `project` are entered by hand: the nearest of its node, the nodes above it and
    the strategy with a manual indicator valued by `as_of`; None when there is none. One query."""
    node = project.node  # views fetch projects with select_related("node__strategy")
    above, path = Q(node__isnull=True) | Q(node=node.pk), "node"
    for _level in range(node.depth):
        path += "__children"
        above |= Q(**{path: node.pk})
    manual = Indicator.objects.filter(
        above, strategy_id=node.strategy_id, source=Indicator.Source.MANUAL, manual_values__date__lte=as_of
    )
    found = set(manual.values_list("node__depth", "node__code").distinct())
    if not found:
        return None
    depth, code = max(found, key=lambda item: -1 if item[0] is None else item[0])
    if depth is None:
        return KeptByHand()
    return KeptByHand(level_name=node.strategy.level_name(depth), code=code)


@dataclass
class PlanCheck:
    """One figure of a project with a report about to be approved counted too, against what the project plans."""

    label: str
    planned: Decimal
    after: Decimal
    money: bool = False

    @property
    def share(self):
        return _percent(self.after, self.planned)

    @property
    def above_plan(self):
        return self.after > self.planned


def report_against_plan(report):
    """What approving `report` would make of its project's totals: every approved report of the project with this
    one, whatever their periods, against the plan (participants, volunteers, jobs; the money spent against the
    total eligible cost, or the grant without one). Only figures the project plans; what an approver checks.
    """
    project = report.project
    approved = list(ProgressReport.objects.approved().filter(project=project).exclude(pk=report.pk))
    figures = Figures.of_reports([*approved, report])
    budget, against = (
        (project.total_cost, _("Money spent, against the total eligible cost"))
        if project.total_cost is not None
        else (project.grant, _("Money spent, against the grant"))
    )
    rows = [
        (_("New participants"), project.planned_participants, figures.participants, False),
        # each target group the project plans, from the breakdowns of the same reports
        *_groups_against_plan(project, [*approved, report]),
        (_("New volunteers"), project.planned_volunteers, figures.volunteers, False),
        (_("Jobs created, FTE"), project.planned_jobs, figures.jobs_created, False),
        (against, budget, figures.spent, True),
    ]
    return [
        PlanCheck(str(label), Decimal(planned), Decimal(after), money)
        for label, planned, after, money in rows
        if planned
    ]


def _groups_against_plan(project, reports):
    """[(label, planned, reported, False)] of each target group `project` plans, summed over `reports`."""
    planned = project.project_target_groups.exclude(planned_participants=None).select_related("target_group")
    reported = dict(
        ReportBreakdown.objects.filter(report__in=reports)
        .values("target_group_id")
        .annotate(n=Sum("participants"))
        .values_list("target_group_id", "n")
    )
    return [
        (
            f"{_('New participants')}: {row.target_group.display_name}",
            row.planned_participants,
            reported.get(row.target_group_id, 0),
            False,
        )
        for row in planned
    ]


def project_progress(project, as_of=None):
    """One project's planned participants, volunteers, jobs and target groups against its approved reports.

    A project's own record counts its approved reports even when it was terminated (the strategy's
    figures leave those out); `reports` are exactly the reports its figures are summed from.
    """
    as_of = as_of or timezone.localdate()
    expected = _project_expected(project, as_of)
    # the page lists these reports anyway: their figures are summed as they are listed, not by a second query
    reports = list(ProgressReport.objects.approved_as_of(as_of).filter(project=project).order_by("period_start"))
    figures = Figures.of_reports(reports)
    rows = ReportBreakdown.objects.approved_as_of(as_of).filter(report__project=project)
    achieved = {
        group.pk: group
        for group in TargetGroup.objects.filter(report_breakdowns__in=rows).annotate(
            achieved=Sum("report_breakdowns__participants")
        )
    }
    target_groups = []
    prefetch_related_objects([project], planned_target_groups())  # nothing to do when the view fetched them
    for planned in project.project_target_groups.all():
        group = achieved.pop(planned.target_group_id, None)
        total = group.achieved if group else 0
        target_groups.append((planned.target_group, _figure_progress(planned.planned_participants, total, expected)))
    for group in sorted(achieved.values(), key=lambda group: (group.position, group.name)):
        target_groups.append((group, _figure_progress(None, group.achieved)))
    return ProjectProgress(
        project=project,
        as_of=as_of,
        participants=_figure_progress(project.planned_participants, figures.participants, expected),
        volunteers=_figure_progress(project.planned_volunteers, figures.volunteers, expected),
        jobs=_figure_progress(project.planned_jobs, figures.jobs_created, expected),
        target_groups=target_groups,
        figures=figures,
        reports=reports,
        expected=expected,
        kept_by_hand=_project_kept_by_hand(project, as_of),
        money=_project_money(project, figures),
        periods=_periods(reports),
    )


def _project_money(project, figures):
    """A project's money: planned is its total eligible cost; its grant is committed once it is selected."""
    return Money(
        planned=project.total_cost,
        committed_grant=(project.grant or Decimal("0")) if project.counts else Decimal("0"),
        committed_cost=(project.total_cost or Decimal("0")) if project.counts else Decimal("0"),
        spent=figures.spent,
    )


def _periods(reports):
    """The reports with participants counted up to each one's end (a flow: each adds to the ones before)."""
    periods, total = [], 0
    for report in reports:
        total += report.participants or 0
        periods.append(PeriodFigures(report=report, cumulative_participants=total))
    return periods


class FiguresByProject(dict):
    """{project id: Figures}; a project without approved reports gives zeros."""

    def __missing__(self, key):
        return Figures()


def projects_achieved(projects, as_of=None):
    """{project id: Figures} of each project's own approved reports (as `project_progress` counts them).

    `projects` is a queryset or a list; one query. A project with nothing approved yet gives zeros.
    """
    as_of = as_of or timezone.localdate()
    if isinstance(projects, QuerySet) and projects._result_cache is None:
        ids = projects.values("pk")  # a subquery: the list itself is not fetched here
    else:
        ids = [getattr(project, "pk", project) for project in projects]
    reports = ProgressReport.objects.approved_as_of(as_of).filter(project__in=ids)
    result = FiguresByProject()
    for row in reports.values("project_id").annotate(**_figure_sums()).order_by():
        result[row["project_id"]] = Figures.from_row(row)
    return result


def projects_at_a_glance(projects, as_of=None):
    """{project id: ProjectGlance} for project cards: one query (that of `projects_achieved`).

    `projects` is a list of projects fetched with `node__strategy` (a project without dates takes its
    strategy's). A project missing from the dict gets nothing drawn.
    """
    as_of = as_of or timezone.localdate()
    projects = list(projects)
    achieved = projects_achieved(projects, as_of)
    glances = {}
    for project in projects:
        figures = achieved[project.pk]
        participants = _figure_progress(
            project.planned_participants, figures.participants, _project_expected(project, as_of)
        )
        glances[project.pk] = ProjectGlance(figures=figures, participants=participants)
    return glances


def organisations_with_project_counts(organisations, *, public_only=True):
    """`organisations` annotated with `led` and `partnered`: how many projects each leads or partners.

    The public counts only projects of strategies that are not drafts; staff (`public_only=False`) count all.
    """
    led = partnered = None
    if public_only:
        led = ~Q(promoted_projects__node__strategy__status=Strategy.Status.DRAFT)
        partnered = ~Q(partnerships__project__node__strategy__status=Strategy.Status.DRAFT)
    return organisations.annotate(
        led=Count("promoted_projects", filter=led, distinct=True),
        partnered=Count("partnerships", filter=partnered, distinct=True),
    )
