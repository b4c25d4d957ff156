"""Progress against targets: the one calculation behind every page, export and PDF.

CONTRACT (pages, exports and PDFs are written against these names; keep them stable):

    strategy_progress(strategy, as_of=None) -> StrategyProgress
        The whole tree at once, with a fixed number of queries whatever the data size.
    project_progress(project, as_of=None) -> ProjectProgress
        One project's planned figures against its approved reports.
    projects_achieved(projects, as_of=None) -> dict[project_id, Figures]
        Approved figures of many projects in one query (for lists and tables).

Only approved reports whose period ended on or before `as_of` (default: today) count. In the figures of a
node or a strategy, reports of terminated projects do not count either (a project's own page still shows
them). The database does the sums per node; Python only adds them up over the tree.

`strategy_progress` takes at most 7 queries: nodes, indicators, manual values, project counts per node and
report sums per node always; breakdown sums per node and target group when an indicator counts a target
group; the latest reported values per project when an indicator is a reported stock. The count depends on the
kinds of indicators a strategy has, never on the number of nodes, projects or reports.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Indicator, ManualValue, Node, Strategy

ACHIEVED = "achieved"
ON_TRACK = "on_track"
BEHIND = "behind"
NOT_STARTED = "not_started"
NO_TARGET = "no_target"

STATUS_LABELS = {
    ACHIEVED: _("achieved"),
    ON_TRACK: _("on track"),
    BEHIND: _("behind"),
    NOT_STARTED: _("not started"),
    NO_TARGET: _("no target"),
}

# An indicator is on track while its achievement is at least this share of the time elapsed:
# 75 % lets a project-driven figure lag the calendar a little (reports come in after each period).
ON_TRACK_SHARE = Decimal("0.75")

# An "about" target counts as exceeded only beyond this margin above it (1 200 against about 1 000 is).
ABOUT_MARGIN = Decimal("0.10")

STATUS_RULE = _(
    "Achieved: the achieved value reached the target (for a range, its minimum). "
    "On track: at least 75 % of the share of the period elapsed has been achieved "
    "(e.g. halfway through the period, at least 37,5 % of the target). "
    "Behind: less than that, or short of the target once the period is over. Not started: nothing achieved yet. "
    "Exceeded: above the target (a range: above its maximum; an approximate target: more than 10 % above it). "
    "Only approved progress reports whose period has ended count."
)

FIGURES = ("participants", "volunteers", "jobs_created", "jobs_retained", "services", "spent")
_DECIMAL_FIGURES = ("jobs_created", "jobs_retained", "spent")
_HUNDRED = Decimal("100")
_TENTH = Decimal("0.1")
_HUNDREDTH = Decimal("0.01")


@dataclass
class Figures:
    """Sums of approved report figures (flows) for one project or node; zeros when nothing is reported."""

    participants: int = 0
    volunteers: int = 0
    jobs_created: Decimal = Decimal("0")
    jobs_retained: Decimal = Decimal("0")
    services: int = 0
    spent: Decimal = Decimal("0")
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


@dataclass
class IndicatorProgress:
    indicator: Indicator
    achieved: Decimal  # 0 when nothing counted yet
    achievement: Decimal | None  # % of the target (a range: of its minimum); None with no target or a target of 0
    expected: Decimal  # % of the strategy period elapsed at as_of, 0–100
    status: str  # one of ACHIEVED, ON_TRACK, BEHIND, NOT_STARTED, NO_TARGET
    exceeded: bool  # above the target (a range: above its maximum)
    forecast: Decimal | None  # the value at the end date at the pace so far; None when it cannot be told

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def bar_width(self):
        """The achievement capped at 100, for drawing a bar."""
        return min(self.achievement or Decimal("0"), Decimal("100"))


@dataclass
class NodeProgress:
    node: Node
    indicators: list[IndicatorProgress]
    children: list["NodeProgress"] = field(default_factory=list)
    project_count: int = 0  # public projects under this node and its descendants
    figures: Figures = field(default_factory=Figures)  # approved figures under this node and its descendants
    counted_project_count: int = 0  # of those, the ones that count: selected or later, not terminated

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
        for node in self.nodes():
            items.extend(item for item in node.indicators if item.indicator.headline)
        return items


@dataclass
class FigureProgress:
    planned: Decimal | None
    achieved: Decimal
    achievement: Decimal | None  # % of planned; None when nothing is planned

    @property
    def bar_width(self):
        return min(self.achievement or Decimal("0"), Decimal("100"))


@dataclass
class ProjectProgress:
    project: object
    as_of: date
    participants: FigureProgress
    volunteers: FigureProgress
    jobs: FigureProgress  # planned jobs against jobs created
    target_groups: list  # [(TargetGroup, FigureProgress)], from the breakdowns, never added up
    figures: Figures
    expected: Decimal | None = None  # % of the project's period (or, without its dates, the strategy's) elapsed


# --- arithmetic ----------------------------------------------------------------------------------------


def _percent(part, whole):
    """`part` as a % of `whole`, to a tenth; None when `whole` is missing or 0."""
    if not whole:
        return None
    return (Decimal(part) * _HUNDRED / Decimal(whole)).quantize(_TENTH, ROUND_HALF_UP)


def _elapsed(start, end, as_of):
    """The exact % of the period `start`..`end` (both days included) elapsed at the end of `as_of`, 0–100."""
    if start is None or end is None or end < start:
        return None
    total = (end - start).days + 1
    elapsed = min(max((as_of - start).days + 1, 0), total)
    return Decimal(elapsed) * _HUNDRED / Decimal(total)


def elapsed_share(start, end, as_of):
    """The % of the period `start`..`end` elapsed at the end of `as_of`, 0–100, to a tenth; None without dates."""
    share = _elapsed(start, end, as_of)
    return None if share is None else share.quantize(_TENTH, ROUND_HALF_UP)


def _exceeded(indicator, achieved):
    if indicator.target is None:
        return False
    kind = indicator.target_kind
    if kind == Indicator.TargetKind.RANGE:
        return indicator.target_max is not None and achieved > indicator.target_max
    if kind == Indicator.TargetKind.ABOUT:
        return achieved > indicator.target * (1 + ABOUT_MARGIN)
    return achieved > indicator.target


def status_for(achievement, expected):
    """The status of an achievement % against the expected % of time elapsed (see STATUS_RULE)."""
    if achievement is None:
        return NO_TARGET
    if achievement <= 0:
        return NOT_STARTED
    if achievement >= _HUNDRED:
        return ACHIEVED
    if expected >= _HUNDRED:
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


def indicator_progress(indicator, achieved, expected, elapsed=None):
    """The IndicatorProgress of `indicator` with `achieved` so far and `expected` % of time elapsed.

    `elapsed` is the unrounded `expected`, for the forecast.
    """
    achieved = Decimal(achieved)
    elapsed = expected if elapsed is None else elapsed
    achievement = _percent(achieved, indicator.target)
    return IndicatorProgress(
        indicator=indicator,
        achieved=achieved,
        achievement=achievement,
        expected=expected,
        status=status_for(achievement, expected),
        exceeded=_exceeded(indicator, achieved),
        forecast=_forecast(indicator, achieved, elapsed),
    )


def _figure_progress(planned, achieved):
    planned = None if planned is None else Decimal(planned)
    return FigureProgress(planned=planned, achieved=Decimal(achieved), achievement=_percent(achieved, planned))


# --- queries ---------------------------------------------------------------------------------------------


def _approved_reports(as_of):
    from participants.models import ProgressReport

    return ProgressReport.objects.filter(status=ProgressReport.Status.APPROVED, period_end__lte=as_of)


def _figure_sums():
    return {name: Sum(name) for name in FIGURES} | {"reports": Count("id")}


def _latest_subquery(as_of, figure, target_group_id=None):
    """The project's latest approved value of `figure` (or of one target group's breakdown)."""
    from participants.models import ProgressReport, ReportBreakdown

    if target_group_id is None:
        reports = _approved_reports(as_of).filter(project=OuterRef("pk"), **{f"{figure}__isnull": False})
        return Subquery(reports.order_by("-period_end", "-pk").values(figure)[:1])
    rows = ReportBreakdown.objects.filter(
        report__project=OuterRef("pk"),
        report__status=ProgressReport.Status.APPROVED,
        report__period_end__lte=as_of,
        target_group_id=target_group_id,
    )
    return Subquery(rows.order_by("-report__period_end", "-report__pk").values("participants")[:1])


def _node_totals(strategy, indicators, as_of):
    """{node_id: {key: value}} of what each node's own projects contribute, keyed as the indicators ask."""
    from participants.models import ProgressReport, ReportBreakdown
    from projects.models import Project

    totals = {}

    def add(node_id, key, value):
        bucket = totals.setdefault(node_id, {})
        bucket[key] = bucket.get(key, 0) + (value or 0)

    projects = Project.objects.filter(node__strategy=strategy)
    counted = Q(status__in=Project.COUNTED_STATUSES)
    for row in projects.values("node_id").annotate(n=Count("id"), counted=Count("id", filter=counted)).order_by():
        add(row["node_id"], "projects", row["n"])
        add(row["node_id"], "counted", row["counted"])

    live = ~Q(project__status=Project.Status.TERMINATED)
    reports = _approved_reports(as_of).filter(live, project__node__strategy=strategy)
    for row in reports.values("project__node_id").annotate(**_figure_sums()).order_by():
        for name in (*FIGURES, "reports"):
            add(row["project__node_id"], name, row[name])

    groups = {
        indicator.target_group_id
        for indicator in indicators
        if indicator.target_group_id and indicator.measure == Indicator.Measure.FLOW
    }
    if groups:
        breakdowns = ReportBreakdown.objects.filter(
            ~Q(report__project__status=Project.Status.TERMINATED),
            report__status=ProgressReport.Status.APPROVED,
            report__period_end__lte=as_of,
            report__project__node__strategy=strategy,
            target_group_id__in=groups,
        )
        rows = breakdowns.values("report__project__node_id", "target_group_id").annotate(n=Sum("participants"))
        for row in rows.order_by():
            add(row["report__project__node_id"], ("group", row["target_group_id"]), row["n"])

    stocks = {
        _stock_key(indicator)
        for indicator in indicators
        if indicator.source == Indicator.Source.REPORTED and indicator.measure == Indicator.Measure.STOCK
    }
    if stocks:
        latest = {
            f"latest_{n}": _latest_subquery(as_of, key[1], key[2] or None) for n, key in enumerate(sorted(stocks))
        }
        rows = projects.exclude(status=Project.Status.TERMINATED).annotate(**latest).values("node_id", *latest)
        for row in rows.order_by():
            for n, key in enumerate(sorted(stocks)):
                add(row["node_id"], key, row[f"latest_{n}"])
    return totals


def _stock_key(indicator):
    return ("stock", indicator.figure, indicator.target_group_id or 0)


def _achieved(indicator, totals, manual):
    """The achieved value of `indicator` from the rolled-up `totals` of its node (or of the strategy)."""
    if indicator.source == Indicator.Source.PROJECTS_COUNTED:
        return Decimal(totals.get("counted", 0))
    if indicator.source == Indicator.Source.MANUAL:
        values = manual.get(indicator.pk, [])
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


def _merge(into, other):
    for key, value in other.items():
        into[key] = into.get(key, 0) + value
    return into


def strategy_progress(strategy, as_of=None):
    as_of = as_of or timezone.localdate()
    elapsed = _elapsed(strategy.start_date, strategy.end_date, as_of)
    expected = elapsed.quantize(_TENTH, ROUND_HALF_UP)
    nodes = list(Node.objects.filter(strategy=strategy).order_by("sort_key"))
    indicators = list(Indicator.objects.filter(strategy=strategy).select_related("target_group"))
    manual = {}
    values = ManualValue.objects.filter(indicator__strategy=strategy, date__lte=as_of).order_by("date", "pk")
    for indicator_id, value in values.values_list("indicator_id", "value"):
        manual.setdefault(indicator_id, []).append(value)
    own = _node_totals(strategy, indicators, as_of)

    by_node = {}
    for indicator in indicators:
        by_node.setdefault(indicator.node_id, []).append(indicator)
    children = {}
    for node in nodes:
        node.strategy = strategy
        children.setdefault(node.parent_id, []).append(node)
    node_by_id = {node.pk: node for node in nodes}
    for indicator in indicators:
        indicator.strategy = strategy
        if indicator.node_id:
            indicator.node = node_by_id[indicator.node_id]

    def build(node):
        """The NodeProgress of `node` and the totals of its subtree."""
        built = [build(child) for child in children.get(node.pk, [])]
        if node.parent_id:
            node.parent = node_by_id[node.parent_id]
        totals = dict(own.get(node.pk, {}))
        for _kid, kid_totals in built:
            _merge(totals, kid_totals)
        item = NodeProgress(
            node=node,
            indicators=[
                indicator_progress(i, _achieved(i, totals, manual), expected, elapsed) for i in by_node.get(node.pk, [])
            ],
            children=[kid for kid, _kid_totals in built],
            project_count=totals.get("projects", 0),
            figures=Figures.from_row(totals),
            counted_project_count=totals.get("counted", 0),
        )
        return item, totals

    built = [build(node) for node in children.get(None, [])]
    totals = {}
    for _root, root_totals in built:
        _merge(totals, root_totals)
    roots = [root for root, _root_totals in built]
    return StrategyProgress(
        strategy=strategy,
        as_of=as_of,
        expected=expected,
        indicators=[
            indicator_progress(i, _achieved(i, totals, manual), expected, elapsed) for i in by_node.get(None, [])
        ],
        roots=roots,
        project_count=totals.get("projects", 0),
        figures=Figures.from_row(totals),
        counted_project_count=totals.get("counted", 0),
    )


def _project_expected(project, as_of):
    """The share of the project's own period elapsed; of its strategy's period when its dates are not known."""
    if project.start_date and project.end_date:
        return elapsed_share(project.start_date, project.end_date, as_of)
    strategy = project.node.strategy  # views fetch projects with select_related("node__strategy")
    return elapsed_share(project.start_date or strategy.start_date, project.end_date or strategy.end_date, as_of)


def project_progress(project, as_of=None):
    """One project's planned participants, volunteers, jobs and target groups against its approved reports."""
    from participants.models import ProgressReport, TargetGroup
    from projects.models import ProjectTargetGroup

    as_of = as_of or timezone.localdate()
    reports = _approved_reports(as_of).filter(project=project)
    figures = Figures.from_row(reports.aggregate(**_figure_sums()))
    achieved = {
        group.pk: group
        for group in TargetGroup.objects.filter(
            report_breakdowns__report__project=project,
            report_breakdowns__report__status=ProgressReport.Status.APPROVED,
            report_breakdowns__report__period_end__lte=as_of,
        ).annotate(achieved=Sum("report_breakdowns__participants"))
    }
    target_groups = []
    for planned in ProjectTargetGroup.objects.filter(project=project).select_related("target_group"):
        group = achieved.pop(planned.target_group_id, None)
        total = group.achieved if group else 0
        target_groups.append((planned.target_group, _figure_progress(planned.planned_participants, total)))
    for group in sorted(achieved.values(), key=lambda group: (group.position, group.name)):
        target_groups.append((group, _figure_progress(None, group.achieved)))
    return ProjectProgress(
        project=project,
        as_of=as_of,
        participants=_figure_progress(project.planned_participants, figures.participants),
        volunteers=_figure_progress(project.planned_volunteers, figures.volunteers),
        jobs=_figure_progress(project.planned_jobs, figures.jobs_created),
        target_groups=target_groups,
        figures=figures,
        expected=_project_expected(project, as_of),
    )


class FiguresByProject(dict):
    """{project id: Figures}; a project without approved reports gives zeros."""

    def __missing__(self, key):
        return Figures()


def projects_achieved(projects, as_of=None):
    """{project id: Figures} of approved reports for `projects` (a queryset or a list), in one query.

    Every project asked about has an entry, with zeros when nothing of it is approved yet.
    """
    from participants.models import ProgressReport
    from projects.models import Project

    as_of = as_of or timezone.localdate()
    if isinstance(projects, QuerySet) and projects._result_cache is None:
        ids = projects.values("pk")  # a subquery: the list itself is not fetched here
    else:
        ids = [getattr(project, "pk", project) for project in projects]
    counts = Q(reports__status=ProgressReport.Status.APPROVED, reports__period_end__lte=as_of)
    sums = {name: Sum(f"reports__{name}", filter=counts) for name in FIGURES}
    rows = Project.objects.filter(pk__in=ids).values("pk").annotate(**sums, reports_n=Count("reports", filter=counts))
    result = FiguresByProject()
    for row in rows.order_by():
        result[row["pk"]] = Figures.from_row({**row, "reports": row["reports_n"]})
    return result
