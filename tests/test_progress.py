"""The progress calculation of `progress.calculation`: counting rules, targets, statuses and query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.utils import translation

from benchmarks.data import AS_OF, build_strategy
from participants.models import ProgressReport
from progress import calculation
from progress.calculation import (
    ACHIEVED,
    BEHIND,
    NO_TARGET,
    NOT_STARTED,
    ON_TRACK,
    STATUS_LABELS,
    organisations_with_project_counts,
    project_progress,
    projects_achieved,
    status_rule,
    strategy_progress,
)
from projects.models import Organisation, Project, ProjectTargetGroup
from strategies.models import Indicator, ManualValue, Node, natural_sort_key

from .conftest import (
    make_indicator,
    make_node,
    make_organisation,
    make_project,
    make_report,
    make_strategy,
    make_target_group,
)

pytestmark = pytest.mark.django_db

Status = Project.Status
Report = ProgressReport.Status


def day(text):
    return datetime.date.fromisoformat(text)


def manual(indicator, when, value):
    return ManualValue.objects.create(indicator=indicator, date=day(when), value=Decimal(str(value)))


def indicator_of(progress, node_code, name):
    owner = progress if node_code is None else progress.find(node_code)
    return next(item for item in owner.indicators if item.indicator.name == name)


# --- the source articles' figures ------------------------------------------------------------------------


def test_it_shows_elektrenai_189_served_against_125_planned_as_151_percent_achieved():
    strategy = make_strategy()
    action = make_node(strategy, "1.1.1")
    make_indicator(action, "Aptarnauti asmenys", target=125, target_kind=Indicator.TargetKind.AT_LEAST)
    kopa = make_project(action, "Kompleksinės paslaugos (KOPA)", code="07-007-P-0001", planned_participants=125)
    make_report(kopa, "2023-03-01", "2023-08-31", participants=125)
    make_report(kopa, "2023-09-01", "2023-12-31", participants=64)

    item = indicator_of(strategy_progress(strategy, as_of=day("2023-12-31")), "1.1.1", "Aptarnauti asmenys")

    assert item.achieved == 189
    assert item.achievement == Decimal("151.2")
    assert round(item.achievement) == 151
    assert item.status == ACHIEVED
    assert item.exceeded is True
    assert item.bar_width == 100
    project = project_progress(kopa, as_of=day("2023-12-31"))
    assert project.participants.planned == 125
    assert project.participants.achieved == 189
    assert project.participants.achievement == Decimal("151.2")
    assert project.expected == Decimal("14.2745")  # no dates of its own: 365 of the strategy's 2 557 days


def _range_of_projects():
    strategy = make_strategy()
    objective = make_node(strategy, "1.1")
    first, second = make_node(strategy, "1.1.1", parent=objective), make_node(strategy, "1.1.2", parent=objective)
    make_indicator(
        objective,
        "Projektai",
        unit=Indicator.Unit.PROJECTS,
        source=Indicator.Source.PROJECTS_COUNTED,
        target_kind=Indicator.TargetKind.RANGE,
        target=6,
        target_max=7,
    )
    for n, status in enumerate([Status.SELECTED, Status.CONTRACT_SIGNED, Status.IN_PROGRESS, Status.COMPLETED]):
        make_project(first if n % 2 else second, f"Projektas {n}", status=status)
    make_project(first, "Dar tik planuojamas", status=Status.PLANNED)
    make_project(second, "Nutrauktas", status=Status.TERMINATED)
    return strategy


def test_it_counts_4_projects_against_a_6_to_7_range_as_on_track_early_and_not_exceeded():
    progress = strategy_progress(_range_of_projects(), as_of=day("2025-06-30"))
    item = indicator_of(progress, "1.1", "Projektai")

    assert item.achieved == 4
    assert item.achievement == Decimal("66.6667")  # against the minimum, 6
    assert item.expected == Decimal("35.6668")  # 912 of the 2 557 days of 2023–2029
    assert item.status == ON_TRACK
    assert item.exceeded is False
    assert progress.find("1.1").project_count == 6
    assert progress.find("1.1").counted_project_count == 4


def test_it_counts_the_same_4_projects_as_behind_late_in_the_period():
    item = indicator_of(strategy_progress(_range_of_projects(), as_of=day("2029-06-30")), "1.1", "Projektai")

    assert item.expected == Decimal("92.8041")
    assert item.status == BEHIND  # 66,7 % is less than 75 % of 92,8 %
    assert item.exceeded is False


def test_it_counts_a_near_miss_as_behind_once_the_period_is_over():
    strategy = _range_of_projects()
    make_project(strategy.nodes.get(code="1.1.1"), "Penktas", status=Status.SELECTED)

    item = indicator_of(strategy_progress(strategy, as_of=day("2030-01-15")), "1.1", "Projektai")

    assert (item.achieved, item.expected) == (5, Decimal("100.0"))
    assert item.status == BEHIND  # 83,3 % would be on track mid-period, but no time is left


def test_it_shows_a_range_above_its_maximum_as_exceeded():
    strategy = _range_of_projects()
    for n in range(4):
        make_project(strategy.nodes.get(code="1.1.1"), f"Papildomas {n}", status=Status.SELECTED)

    item = indicator_of(strategy_progress(strategy, as_of=day("2025-06-30")), "1.1", "Projektai")

    assert item.achieved == 8
    assert item.status == ACHIEVED
    assert item.exceeded is True


def test_it_shows_1200_participants_against_about_1000_as_exceeded():
    strategy = make_strategy("2016-2022", 2016, 2022)
    objective = make_node(strategy, "1")
    participants = make_indicator(
        objective, target=1000, target_kind=Indicator.TargetKind.ABOUT, source=Indicator.Source.MANUAL
    )
    manual(participants, "2019-12-31", 700)
    manual(participants, "2020-12-31", 500)
    manual(participants, "2021-12-31", 400)  # after as_of

    item = indicator_of(strategy_progress(strategy, as_of=day("2020-12-31")), "1", "Dalyviai")

    assert item.achieved == 1200
    assert item.achievement == 120
    assert item.status == ACHIEVED
    assert item.exceeded is True


def test_it_does_not_call_a_little_above_an_about_target_exceeded():
    strategy = make_strategy()
    node = make_node(strategy, "1")
    indicator = make_indicator(
        node, target=1000, target_kind=Indicator.TargetKind.ABOUT, source=Indicator.Source.MANUAL
    )
    manual(indicator, "2024-01-01", 1050)

    item = indicator_of(strategy_progress(strategy, as_of=day("2024-12-31")), "1", "Dalyviai")

    assert item.status == ACHIEVED
    assert item.exceeded is False


def test_it_keeps_2_5_jobs_created_and_0_25_retained_to_the_hundredth():
    strategy = make_strategy("2014-2020", 2014, 2020)
    measure = make_node(strategy, "LEADER-19.2-SAVA-5")
    make_indicator(measure, "Sukurtos darbo vietos", unit=Indicator.Unit.JOBS, figure="jobs_created", target=2)
    make_indicator(measure, "Išlaikytos darbo vietos", unit=Indicator.Unit.JOBS, figure="jobs_retained", target=1)
    project = make_project(measure, "Kokybiškos paslaugos Guostagalio gyventojams", planned_jobs=Decimal("2.5"))
    make_report(project, "2019-01-01", "2019-06-30", jobs_created="1.5", jobs_retained="0.25")
    make_report(project, "2019-07-01", "2019-12-31", jobs_created="1.0")

    progress = strategy_progress(strategy, as_of=day("2020-12-31"))

    created = indicator_of(progress, "LEADER-19.2-SAVA-5", "Sukurtos darbo vietos")
    retained = indicator_of(progress, "LEADER-19.2-SAVA-5", "Išlaikytos darbo vietos")
    assert str(created.achieved) == "2.50"
    assert str(retained.achieved) == "0.25"
    assert created.achievement == 125
    assert retained.achievement == 25
    assert progress.figures.jobs_created == Decimal("2.50")
    assert progress.figures.jobs_retained == Decimal("0.25")
    jobs = project_progress(project, as_of=day("2020-12-31")).jobs
    assert (jobs.planned, jobs.achieved, jobs.achievement) == (Decimal("2.5"), Decimal("2.50"), 100)


# --- what is left out -------------------------------------------------------------------------------------


def test_it_counts_only_approved_reports_of_live_projects_ended_by_as_of():
    strategy = make_strategy()
    action = make_node(strategy, "1.1.1")
    make_indicator(action, target=100)
    project = make_project(action)
    make_report(project, "2024-01-01", "2024-03-31", participants=10)
    make_report(project, "2024-04-01", "2024-06-30", status=Report.DRAFT, participants=100)
    make_report(project, "2024-07-01", "2024-09-30", status=Report.SUBMITTED, participants=200)
    make_report(project, "2024-10-01", "2024-12-31", status=Report.RETURNED, participants=400)
    make_report(project, "2025-01-01", "2025-03-31", participants=800)  # ends after as_of
    terminated = make_project(action, "Nutrauktas", status=Status.TERMINATED)
    make_report(terminated, "2024-01-01", "2024-03-31", participants=1600)
    planned = make_project(action, "Tik planuojamas", status=Status.PLANNED)  # not an operation yet
    make_report(planned, "2024-01-01", "2024-03-31", participants=3200)

    progress = strategy_progress(strategy, as_of=day("2025-03-30"))

    assert indicator_of(progress, "1.1.1", "Dalyviai").achieved == 10
    assert progress.figures.participants == 10
    assert progress.figures.reports == 1
    assert project_progress(project, as_of=day("2025-03-31")).figures.participants == 810
    # a project's own record shows what it reported, whatever its status
    achieved = projects_achieved([project, terminated, planned], as_of=day("2025-03-30"))
    assert [achieved[p.pk].participants for p in (project, terminated, planned)] == [10, 1600, 3200]
    assert project_progress(planned, as_of=day("2025-03-31")).figures.participants == 3200


def test_it_takes_target_group_figures_from_the_breakdowns_and_never_adds_them_up():
    strategy = make_strategy()
    action = make_node(strategy, "1.1.1")
    seniors = make_target_group("Senjorai", "Seniors")
    alone = make_target_group("Vieniši asmenys", "People living alone")
    make_indicator(action, "Visi dalyviai", target=20)
    make_indicator(action, "Senjorai", target=10, target_group=seniors)
    project = make_project(action, planned_participants=20)
    ProjectTargetGroup.objects.create(project=project, target_group=seniors, planned_participants=10)
    ProjectTargetGroup.objects.create(project=project, target_group=alone, planned_participants=5)
    make_report(project, "2024-01-01", "2024-06-30", participants=10, breakdown={seniors: 8, alone: 6})
    make_report(project, "2024-07-01", "2024-12-31", participants=4, breakdown={seniors: 4})
    make_report(project, "2025-01-01", "2025-03-31", status=Report.SUBMITTED, participants=9, breakdown={seniors: 9})

    progress = strategy_progress(strategy, as_of=day("2025-12-31"))

    assert indicator_of(progress, "1.1.1", "Visi dalyviai").achieved == 14  # not 8 + 6 + 4
    assert indicator_of(progress, "1.1.1", "Senjorai").achieved == 12
    groups = project_progress(project, as_of=day("2025-12-31")).target_groups
    assert [(group.slug, fig.planned, fig.achieved) for group, fig in groups] == [
        ("senjorai", 10, 12),
        ("vienisi-asmenys", 5, 6),
    ]
    assert groups[0][1].achievement == 120


def test_it_takes_the_latest_value_of_a_stock_never_the_sum():
    strategy = make_strategy()
    action = make_node(strategy, "1.2.3")
    make_indicator(
        action,
        "Veikiantys socialiniai verslai",
        unit=Indicator.Unit.SERVICES,
        figure="services",
        target=3,
        measure=Indicator.Measure.STOCK,
    )
    manual_stock = make_indicator(
        action, "Rankiniu būdu", source=Indicator.Source.MANUAL, target=3, measure=Indicator.Measure.STOCK
    )
    seniors = make_target_group()
    make_indicator(action, "Senjorai dabar", target=3, target_group=seniors, measure=Indicator.Measure.STOCK)
    first, second = make_project(action, "Pirmas"), make_project(action, "Antras")
    make_report(first, "2024-01-01", "2024-06-30", services=3, participants=5, breakdown={seniors: 4})
    make_report(first, "2024-07-01", "2024-12-31", services=1, participants=2, breakdown={seniors: 1})
    make_report(first, "2025-01-01", "2025-06-30")  # the figure not reported: the previous value stands
    make_report(first, "2025-07-01", "2025-12-31", services=3, status=Report.SUBMITTED)
    make_report(second, "2024-01-01", "2024-12-31", services=1)
    manual(manual_stock, "2024-06-30", 2)
    manual(manual_stock, "2024-12-31", 1)

    progress = strategy_progress(strategy, as_of=day("2025-12-31"))

    stock = indicator_of(progress, "1.2.3", "Veikiantys socialiniai verslai")
    assert stock.achieved == 2  # 1 + 1, the latest of each project
    assert stock.forecast == 2
    assert indicator_of(progress, "1.2.3", "Rankiniu būdu").achieved == 1
    assert indicator_of(progress, "1.2.3", "Senjorai dabar").achieved == 1
    assert progress.figures.services == 5  # the flow figures still add up


def test_it_survives_a_missing_target_and_a_target_of_zero():
    strategy = make_strategy()
    action = make_node(strategy, "1")
    make_indicator(action, "Be tikslo")
    make_indicator(action, "Nulis", target=0)
    make_report(make_project(action), "2024-01-01", "2024-12-31", participants=5)

    progress = strategy_progress(strategy, as_of=day("2024-12-31"))

    for name in ("Be tikslo", "Nulis"):
        item = indicator_of(progress, "1", name)
        assert (item.achieved, item.achievement, item.status, item.bar_width) == (5, None, NO_TARGET, 0)
        with translation.override("en"):
            assert str(item.status_label) == "no target"


def test_it_shows_not_started_and_no_forecast_before_the_period():
    strategy = make_strategy()
    make_indicator(make_node(strategy, "1"), target=100)

    item = indicator_of(strategy_progress(strategy, as_of=day("2022-06-30")), "1", "Dalyviai")

    assert (item.achieved, item.expected, item.status, item.forecast) == (0, 0, NOT_STARTED, None)


def test_it_forecasts_a_flow_at_the_pace_so_far():
    strategy = make_strategy("2024-2025", 2024, 2025)
    action = make_node(strategy, "1")
    make_indicator(action, target=400)
    make_report(make_project(action), "2024-01-01", "2024-12-31", participants=100)

    item = indicator_of(strategy_progress(strategy, as_of=day("2024-12-31")), "1", "Dalyviai")

    assert item.expected == Decimal("50.0684")  # 366 of 731 days
    assert item.forecast == Decimal("199.73")  # 100 × 731 / 366
    assert item.status == BEHIND  # 25 % < 75 % of 50,1 %


# --- the tree -----------------------------------------------------------------------------------------------


def test_it_rolls_figures_and_projects_up_the_tree_and_to_the_strategy():
    strategy = make_strategy()
    goal = make_node(strategy, "1")
    objective = make_node(strategy, "1.1", parent=goal)
    action_a = make_node(strategy, "1.1.2", parent=objective)
    action_b = make_node(strategy, "1.1.10", parent=objective)
    other = make_node(strategy, "2")
    make_indicator(strategy, "Visa strategija", target=360, headline=True)
    make_indicator(goal, "Tikslo dalyviai", target=100, headline=True)
    make_report(make_project(action_a, "A"), "2024-01-01", "2024-12-31", participants=30, volunteers=2)
    make_report(make_project(action_b, "B"), "2024-01-01", "2024-12-31", participants=20, spent="1000.50")
    make_report(make_project(other, "C"), "2024-01-01", "2024-12-31", participants=7)

    progress = strategy_progress(strategy, as_of=day("2024-12-31"))

    assert [item.node.code for item in progress.nodes()] == ["1", "1.1", "1.1.2", "1.1.10", "2"]
    assert progress.find("1.1").figures.participants == 50
    assert progress.find("1.1").figures.spent == Decimal("1000.50")
    assert progress.find("1").project_count == 2
    assert progress.find("9") is None
    assert progress.project_count == 3
    assert progress.figures.participants == 57
    assert progress.figures.volunteers == 2
    assert indicator_of(progress, None, "Visa strategija").achieved == 57
    assert indicator_of(progress, "1", "Tikslo dalyviai").achieved == 50
    assert [item.indicator.name for item in progress.headline] == ["Visa strategija", "Tikslo dalyviai"]


def _tree(strategy, size):
    """`size` objectives, each with two actions, projects and reports, and indicators of every kind."""
    group = make_target_group(f"Grupė {strategy.code}", slug=f"grupe-{strategy.code}")
    make_indicator(strategy, "Projektai", unit=Indicator.Unit.PROJECTS, source=Indicator.Source.PROJECTS_COUNTED)
    for n in range(1, size + 1):
        objective = make_node(strategy, f"{n}")
        make_indicator(objective, target=10, target_group=group)
        manual(make_indicator(objective, "Rankinis", source=Indicator.Source.MANUAL, target=5), "2024-01-01", 3)
        for m in (1, 2):
            action = make_node(strategy, f"{n}.{m}", parent=objective)
            make_indicator(action, "Verslai", figure="services", measure=Indicator.Measure.STOCK, target=1)
            for p in range(size):
                project = make_project(action, f"Projektas {strategy.code} {n}.{m}.{p}")
                make_report(project, "2024-01-01", "2024-06-30", participants=4, services=1, breakdown={group: 2})
                make_report(project, "2024-07-01", "2024-12-31", participants=3, status=Report.SUBMITTED)


@pytest.mark.parametrize("size", [1, 4])
def test_it_computes_the_whole_tree_with_the_same_number_of_queries_at_any_size(size, django_assert_num_queries):
    strategy = make_strategy()
    _tree(strategy, size)

    with django_assert_num_queries(9):
        progress = strategy_progress(strategy, as_of=day("2025-01-01"))
        items = [item for node in progress.nodes() for item in node.indicators] + progress.indicators
        [(item.indicator.node, item.indicator.strategy, item.indicator.target_group) for item in items]
        [node.node.parent for node in progress.nodes()]

    assert progress.project_count == 2 * size * size
    assert progress.figures.participants == 4 * 2 * size * size
    assert indicator_of(progress, "1", "Dalyviai").achieved == 2 * 2 * size


# --- projects ---------------------------------------------------------------------------------------------


def test_it_gives_a_projects_planned_figures_against_its_approved_reports(django_assert_num_queries):
    strategy = make_strategy()
    project = make_project(
        make_node(strategy, "1"),
        planned_participants=40,
        planned_volunteers=4,
        start_date=day("2020-12-10"),
        end_date=day("2021-12-10"),
    )
    make_report(project, "2020-12-10", "2021-06-30", participants=30, volunteers=1, services=8)
    make_report(project, "2021-07-01", "2021-12-10", participants=99, status=Report.DRAFT)

    # the approved reports (their figures summed from them), the target groups planned and achieved, the
    # indicators kept by hand
    with django_assert_num_queries(4):
        progress = project_progress(project, as_of=day("2021-12-31"))

    assert [report.period_start for report in progress.reports] == [day("2020-12-10")]
    assert (progress.participants.planned, progress.participants.achieved) == (40, 30)
    assert progress.participants.achievement == 75
    assert progress.volunteers.achievement == 25
    assert progress.jobs.planned is None and progress.jobs.achievement is None
    assert progress.figures.services == 8
    assert progress.expected == 100
    assert progress.target_groups == []


def test_it_gives_many_projects_figures_in_one_query(django_assert_num_queries):
    strategy = make_strategy()
    node = make_node(strategy, "1")
    first, second, idle = make_project(node, "Pirmas"), make_project(node, "Antras"), make_project(node, "Tylus")
    make_report(first, "2024-01-01", "2024-12-31", participants=5, jobs_created="0.5")
    make_report(second, "2024-01-01", "2024-12-31", participants=7)
    make_report(second, "2025-01-01", "2025-12-31", participants=7)

    with django_assert_num_queries(1):
        figures = projects_achieved(Project.objects.filter(node=node), as_of=day("2024-12-31"))

    assert figures[first.pk].participants == 5
    assert figures[first.pk].jobs_created == Decimal("0.50")
    assert figures[second.pk].participants == 7
    assert figures[idle.pk].participants == 0
    assert projects_achieved([first, idle])[idle.pk].reports == 0
    page = Paginator(Project.objects.filter(node=node).order_by("title"), 2).page(1)  # Antras, Pirmas
    with django_assert_num_queries(1):
        figures = projects_achieved(page.object_list, as_of=day("2025-12-31"))
    assert {pk: item.participants for pk, item in figures.items()} == {second.pk: 14, first.pk: 5}
    assert figures.get(idle.pk) is None


def test_it_states_its_status_rule_in_lithuanian():
    with translation.override("lt"):
        assert status_rule().startswith("Pasiekta – ")
        assert "bent 75 % to" in status_rule()
        assert "bent 37,5 % siektinos" in status_rule()
        assert "daugiau nei 10 %" in status_rule()
        assert str(STATUS_LABELS[ON_TRACK]) != "on track"


def test_its_status_rule_says_the_thresholds_it_applies(monkeypatch):
    monkeypatch.setattr(calculation, "ON_TRACK_SHARE", Decimal("0.8"))
    monkeypatch.setattr(calculation, "ABOUT_MARGIN", Decimal("0.25"))
    with translation.override("en"):
        assert "at least 80% of the share" in status_rule()
        assert "at least 40% of the target" in status_rule()
        assert "more than 25% above it" in status_rule()
    assert calculation.status_for(Decimal("40"), Decimal("50")) == ON_TRACK
    assert calculation.status_for(Decimal("39.9"), Decimal("50")) == BEHIND


def test_it_builds_benchmark_strategies_and_computes_them_with_the_same_queries(django_assert_num_queries):
    from benchmarks.data import AS_OF, build_strategy

    small, large = build_strategy(1), build_strategy(3)

    assert small.nodes.count() == 7 and large.nodes.count() == 21
    first_three = large.nodes.order_by("sort_key")[:3]
    assert [(node.code, node.sort_key, node.depth) for node in first_three] == [
        (code, natural_sort_key(code), code.count(".")) for code in ("1", "1.1", "1.1.1")
    ]
    assert Project.objects.filter(node__strategy=small).count() == 15
    assert ProgressReport.objects.filter(project__node__strategy=small).count() == 280
    for strategy in (small, large):
        with django_assert_num_queries(9):
            progress = strategy_progress(strategy, as_of=AS_OF)
    assert progress.project_count == 45
    assert progress.find("3.2.1").node.depth == 2
    assert {item.status for node in progress.nodes() for item in node.indicators} >= {NO_TARGET, ACHIEVED}


def test_money_is_committed_and_spent_over_the_same_counted_projects():
    strategy = make_strategy(budget=Decimal("500000"))
    action = make_node(strategy, "1.1.1", budget=Decimal("100000"))
    selected = make_project(
        action, "Atrinktas", status=Status.SELECTED, grant=Decimal("20000"), total_cost=Decimal("25000")
    )
    running = make_project(action, "Vykdomas", grant=Decimal("30000"), total_cost=Decimal("32000"))
    planned = make_project(action, "Planuojamas", status=Status.PLANNED, grant=Decimal("90000"))
    stopped = make_project(action, "Nutrauktas", status=Status.TERMINATED, grant=Decimal("70000"))
    make_report(selected, "2024-01-01", "2024-06-30", spent=5000)
    make_report(running, "2024-01-01", "2024-06-30", spent=10000)
    make_report(running, "2024-07-01", "2024-09-30", spent=999, status=Report.SUBMITTED)
    make_report(planned, "2024-01-01", "2024-06-30", spent=8000, participants=7)  # approved, not an operation yet
    make_report(stopped, "2024-01-01", "2024-06-30", spent=4000)

    progress = strategy_progress(strategy, as_of=day("2024-12-31"))

    for money, planned_budget in ((progress.money, 500000), (progress.find("1.1.1").money, 100000)):
        assert money.planned == planned_budget
        assert (money.committed_grant, money.committed_cost) == (50000, 57000)
        assert money.spent == 15000  # 5 000 + 10 000: the reports of the same two projects
        assert money.spent_share == Decimal("30.0")
    # the figures sum the very reports the money sums: the planned project's participants are left out too
    assert progress.figures.spent == 15000 and progress.figures.participants == 0
    assert [count for _label, count in progress.status_counts] == [1, 1, 0, 1, 0, 1]
    assert progress.project_count == 4 and progress.counted_project_count == 2


def test_the_projects_counted_are_those_started_by_the_as_of_date_as_the_indicator_counts_them():
    strategy = make_strategy()
    action = make_node(strategy, "1.1.1")
    make_indicator(
        action, "Projektai", unit=Indicator.Unit.PROJECTS, source=Indicator.Source.PROJECTS_COUNTED, target=3
    )
    make_project(action, "Pradėtas", start_date=day("2024-03-01"))
    make_project(action, "Vėliau", status=Status.SELECTED, start_date=day("2025-09-01"))

    before = strategy_progress(strategy, as_of=day("2024-12-31"))
    after = strategy_progress(strategy, as_of=day("2025-12-31"))

    assert indicator_of(before, "1.1.1", "Projektai").achieved == before.counted_project_count == 1
    assert before.find("1.1.1").counted_project_count == 1
    assert indicator_of(after, "1.1.1", "Projektai").achieved == after.counted_project_count == 2


def test_it_counts_each_organisations_public_projects():
    public = make_node(make_strategy(), "1")
    draft = make_node(make_strategy("2030-2036", 2030, 2036, status="draft"), "1")
    school = make_organisation("Mokykla")
    museum = make_organisation("Muziejus")
    led = make_project(public, "Viešas", promoter=school)
    make_project(draft, "Juodraštinis", promoter=school)
    led.partnerships.create(organisation=museum, role="partneris")
    make_project(draft, "Kitas", promoter=museum).partnerships.create(organisation=school)

    counted = {o.name: (o.led, o.partnered) for o in organisations_with_project_counts(Organisation.objects.all())}
    assert counted == {"Mokykla": (1, 0), "Muziejus": (0, 1)}
    everything = organisations_with_project_counts(Organisation.objects.all(), public_only=False)
    assert {o.name: (o.led, o.partnered) for o in everything} == {"Mokykla": (2, 1), "Muziejus": (1, 1)}


# --- a page computes only what it shows, by the same rules -------------------------------------------------


def _figures(np):
    return (
        np.node.code,
        np.project_count,
        np.counted_project_count,
        np.figures,
        np.money,
        np.status_counts,
        [(ip.indicator.pk, ip.achieved, ip.achievement, ip.status, ip.forecast) for ip in np.indicators],
        [_figures(child) for child in np.children],
    )


@pytest.mark.django_db
def test_a_subtree_has_the_figures_it_has_in_the_whole_tree():
    strategy = build_strategy(3)
    whole = strategy_progress(strategy, AS_OF)
    for code in ("2", "2.1", "2.1.1"):
        node = Node.objects.get(strategy=strategy, code=code)
        part = strategy_progress(strategy, AS_OF, subtree=node)
        assert [root.node.code for root in part.roots] == [code] and part.indicators == []
        assert _figures(part.roots[0]) == _figures(whole.find(code))


@pytest.mark.django_db
def test_the_headline_alone_has_the_figures_of_the_whole_computation():
    strategy = build_strategy(3)
    whole, headline = strategy_progress(strategy, AS_OF), strategy_progress(strategy, AS_OF, headline_only=True)
    assert len(whole.headline) == 2
    assert [(ip.indicator.pk, ip.achieved, ip.status) for ip in headline.headline] == [
        (ip.indicator.pk, ip.achieved, ip.status) for ip in whole.headline
    ]
    totals = (headline.project_count, headline.figures, headline.money)
    assert totals == (whole.project_count, whole.figures, whole.money)
    assert sum(len(np.indicators) for np in headline.nodes()) == 0


def _headline(progress):
    return [(ip.indicator.pk, ip.achieved, ip.planned, ip.status, ip.milestones) for ip in progress.headline]


@pytest.mark.django_db
def test_headline_indicators_on_nodes_get_their_nodes_figures_without_the_tree():
    strategy = build_strategy(3)
    Indicator.objects.filter(strategy=strategy, node__code__in=["2.1.1", "3"]).update(headline=True)
    whole, headline = strategy_progress(strategy, AS_OF), strategy_progress(strategy, AS_OF, headline_only=True)
    assert len(whole.headline) > 2 and any(ip.indicator.node_id for ip in whole.headline)
    assert _headline(headline) == _headline(whole)
    assert headline.roots == []


@pytest.mark.django_db
def test_a_page_of_goals_has_their_trees_and_the_whole_strategy_s_figures():
    strategy = build_strategy(3)
    whole = strategy_progress(strategy, AS_OF)
    strategy_figures = (whole.project_count, whole.figures, whole.money, whole.status_counts)
    roots = [root.node.pk for root in whole.roots]
    for page in ([roots[0]], roots[1:]):
        part = strategy_progress(strategy, AS_OF, roots=page)
        assert [root.node.pk for root in part.roots] == page
        assert [_figures(root) for root in part.roots] == [_figures(whole.find(root.node.code)) for root in part.roots]
        assert (part.project_count, part.figures, part.money, part.status_counts) == strategy_figures
        assert [(ip.indicator.pk, ip.achieved) for ip in part.indicators] == [
            (ip.indicator.pk, ip.achieved) for ip in whole.indicators
        ]
