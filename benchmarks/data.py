"""Generated strategies at a multiple of the demo's size, for benchmarks and load tests.

`build_strategy(scale)` writes, with bulk inserts, a strategy of `scale` goals. Each goal is about the size
of the demo's 2016–2022 strategy: two objectives, four actions, 15 projects of every status and 300 progress
reports of every status (most approved), with overlapping target-group breakdowns, and indicators of every
source (projects counted, reported flows and stocks, a target group, manual values) and target kind.
So 1× ≈ 15 projects and 300 reports, 100× ≈ 1 500 projects and 30 000 reports.
"""

import datetime
import itertools
from decimal import Decimal

from django.db import transaction

from participants.models import ProgressReport, ReportBreakdown
from projects.models import Organisation, Project, ProjectTargetGroup
from strategies.models import Indicator, ManualValue, Node, Strategy, TargetGroup, natural_sort_key

START_YEAR, END_YEAR = 2016, 2022
PROJECTS_PER_GOAL = 15
REPORTS_PER_PROJECT = 20  # quarters from 2016 to 2020
AS_OF = datetime.date(2021, 12, 31)  # a date when every generated report has ended

TARGET_GROUPS = [
    ("bench-senjorai", "Senjorai (bandymas)", "Seniors (benchmark)"),
    ("bench-vienisi", "Vieniši asmenys (bandymas)", "People living alone (benchmark)"),
    ("bench-jaunimas", "Jaunimas iki 29 m. (bandymas)", "Youth under 29 (benchmark)"),
]

# One in ten reports is not approved; one project of every 15 is terminated and one only planned.
REPORT_STATUSES = [ProgressReport.Status.APPROVED] * 17 + [
    ProgressReport.Status.DRAFT,
    ProgressReport.Status.SUBMITTED,
    ProgressReport.Status.RETURNED,
]
PROJECT_STATUSES = (
    [Project.Status.IN_PROGRESS] * 6
    + [Project.Status.COMPLETED] * 5
    + [
        Project.Status.SELECTED,
        Project.Status.CONTRACT_SIGNED,
        Project.Status.PLANNED,
        Project.Status.TERMINATED,
    ]
)

_BATCH = 2000


def _quarters():
    for year in range(START_YEAR, START_YEAR + REPORTS_PER_PROJECT // 4):
        for month in (1, 4, 7, 10):
            start = datetime.date(year, month, 1)
            end = datetime.date(year + (month == 10), 1 if month == 10 else month + 3, 1) - datetime.timedelta(1)
            yield start, end


def _node(strategy, code, parent=None):
    # bulk_create skips Node.save, which sets these two.
    return Node(
        strategy=strategy,
        parent=parent,
        code=code,
        title=f"Veiksmas {code}",
        sort_key=natural_sort_key(code),
        depth=0 if parent is None else parent.depth + 1,
    )


def _indicator(strategy, node, name, **fields):
    for key in ("target", "target_max"):
        if fields.get(key) is not None:
            fields[key] = Decimal(str(fields[key]))
    fields.setdefault("unit", Indicator.Unit.PARTICIPANTS)
    return Indicator(strategy=strategy, node=node, name=name, **fields)


def _nodes(strategy, scale):
    goals = Node.objects.bulk_create([_node(strategy, f"{g}") for g in range(1, scale + 1)])
    objectives = Node.objects.bulk_create([_node(strategy, f"{g.code}.{o}", g) for g in goals for o in (1, 2)])
    actions = Node.objects.bulk_create([_node(strategy, f"{o.code}.{a}", o) for o in objectives for a in (1, 2)])
    return goals, objectives, actions


def _indicators(strategy, goals, objectives, actions, groups):
    source, kind, figure = Indicator.Source, Indicator.TargetKind, Indicator.Figure
    items = [
        _indicator(strategy, None, "Projektai", unit=Indicator.Unit.PROJECTS, source=source.PROJECTS_COUNTED,
                   target=PROJECTS_PER_GOAL * len(goals), headline=True),
        _indicator(strategy, None, "Dalyviai", source=source.REPORTED, figure=figure.PARTICIPANTS,
                   target_kind=kind.AT_LEAST, target=2000 * len(goals), headline=True),
        _indicator(strategy, None, "Savanoriai", unit=Indicator.Unit.VOLUNTEERS, source=source.MANUAL,
                   target_kind=kind.ABOUT, target=200 * len(goals)),
    ]  # fmt: skip
    for goal in goals:
        items += [
            _indicator(strategy, goal, "Senjorai", source=source.REPORTED, figure=figure.PARTICIPANTS,
                       target_group=groups[0], target=300),
            _indicator(strategy, goal, "Sukurtos darbo vietos", unit=Indicator.Unit.JOBS, source=source.REPORTED,
                       figure=figure.JOBS_CREATED, target=5),
            _indicator(strategy, goal, "Veikiantys socialiniai verslai", unit=Indicator.Unit.SERVICES,
                       source=source.REPORTED, figure=figure.SERVICES, measure=Indicator.Measure.STOCK, target=3),
        ]  # fmt: skip
    for objective in objectives:
        items.append(
            _indicator(strategy, objective, "Projektai", unit=Indicator.Unit.PROJECTS, source=source.PROJECTS_COUNTED,
                       target_kind=kind.RANGE, target=6, target_max=7)
        )  # fmt: skip
    for action in actions:
        items += [
            _indicator(strategy, action, "Dalyviai", source=source.REPORTED, figure=figure.PARTICIPANTS, target=400),
            _indicator(strategy, action, "Išleista", unit=Indicator.Unit.EUR, source=source.REPORTED,
                       figure=figure.SPENT, target=0),
            _indicator(strategy, action, "Paslaugų gavėjai", source=source.MANUAL, target=None),
        ]  # fmt: skip
    return Indicator.objects.bulk_create(items, batch_size=_BATCH)


def _projects(strategy, goals, actions, organisations, groups):
    projects = []
    counter = itertools.count(1)
    actions_of = {}
    for action in actions:
        actions_of.setdefault(action.code.split(".")[0], []).append(action)
    for goal in goals:
        for p in range(PROJECTS_PER_GOAL):
            n = next(counter)
            projects.append(
                Project(
                    node=actions_of[goal.code][p % 4],
                    code=f"BENCH-{strategy.code}-{n:05d}",
                    slug=f"bench-{strategy.code}-{n}",
                    title=f"Bandomasis projektas {n}",
                    promoter=organisations[n % len(organisations)],
                    status=PROJECT_STATUSES[p],
                    start_date=datetime.date(START_YEAR, 1, 1),
                    end_date=datetime.date(START_YEAR + 4, 12, 31),
                    planned_participants=100,
                    planned_volunteers=10,
                    planned_jobs=Decimal("1.5"),
                )
            )
    projects = Project.objects.bulk_create(projects, batch_size=_BATCH)
    ProjectTargetGroup.objects.bulk_create(
        [
            ProjectTargetGroup(project=project, target_group=group, planned_participants=40)
            for project in projects
            for group in groups[:2]
        ],
        batch_size=_BATCH,
    )
    return projects


def _reports(projects, groups):
    reports = []
    for n, project in enumerate(projects):
        if project.status == Project.Status.PLANNED:
            continue
        for q, (start, end) in enumerate(_quarters()):
            reports.append(
                ProgressReport(
                    project=project,
                    period_start=start,
                    period_end=end,
                    status=REPORT_STATUSES[(n + q) % len(REPORT_STATUSES)],
                    participants=5 + (n + q) % 7,
                    volunteers=(n + q) % 3,
                    jobs_created=Decimal("0.25") if q % 4 == 0 else None,
                    jobs_retained=Decimal("0.25") if q % 4 == 2 else None,
                    services=1 + q % 2,
                    spent=Decimal("1250.50"),
                )
            )
    reports = ProgressReport.objects.bulk_create(reports, batch_size=_BATCH)
    # Overlapping groups: each may reach the total, their sum exceeds it.
    breakdowns = [
        ReportBreakdown(report=report, target_group=group, participants=report.participants - k)
        for report in reports
        for k, group in enumerate(groups[:2])
    ]
    ReportBreakdown.objects.bulk_create(breakdowns, batch_size=_BATCH)
    return reports


def _manual_values(indicators):
    values = []
    for indicator in indicators:
        if indicator.source != Indicator.Source.MANUAL:
            continue
        for year in range(START_YEAR, START_YEAR + 5):
            values.append(ManualValue(indicator=indicator, date=datetime.date(year, 12, 31), value=Decimal("40")))
    ManualValue.objects.bulk_create(values, batch_size=_BATCH)


@transaction.atomic
def build_strategy(scale, code=None):
    """A strategy `scale` times the demo's size (1 ≈ 15 projects, 300 reports), built with bulk inserts.

    Returns the Strategy. Target groups and organisations are shared between calls; everything else is new.
    """
    code = code or f"bench-{scale}x"
    strategy = Strategy.objects.create(
        code=code,
        title=f"Bandomoji strategija {scale}×",
        start_year=START_YEAR,
        end_year=END_YEAR,
        status=Strategy.Status.IN_FORCE,
        level_names="Tikslas, Uždavinys, Veiksmas",
    )
    groups = [
        TargetGroup.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name_en})[0]
        for slug, name, name_en in TARGET_GROUPS
    ]
    organisations = [
        Organisation.objects.get_or_create(name=f"Bandomoji organizacija {n}", defaults={"slug": f"bench-org-{n}"})[0]
        for n in range(1, 6)
    ]
    goals, objectives, actions = _nodes(strategy, scale)
    indicators = _indicators(strategy, goals, objectives, actions, groups)
    _manual_values(indicators)
    projects = _projects(strategy, goals, actions, organisations, groups)
    _reports(projects, groups)
    return strategy
