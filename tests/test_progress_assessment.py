"""How a VVG is assessed: planned by the selected projects, money, milestones and years, worked out by hand."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from participants.models import ProgressReport
from progress.calculation import (
    BEHIND,
    NO_TARGET,
    ON_TRACK,
    expected_on_path,
    project_progress,
    strategy_progress,
    strategy_years,
)
from projects.models import Project, ProjectTargetGroup
from strategies.models import Indicator, ManualValue, Milestone

from .conftest import make_indicator, make_node, make_project, make_report, make_strategy, make_target_group

pytestmark = pytest.mark.django_db

Status = Project.Status
Report = ProgressReport.Status


def day(text):
    return datetime.date.fromisoformat(text)


def indicator_of(progress, node_code, name):
    owner = progress if node_code is None else progress.find(node_code)
    return next(item for item in owner.indicators if item.indicator.name == name)


def milestone(indicator_or_strategy, when, value):
    if isinstance(indicator_or_strategy, Indicator):
        return Milestone.objects.create(
            strategy=indicator_or_strategy.strategy, indicator=indicator_or_strategy, date=day(when), value=value
        )
    return Milestone.objects.create(strategy=indicator_or_strategy, date=day(when), value=value)


# --- planned by the selected projects ---------------------------------------------------------------------


def _planned_world():
    strategy = make_strategy()
    action = make_node(strategy, "1.1")
    seniors = make_target_group()
    make_indicator(strategy, "Visi dalyviai", target=150)
    make_indicator(action, "Dalyviai", target=300)
    make_indicator(action, "Savanoriai", unit=Indicator.Unit.VOLUNTEERS, figure="volunteers", target=20)
    make_indicator(action, "Darbo vietos", unit=Indicator.Unit.JOBS, figure="jobs_created", target=3)
    make_indicator(action, "Senjorai", target=100, target_group=seniors)
    make_indicator(
        action, "Projektai", unit=Indicator.Unit.PROJECTS, source=Indicator.Source.PROJECTS_COUNTED, target=4
    )
    make_indicator(action, "Paslaugos", unit=Indicator.Unit.SERVICES, figure="services", target=10)
    plans = [
        ("A", Status.IN_PROGRESS, 120, 5, "1.5", 40),
        ("B", Status.SELECTED, 80, None, "0.5", 30),
        ("C", Status.PLANNED, 500, 50, "5", 300),  # not selected yet: plans nothing for the strategy
        ("D", Status.TERMINATED, 600, 60, "6", 200),  # terminated: its plans are gone
        ("E", Status.COMPLETED, None, 4, None, None),
    ]
    for title, status, participants, volunteers, jobs, senior_plan in plans:
        project = make_project(
            action,
            title,
            status=status,
            planned_participants=participants,
            planned_volunteers=volunteers,
            planned_jobs=None if jobs is None else Decimal(jobs),
        )
        if senior_plan is not None:
            ProjectTargetGroup.objects.create(project=project, target_group=seniors, planned_participants=senior_plan)
    return strategy


def test_planned_by_projects_sums_the_counted_projects_and_leaves_out_planned_and_terminated_ones():
    progress = strategy_progress(_planned_world(), as_of=day("2025-06-30"))

    participants = indicator_of(progress, "1.1", "Dalyviai")
    assert participants.planned == 200  # A 120 + B 80; E states none; C and D do not count
    assert participants.planned_short is True  # 200 < 300: a gap the next call must fill
    assert participants.planned_share == Decimal("66.6667")
    assert indicator_of(progress, "1.1", "Savanoriai").planned == 9  # A 5 + E 4
    assert indicator_of(progress, "1.1", "Darbo vietos").planned == Decimal("2.00")  # 1,5 + 0,5
    assert indicator_of(progress, "1.1", "Senjorai").planned == 70  # A 40 + B 30, from the projects' target groups
    assert indicator_of(progress, "1.1", "Projektai").planned == 3  # A, B, E
    assert indicator_of(progress, "1.1", "Paslaugos").planned is None  # projects do not plan services
    whole = indicator_of(progress, None, "Visi dalyviai")
    assert (whole.planned, whole.planned_short) == (200, False)  # 200 ≥ 150
    assert progress.planned_short_count == 5  # also volunteers 9 < 20, jobs 2 < 3, seniors 70 < 100, projects 3 < 4


def test_nothing_planned_is_zero_without_projects_and_unknown_when_no_project_states_it():
    strategy = make_strategy()
    empty, silent = make_node(strategy, "1"), make_node(strategy, "2")
    make_indicator(empty, "Dalyviai", target=360)
    make_indicator(silent, "Dalyviai", target=360)
    make_project(silent, "Be planų", status=Status.IN_PROGRESS)

    progress = strategy_progress(strategy, as_of=day("2025-06-30"))

    assert (indicator_of(progress, "1", "Dalyviai").planned, indicator_of(progress, "1", "Dalyviai").planned_short) == (
        0,
        True,
    )
    assert indicator_of(progress, "2", "Dalyviai").planned is None
    assert indicator_of(progress, "2", "Dalyviai").planned_short is False


# --- money ----------------------------------------------------------------------------------------------


def _money_world():
    """2024–2025 (731 days), a budget of 100 000 of which action 1 plans 60 000."""
    strategy = make_strategy("2024-2025", 2024, 2025, budget=Decimal("100000"))
    action = make_node(strategy, "1", budget=Decimal("60000"))
    a = make_project(action, "A", grant=Decimal("30000"), total_cost=Decimal("36000"), start_date=day("2024-01-01"))
    b = make_project(action, "B", status=Status.SELECTED, grant=Decimal("10000"), start_date=day("2024-03-01"))
    make_project(action, "C", status=Status.PLANNED, grant=Decimal("50000"))
    d = make_project(action, "D", status=Status.TERMINATED, grant=Decimal("20000"), start_date=day("2024-01-01"))
    make_report(a, "2024-01-01", "2024-06-30", spent="12000")
    make_report(a, "2024-07-01", "2024-12-31", status=Report.SUBMITTED, spent="9999")
    make_report(b, "2024-03-01", "2024-06-30", spent="3000")
    make_report(d, "2024-01-01", "2024-06-30", spent="5000")
    return strategy


def test_money_contracted_and_paid_are_shares_of_the_planned_budget_over_the_same_projects():
    progress = strategy_progress(_money_world(), as_of=day("2024-12-31"))

    money = progress.money
    assert (money.planned, money.committed_grant, money.committed_cost, money.spent) == (
        Decimal("100000"),
        Decimal("40000.00"),  # A and B: C is only planned, D terminated
        Decimal("36000.00"),
        Decimal("15000.00"),  # A 12 000 and B 3 000 approved; D's 5 000 and the submitted 9 999 do not count
    )
    assert (money.contracted_share, money.paid_share, money.expected) == (
        Decimal("40.0"),
        Decimal("15.0"),
        Decimal("50.0684"),  # 366 of 731 days
    )
    assert money.contracted_status == ON_TRACK  # 40 ≥ 75 % of 50,1
    assert money.paid_status == BEHIND  # 15 < 37,6
    node = progress.find("1").money
    assert (node.contracted_share, node.paid_share) == (Decimal("66.6667"), Decimal("25.0"))
    assert (node.contracted_status, node.paid_status) == (ON_TRACK, BEHIND)


def test_a_money_milestone_sets_the_path_for_the_strategy_and_in_proportion_for_its_nodes():
    strategy = _money_world()
    milestone(strategy, "2024-12-31", Decimal("10000"))

    progress = strategy_progress(strategy, as_of=day("2024-12-31"))

    assert progress.money.expected == Decimal("10.0")  # 10 000 of 100 000 due by the milestone
    assert progress.money.paid_status == ON_TRACK  # 15 ≥ 7,5
    assert progress.find("1").money.paid_status == ON_TRACK  # 25 % of its 60 000 against the same 10 %
    (due,) = progress.money.milestones
    assert (due.due, due.achieved, due.met) == (True, Decimal("15000.00"), True)


def test_money_without_a_budget_has_no_share_and_no_status():
    strategy = make_strategy()
    make_project(make_node(strategy, "1"), grant=Decimal("5000"))
    money = strategy_progress(strategy, as_of=day("2025-01-01")).money
    assert (money.contracted_share, money.paid_share, money.paid_status) == (None, None, NO_TARGET)


# --- milestones -----------------------------------------------------------------------------------------


def test_the_path_runs_straight_from_zero_through_each_milestone_to_the_target():
    start, end = day("2024-01-01"), day("2025-12-31")  # 731 days; 2024-12-31 is day 366
    points = [(day("2024-12-31"), Decimal("100"))]
    assert expected_on_path(start, end, 400, points, day("2024-07-01")) == 50  # 100 × 183 / 366
    assert expected_on_path(start, end, 400, points, day("2024-12-31")) == 100
    after = expected_on_path(start, end, 400, points, day("2025-07-02"))  # 100 + 300 × 183 / 365
    assert after.quantize(Decimal("0.01")) == Decimal("250.41")
    assert expected_on_path(start, end, 400, points, day("2026-03-01")) == 400
    assert expected_on_path(start, end, 400, [], day("2024-12-31")) * 731 == 400 * 366  # no milestone: time


def _milestone_world():
    strategy = make_strategy("2024-2025", 2024, 2025)
    action = make_node(strategy, "1")
    participants = make_indicator(action, "Dalyviai", target=400)
    milestone(participants, "2024-12-31", 100)
    project = make_project(action)
    make_report(project, "2024-01-01", "2024-06-30", participants=40)
    make_report(project, "2024-07-01", "2024-12-31", participants=30)
    make_report(project, "2025-01-01", "2025-06-30", participants=130)
    return strategy


def test_before_a_milestone_the_path_leads_up_to_it():
    item = indicator_of(strategy_progress(_milestone_world(), as_of=day("2024-07-01")), "1", "Dalyviai")

    assert (item.achieved, item.achievement) == (40, Decimal("10.0"))
    assert (item.expected_value, item.expected) == (Decimal("50.00"), Decimal("12.5"))  # not 25 % of the time
    assert item.status == ON_TRACK  # 10 ≥ 75 % of 12,5; against the elapsed 25 % it would be behind
    (due,) = item.milestones
    assert (due.due, due.achieved, due.met, due.reached_early) == (False, None, None, False)


def test_a_milestone_reached_before_its_date_says_so_instead_of_ahead(client):
    strategy = _milestone_world()
    second = make_project(strategy.nodes.get(), "Antras")
    make_report(second, "2024-07-01", "2024-08-31", participants=70)  # 40 + 70 by August: above the 100 due in December
    item = indicator_of(strategy_progress(strategy, as_of=day("2024-09-01")), "1", "Dalyviai")
    (early,) = item.milestones
    assert (early.due, early.met, early.reached_early) == (False, None, True)
    page = client.get(f"/strategijos/{strategy.code}/?data=2024-09-01").content.decode()
    assert "jau pasiekta" in page


def test_at_a_milestone_short_of_it_is_behind_and_missed():
    item = indicator_of(strategy_progress(_milestone_world(), as_of=day("2024-12-31")), "1", "Dalyviai")

    assert (item.achieved, item.expected_value, item.expected) == (70, Decimal("100.00"), Decimal("25.0"))
    assert item.status == BEHIND  # 17,5 < 18,75
    (due,) = item.milestones
    assert (due.due, due.achieved, due.met) == (True, 70, False)


def test_after_a_missed_milestone_the_path_runs_on_to_the_target_and_the_milestone_stays_missed():
    item = indicator_of(strategy_progress(_milestone_world(), as_of=day("2025-07-02")), "1", "Dalyviai")

    assert (item.achieved, item.expected_value, item.expected) == (200, Decimal("250.41"), Decimal("62.6027"))
    assert item.status == ON_TRACK  # 50 ≥ 75 % of 62,6
    (due,) = item.milestones
    assert (due.achieved, due.met) == (70, False)  # what was achieved by its date


def test_without_milestones_the_expected_share_is_the_share_of_time_elapsed():
    strategy = _milestone_world()
    Milestone.objects.all().delete()
    item = indicator_of(strategy_progress(strategy, as_of=day("2024-07-01")), "1", "Dalyviai")
    assert item.expected == Decimal("25.0342")  # 183 of 731 days
    assert item.status == BEHIND  # 10 < 18,8
    assert item.milestones == []


def test_a_milestone_outside_the_period_is_refused_with_its_date_named():
    strategy = make_strategy("2024-2025", 2024, 2025)
    indicator = make_indicator(strategy, target=10)
    with pytest.raises(Exception) as error:
        Milestone(strategy=strategy, indicator=indicator, date=day("2026-06-30"), value=5).full_clean()
    assert "2026-06-30" in str(error.value)


# --- year by year -----------------------------------------------------------------------------------------


def _years_world():
    strategy = make_strategy("2023-2025", 2023, 2025)
    action = make_node(strategy, "1")
    participants = make_indicator(action, "Dalyviai", target=100)
    milestone(participants, "2024-12-31", 50)
    make_indicator(action, "Verslai", unit=Indicator.Unit.SERVICES, figure="services", measure="stock", target=3)
    make_indicator(action, "Projektai", unit=Indicator.Unit.PROJECTS, source=Indicator.Source.PROJECTS_COUNTED)
    volunteers = make_indicator(action, "Savanoriai", unit=Indicator.Unit.VOLUNTEERS, source=Indicator.Source.MANUAL)
    for when, value in (("2023-06-30", 5), ("2024-12-31", 7), ("2025-12-31", 9)):
        ManualValue.objects.create(indicator=volunteers, date=day(when), value=value, note="")
    a = make_project(action, "A", start_date=day("2023-01-01"))
    make_report(a, "2023-01-01", "2023-06-30", participants=10, services=2)
    make_report(a, "2023-07-01", "2023-12-31", participants=5, services=1)
    make_report(a, "2024-01-01", "2024-06-30", participants=20)  # services not reported: 1 stands
    make_report(a, "2024-07-01", "2024-12-31", participants=7, status=Report.SUBMITTED)
    make_report(a, "2025-01-01", "2025-03-31", participants=3, services=4)
    b = make_project(action, "B", start_date=day("2024-05-01"))
    make_report(b, "2024-05-01", "2024-12-31", participants=8, services=2)
    return strategy


def _row(table, name):
    return next(row for row in table.rows if row.indicator.name == name)


def test_a_flow_year_by_year_is_what_the_reports_ending_in_each_year_bring():
    table = strategy_years(_years_world(), as_of=day("2025-06-30"))

    assert table.years == [2023, 2024, 2025]
    row = _row(table, "Dalyviai")
    assert [cell.value for cell in row.cells] == [15, 28, 3]  # 10 + 5; 20 + 8 (the submitted 7 waits); 3
    assert [cell.cumulative for cell in row.cells] == [15, 43, 46]
    assert [(cell.due, cell.due_kind) for cell in row.cells] == [(None, ""), (50, "milestone"), (100, "target")]
    assert [cell.to_date for cell in row.cells] == [False, False, True]
    # 2023: 15 % against the path to 50 by 2024-12-31 (365 of 731 days: 24,97); 2024: 43 % against 50 %
    assert row.cells[0].expected == Decimal("24.97")
    assert [cell.status for cell in row.cells[:2]] == [BEHIND, ON_TRACK]
    assert _row(table, "Projektai").cells[1].value == 1  # B counts from its start in 2024
    assert [cell.cumulative for cell in _row(table, "Projektai").cells] == [1, 2, 2]
    assert [cell.value for cell in _row(table, "Savanoriai").cells] == [5, 7, 0]  # the 2025-12-31 value is ahead


def test_a_stock_year_by_year_is_the_latest_value_at_each_years_end():
    table = strategy_years(_years_world(), as_of=day("2025-06-30"))

    row = _row(table, "Verslai")
    assert [cell.value for cell in row.cells] == [1, 3, 6]  # A 1; A 1 + B 2; A 4 + B 2
    assert [cell.cumulative for cell in row.cells] == [1, 3, 6]


def test_years_ahead_stay_empty_but_for_their_target_and_the_last_column_matches_the_strategy_figures():
    strategy = _years_world()
    table = strategy_years(strategy, as_of=day("2024-06-30"))

    row = _row(table, "Dalyviai")
    assert [cell.value for cell in row.cells] == [15, 20, None]
    assert row.cells[2].ahead and row.cells[2].due == 100
    assert (
        row.cells[1].cumulative
        == indicator_of(strategy_progress(strategy, day("2024-06-30")), "1", "Dalyviai").achieved
    )


def test_money_year_by_year_is_paid_in_each_year_with_the_grants_contracted_by_its_end():
    strategy = _money_world()
    make_report(Project.objects.get(title="A"), "2025-01-01", "2025-03-31", spent="500")
    table = strategy_years(strategy, as_of=day("2025-12-31"))

    money = table.money[0]
    assert money.node is None
    assert [cell.value for cell in money.cells] == [Decimal("15000.00"), Decimal("500.00")]
    assert [cell.cumulative for cell in money.cells] == [Decimal("15000.00"), Decimal("15500.00")]
    assert [cell.contracted for cell in money.cells] == [Decimal("40000.00"), Decimal("40000.00")]
    assert money.cells[1].due == 100000  # the budget, due by the end
    assert [row.node.code for row in table.money[1:]] == ["1"]


def test_the_year_table_takes_the_same_queries_as_the_strategy_figures(django_assert_num_queries):
    strategy = _years_world()
    with django_assert_num_queries(7):  # nodes, indicators, manual values, milestones, projects, reports, stocks
        strategy_years(strategy, as_of=day("2025-06-30"))
    for n in range(4):
        node = make_node(strategy, f"2.{n}")
        make_indicator(node, "Dalyviai", target=10)
        make_report(
            make_project(node, f"P{n}", start_date=day("2024-01-01")), "2024-01-01", "2024-12-31", participants=n
        )
    with django_assert_num_queries(7):
        strategy_years(strategy, as_of=day("2025-06-30"))


# --- figures at a date, figures entered by hand ---------------------------------------------------------------


def test_a_selected_project_counts_from_its_start_date():
    strategy = make_strategy()
    action = make_node(strategy, "1")
    make_indicator(
        action, "Projektai", unit=Indicator.Unit.PROJECTS, source=Indicator.Source.PROJECTS_COUNTED, target=2
    )
    make_project(action, "Prasidėjęs", status=Status.IN_PROGRESS, start_date=day("2024-02-01"), grant=Decimal("100"))
    make_project(action, "Būsimas", status=Status.SELECTED, start_date=day("2025-02-01"), grant=Decimal("50"))

    progress = strategy_progress(strategy, as_of=day("2024-12-31"))

    item = indicator_of(progress, "1", "Projektai")
    assert (item.achieved, item.planned) == (1, 2)  # both are selected; one has begun
    assert progress.money.committed_grant == 100


def test_manual_values_are_shown_with_their_date_and_note_and_the_projects_below_are_kept_by_hand():
    strategy = make_strategy("2016-2022", 2016, 2022, level_names="Uždavinys")
    objective = make_node(strategy, "1")
    indicator = make_indicator(objective, "Dalyviai", source=Indicator.Source.MANUAL, target=1000, target_kind="about")
    ManualValue.objects.create(indicator=indicator, date=day("2020-12-31"), value=1200, note="Virš 1200.")
    project = make_project(objective, "Gera būti")
    project = Project.objects.select_related("node__strategy").get(pk=project.pk)

    with translation.override("lt"):  # level names are in the active language
        progress = strategy_progress(strategy, as_of=day("2022-12-31"))
        own = project_progress(project, as_of=day("2022-12-31"))
    item = indicator_of(progress, "1", "Dalyviai")
    assert [(entry.date, entry.value, entry.note) for entry in item.manual_entries] == [
        (day("2020-12-31"), 1200, "Virš 1200.")
    ]
    assert (progress.find("1").kept_by_hand.level_name, progress.find("1").kept_by_hand.code) == ("Uždavinys", "1")
    assert own.figures_kept_above is True
    assert (own.kept_by_hand.level_name, own.kept_by_hand.code) == ("Uždavinys", "1")
    make_report(project, "2019-01-01", "2019-12-31", participants=40)
    assert project_progress(project, as_of=day("2022-12-31")).figures_kept_above is False  # its own reports show
    assert project_progress(project, as_of=day("2019-12-31")).kept_by_hand is None  # no manual value yet then
