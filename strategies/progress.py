"""Progress against targets: the one calculation behind every page, export and PDF.

CONTRACT (pages, exports and PDFs are written against these names; keep them stable):

    strategy_progress(strategy, as_of=None) -> StrategyProgress
        The whole tree at once, with a fixed number of queries whatever the data size.
    project_progress(project, as_of=None) -> ProjectProgress
        One project's planned figures against its approved reports.
    projects_achieved(projects, as_of=None) -> dict[project_id, Figures]
        Approved figures of many projects in one query (for lists and tables).

Only approved reports whose period ended on or before `as_of` (default: today) count.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import Indicator, Node, Strategy

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


@dataclass
class StrategyProgress:
    strategy: Strategy
    as_of: date
    expected: Decimal
    indicators: list[IndicatorProgress]  # those on the strategy itself
    roots: list[NodeProgress]
    project_count: int = 0
    figures: Figures = field(default_factory=Figures)

    def nodes(self):
        """Every NodeProgress, depth first, in natural code order."""
        raise NotImplementedError

    def find(self, code):
        """The NodeProgress of the node with `code`, or None."""
        raise NotImplementedError

    @property
    def headline(self):
        """Indicators marked headline, the strategy's own first, then the nodes' in tree order."""
        raise NotImplementedError


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


def strategy_progress(strategy, as_of=None):
    raise NotImplementedError


def project_progress(project, as_of=None):
    raise NotImplementedError


def projects_achieved(projects, as_of=None):
    raise NotImplementedError
