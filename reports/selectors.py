"""What the PDF reports show, gathered with a fixed number of queries whatever the data size.

Every figure comes from `progress.calculation`; this module only arranges it for the templates, so the
PDF shows exactly what the pages show.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import ProgressReport
from progress.calculation import Figures, project_progress, projects_achieved, strategy_progress, strategy_years
from projects.models import Project
from strategies.models import Strategy


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

    @property
    def has_unreported_projects(self):
        """Some project here has no approved report: its figures show as dashes when kept by hand above."""
        return any(not row.figures.reports for row in self.projects)


@dataclass
class StrategyReport:
    strategy: Strategy
    as_of: date
    period_start: date
    period_end: date
    board: bool  # the board's version lists pending reports; the public one never does
    progress: object  # StrategyProgress
    sections: list[Section]
    approved_reports: list[ProgressReport]  # counting reports whose period ended within the chosen period
    pending_reports: list[ProgressReport]  # submitted, not approved yet; board only
    generated_at: object = field(default_factory=timezone.now)


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


@dataclass
class AnnualReport:
    """The report for the members' meeting: one calendar year of a strategy, as of its 31 December."""

    strategy: Strategy
    year: int
    board: bool
    table: object  # YearTable as of 31 December: the same figures as the year page
    started: list[Project]  # projects whose start date falls in the year
    completed: list[Project]  # completed projects whose end date falls in the year
    terminated: list[Project]  # terminated projects whose end date falls in the year
    approved_reports: list[ProgressReport]  # approved, period ended in the year, with words to quote
    approved_count: int  # approved reports whose period ended in the year
    pending_reports: list[ProgressReport]  # board only: submitted, period ended in the year, not approved yet
    generated_at: object = field(default_factory=timezone.now)

    @property
    def as_of(self):
        return self.table.as_of

    @property
    def progress(self):
        return self.table.progress

    @property
    def year_label(self):
        """The year as written, never with a thousands separator."""
        return str(self.year)

    @property
    def year_not_over(self):
        return self.as_of > timezone.localdate()

    @property
    def column(self):
        """The index of the year in every row of the table."""
        return self.table.column(self.year)

    @property
    def indicator_rows(self):
        """[(YearRow, its YearCell of the year)], the strategy's own indicators first, then the nodes' in order."""
        return [(row, row.cells[self.column]) for row in self.table.rows]

    @property
    def headline_rows(self):
        return [(row, cell) for row, cell in self.indicator_rows if row.indicator.headline]

    @property
    def money_rows(self):
        return [(row, row.cells[self.column]) for row in self.table.money]

    @property
    def money(self):
        """The strategy's money row and its cell of the year."""
        return self.money_rows[0]

    @property
    def milestones_of_the_year(self):
        """[(indicator or None for money, MilestoneProgress)] dated in the year."""
        items = []
        for row in self.table.rows:
            items += [(row.indicator, m) for m in row.progress.milestones if m.date.year == self.year]
        items += [(None, m) for m in self.progress.money.milestones if m.date.year == self.year]
        return sorted(items, key=lambda item: item[1].date)


class AnnualReportError(ValueError):
    """A year the annual report cannot be made for; the message names it."""


def check_annual_year(strategy, year, today=None):
    """Raise AnnualReportError unless `year` falls within the strategy's period and has begun."""
    today = today or timezone.localdate()
    if not strategy.start_year <= year <= strategy.end_year:
        raise AnnualReportError(
            _("The year %(year)s is outside the strategy period %(period)s.")
            % {"year": year, "period": strategy.period}
        )
    if year > today.year:
        raise AnnualReportError(_("The year %(year)s has not begun yet.") % {"year": year})


def annual_report(strategy, year, *, board=False):
    """Everything the annual report shows, as of 31 December of `year`, in a fixed number of queries."""
    check_annual_year(strategy, year)
    first, last = date(year, 1, 1), date(year, 12, 31)
    table = strategy_years(strategy, last)
    in_year = Q(start_date__range=(first, last)) | Q(
        end_date__range=(first, last), status__in=(Project.Status.COMPLETED, Project.Status.TERMINATED)
    )
    projects = list(
        Project.objects.filter(in_year, node__strategy=strategy).select_related("node", "promoter").order_by("title")
    )
    reports = _reports(strategy).approved().filter(period_end__range=(first, last))
    pending = list(_reports(strategy).pending().filter(period_end__range=(first, last))) if board else []
    approved = list(reports)
    return AnnualReport(
        strategy=strategy,
        year=year,
        board=board,
        table=table,
        started=[p for p in projects if p.start_date and first <= p.start_date <= last],
        completed=[
            p for p in projects if p.status == Project.Status.COMPLETED and p.end_date and first <= p.end_date <= last
        ],
        terminated=[
            p for p in projects if p.status == Project.Status.TERMINATED and p.end_date and first <= p.end_date <= last
        ],
        approved_reports=[r for r in approved if r.achievements or r.difficulties or r.next_steps],
        approved_count=len(approved),
        pending_reports=pending,
    )


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

    # Only reports with words to quote: their figures are already in the tables above. A terminated project's
    # words are quoted too (marked so), as its row in the tables shows what it reported.
    approved = (
        _reports(strategy)
        .approved_as_of(period_end)
        .filter(period_end__gte=period_start)
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
        approved_reports=list(approved),
        pending_reports=list(pending),
    )


def project_report(project, *, as_of=None, board=False):
    """Everything the project report shows: facts, planned against achieved, every approved report."""
    as_of = as_of or timezone.localdate()
    project = Project.objects.select_related("node", "node__strategy", "promoter").with_rows().get(pk=project.pk)
    progress = project_progress(project, as_of)
    return ProjectReport(
        project=project,
        as_of=as_of,
        board=board,
        progress=progress,
        approved_reports=progress.reports,
        pending_reports=list(_reports(project=project).as_of(as_of).pending()) if board else [],
    )
