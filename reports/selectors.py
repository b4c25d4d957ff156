"""What the PDF reports show, gathered with a fixed number of queries whatever the data size.

Every figure comes from `strategies.progress`; this module only arranges it for the templates, so the
PDF shows exactly what the pages show.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import ProgressReport, ReportBreakdown
from projects.models import Project
from strategies.models import Indicator, ManualValue, Node, Strategy
from strategies.progress import Figures, project_progress, projects_achieved, strategy_progress


@dataclass
class ProjectRow:
    project: Project
    figures: Figures


@dataclass
class Section:
    """One objective or action: its indicators, and the projects hanging directly from it."""

    progress: object  # NodeProgress
    projects: list[ProjectRow] = field(default_factory=list)

    @property
    def node(self):
        return self.progress.node


@dataclass
class StrategyReport:
    strategy: Strategy
    as_of: date
    period_start: date
    period_end: date
    board: bool  # the board's version lists pending reports; the public one never does
    progress: object  # StrategyProgress
    sections: list[Section]
    status_counts: list[tuple[str, int]]  # (status label, projects), in the order of Project.Status
    project_total: int
    committed_grant: Decimal  # grants of the counted projects
    committed_cost: Decimal  # total eligible cost of the counted projects
    spent: Decimal  # money spent by the approved reports as of the date (the strategy's progress figures)
    approved_reports: list[ProgressReport]  # approved, period ending within the chosen period
    pending_reports: list[ProgressReport]  # submitted, not approved yet; board only
    generated_at: object = field(default_factory=timezone.now)

    @property
    def spent_share(self):
        """Spent as a % of the committed grants, or None when nothing is committed."""
        if not self.committed_grant:
            return None
        return self.spent / self.committed_grant * 100


@dataclass
class ProjectReport:
    project: Project
    as_of: date
    board: bool
    progress: object  # ProjectProgress
    approved_reports: list[ProgressReport]
    pending_reports: list[ProgressReport]
    generated_at: object = field(default_factory=timezone.now)

    @property
    def planned_rows(self):
        return [
            (_("New participants"), self.progress.participants),
            (_("New volunteers"), self.progress.volunteers),
            (_("Jobs created (FTE)"), self.progress.jobs),
        ]


def _reports(strategy=None, project=None):
    reports = ProgressReport.objects.select_related("project", "project__node").order_by(
        "project__node__sort_key", "project__title", "period_start"
    )
    if project is not None:
        return reports.filter(project=project)
    return reports.filter(project__node__strategy=strategy)


def strategy_report(strategy, *, as_of=None, period_start=None, period_end=None, board=False):
    """Everything the strategy progress report shows.

    The chosen period (by default the whole strategy up to `as_of`) picks whose achievements and
    difficulties are quoted: the approved reports whose period ended within it. Figures are as of `as_of`.
    """
    as_of = as_of or timezone.localdate()
    period_start = period_start or strategy.start_date
    period_end = min(period_end or as_of, as_of)
    progress = strategy_progress(strategy, as_of)

    in_strategy = Project.objects.filter(node__strategy=strategy)
    projects = list(in_strategy.select_related("node", "promoter").order_by("title"))
    achieved = projects_achieved(in_strategy, as_of)
    by_node = defaultdict(list)
    for project in projects:
        by_node[project.node_id].append(ProjectRow(project, achieved.get(project.pk) or Figures()))
    sections = [Section(node_progress, by_node[node_progress.node.pk]) for node_progress in progress.nodes()]

    counts = Counter(project.status for project in projects)
    counted = [project for project in projects if project.counts]
    # Only reports with words to quote: their figures are already in the tables above.
    approved = (
        _reports(strategy)
        .approved()
        .filter(period_end__gte=period_start, period_end__lte=period_end)
        .exclude(achievements="", difficulties="", next_steps="")
    )
    pending = _reports(strategy).pending().as_of(as_of) if board else []
    return StrategyReport(
        strategy=strategy,
        as_of=as_of,
        period_start=period_start,
        period_end=period_end,
        board=board,
        progress=progress,
        sections=sections,
        status_counts=[(label, counts[value]) for value, label in Project.Status.choices],
        project_total=len(projects),
        committed_grant=sum((project.grant or Decimal("0") for project in counted), Decimal("0")),
        committed_cost=sum((project.total_cost or Decimal("0") for project in counted), Decimal("0")),
        spent=progress.figures.spent,
        approved_reports=list(approved),
        pending_reports=list(pending),
    )


def project_report(project, *, as_of=None, board=False):
    """Everything the project report shows: facts, planned against achieved, every approved report."""
    as_of = as_of or timezone.localdate()
    project = (
        Project.objects.select_related("node", "node__strategy", "promoter")
        .prefetch_related("partnerships__organisation", "project_target_groups__target_group")
        .get(pk=project.pk)
    )
    reports = _reports(project=project).as_of(as_of)
    return ProjectReport(
        project=project,
        as_of=as_of,
        board=board,
        progress=project_progress(project, as_of),
        approved_reports=list(reports.approved()),
        pending_reports=list(reports.pending()) if board else [],
    )


def _scalar(queryset, group_by, aggregate):
    """One aggregate of `queryset` as a subquery (grouped by the outer row)."""
    return Subquery(queryset.order_by().values(group_by).annotate(value=aggregate).values("value")[:1])


def strategy_fingerprint(strategy):
    """A short text that changes whenever anything the strategy report shows changes. One query.

    Projects and reports carry `updated_at`; for the rows that do not, counts, sums and the highest id
    catch additions, deletions and edited values.
    """
    projects = Project.objects.filter(node__strategy=OuterRef("pk"))
    reports = ProgressReport.objects.filter(project__node__strategy=OuterRef("pk"))
    values = ManualValue.objects.filter(indicator__strategy=OuterRef("pk"))
    indicators = Indicator.objects.filter(strategy=OuterRef("pk"))
    nodes = Node.objects.filter(strategy=OuterRef("pk"))
    row = (
        Strategy.objects.filter(pk=strategy.pk)
        .annotate(
            projects_changed=_scalar(projects, "node__strategy", Max("updated_at")),
            projects_count=_scalar(projects, "node__strategy", Count("pk")),
            reports_changed=_scalar(reports, "project__node__strategy", Max("updated_at")),
            reports_count=_scalar(reports, "project__node__strategy", Count("pk")),
            values_count=_scalar(values, "indicator__strategy", Count("pk")),
            values_last=_scalar(values, "indicator__strategy", Max("pk")),
            values_sum=_scalar(values, "indicator__strategy", Sum("value")),
            indicators_count=_scalar(indicators, "strategy", Count("pk")),
            indicators_last=_scalar(indicators, "strategy", Max("pk")),
            targets_sum=_scalar(indicators, "strategy", Sum(Coalesce("target", Value(Decimal("0"))))),
            nodes_count=_scalar(nodes, "strategy", Count("pk")),
            nodes_last=_scalar(nodes, "strategy", Max("pk")),
        )
        .values(
            "title",
            "status",
            "budget",
            "level_names",
            "level_names_en",
            "projects_changed",
            "projects_count",
            "reports_changed",
            "reports_count",
            "values_count",
            "values_last",
            "values_sum",
            "indicators_count",
            "indicators_last",
            "targets_sum",
            "nodes_count",
            "nodes_last",
        )
        .get()
    )
    return "|".join(str(value) for value in row.values())


def project_fingerprint(project):
    """Like `strategy_fingerprint`, for one project's report. One query."""
    reports = ProgressReport.objects.filter(project=OuterRef("pk"))
    breakdowns = ReportBreakdown.objects.filter(report__project=OuterRef("pk"))
    row = (
        Project.objects.filter(pk=project.pk)
        .annotate(
            reports_changed=_scalar(reports, "project", Max("updated_at")),
            reports_count=_scalar(reports, "project", Count("pk")),
            breakdowns_count=_scalar(breakdowns, "report__project", Count("pk")),
            breakdowns_sum=_scalar(breakdowns, "report__project", Sum("participants")),
        )
        .values("updated_at", "reports_changed", "reports_count", "breakdowns_count", "breakdowns_sum")
        .get()
    )
    return "|".join(str(value) for value in row.values())
