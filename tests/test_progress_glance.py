"""Figures at a glance, all from `progress.calculation`: the late start warning, bullet chart positions,
project cards, a project's money and its figures period by period."""

import datetime
from decimal import Decimal

import pytest

from participants.models import ProgressReport
from progress.calculation import (
    LATE_START,
    NOT_STARTED,
    project_progress,
    projects_at_a_glance,
    shown_status,
    strategy_progress,
)
from projects.models import Project

from .conftest import make_indicator, make_node, make_project, make_report, make_strategy

pytestmark = pytest.mark.django_db


def day(text):
    return datetime.date.fromisoformat(text)


def test_not_started_becomes_a_warning_once_a_quarter_of_the_period_has_passed():
    assert shown_status(NOT_STARTED, Decimal("24.9")) == NOT_STARTED
    assert shown_status(NOT_STARTED, Decimal("25")) == LATE_START
    assert shown_status("behind", Decimal("80")) == "behind"


def test_an_indicator_with_nothing_after_a_quarter_of_the_strategy_is_late():
    strategy = make_strategy(start_year=2024, end_year=2027)  # 4 years: a quarter ends on 2024-12-31
    make_indicator(strategy, target=100)
    early = strategy_progress(strategy, as_of=day("2024-11-30")).indicators[0]
    late = strategy_progress(strategy, as_of=day("2025-01-02")).indicators[0]
    assert (early.status, early.shown_status, str(early.status_label)) == (NOT_STARTED, NOT_STARTED, "nepradėta")
    assert (late.status, late.shown_status, str(late.status_label)) == (NOT_STARTED, LATE_START, "nepradėta, vėluojama")


def test_the_bullet_chart_puts_target_expected_and_achieved_on_one_scale():
    strategy = make_strategy(start_year=2024, end_year=2025)
    node = make_node(strategy, "1")
    make_indicator(node, name="Intervalas", unit="projects", source="projects", target_kind="range", target=6,
                   target_max=8)  # fmt: skip
    make_indicator(node, name="Dalyviai", target=100)
    for n in range(3):
        make_project(node, title=f"Projektas {n}", status=Project.Status.SELECTED)
    make_report(Project.objects.first(), "2024-01-01", "2024-06-30", participants=120)
    progress = strategy_progress(strategy, as_of=day("2024-12-31"))  # half of the period
    ranged, people = progress.find("1").indicators
    assert ranged.bullet.target == Decimal("75.0")  # 6 of 8
    assert ranged.bullet.target_max == Decimal("100.0")
    assert ranged.bullet.achieved == Decimal("37.5")  # 3 of 8
    assert ranged.bullet.expected_value == Decimal("3.0")  # half of the minimum, 6
    assert people.bullet.achieved == Decimal("100.0")  # 120 is the scale's end
    assert people.bullet.target == Decimal("83.3")  # 100 of 120
    assert people.bullet.target_max is None


def test_an_indicator_without_a_target_has_no_bullet_chart():
    strategy = make_strategy()
    make_indicator(strategy, target=None)
    assert strategy_progress(strategy).indicators[0].bullet is None


def test_project_cards_get_participants_against_the_plan_and_the_projects_own_time(django_assert_num_queries):
    node = make_node(make_strategy(), "1")
    on_time = make_project(
        node, "Laiku", planned_participants=100, start_date=day("2024-01-01"), end_date=day("2024-12-31")
    )
    late = make_project(node, "Vėluoja", planned_participants=50, start_date=day("2024-01-01"),
                        end_date=day("2025-12-31"))  # fmt: skip
    make_report(on_time, "2024-01-01", "2024-06-30", participants=45)
    projects = list(Project.objects.select_related("node__strategy").order_by("title"))
    with django_assert_num_queries(1):
        glances = projects_at_a_glance(projects, as_of=day("2024-07-15"))
    assert glances[on_time.pk].participants.achievement == Decimal("45.0")
    assert glances[on_time.pk].participants.shown_status == "on_track"  # 45 % at 54 % of the time
    assert glances[on_time.pk].figures.reports == 1
    assert glances[late.pk].participants.achieved == 0
    assert glances[late.pk].participants.shown_status == LATE_START  # a quarter of its time gone, nothing yet


def test_a_projects_money_is_its_budget_its_grant_once_selected_and_what_its_reports_spent():
    node = make_node(make_strategy(), "1")
    project = make_project(node, status=Project.Status.PLANNED, total_cost=Decimal("15000"), grant=Decimal("12000"))
    make_report(project, "2024-01-01", "2024-06-30", spent="3000.50")
    planned = project_progress(project).money
    assert (planned.planned, planned.committed_grant, planned.spent) == (Decimal("15000"), 0, Decimal("3000.50"))
    Project.objects.filter(pk=project.pk).update(status=Project.Status.IN_PROGRESS)
    project.refresh_from_db()
    money = project_progress(project).money
    assert (money.committed_grant, money.spent_share) == (Decimal("12000"), Decimal("25.0042"))  # 3 000,50 of 12 000


def test_a_projects_periods_count_participants_up_to_each_end():
    node = make_node(make_strategy(), "1")
    project = make_project(node)
    make_report(project, "2024-07-01", "2024-12-31", participants=8)
    make_report(project, "2024-01-01", "2024-06-30", participants=40)
    make_report(project, "2025-01-01", "2025-06-30", participants=99, status=ProgressReport.Status.SUBMITTED)
    make_report(project, "2025-07-01", "2025-12-31")  # nothing reported: no participants added
    periods = project_progress(project, as_of=day("2025-12-31")).periods
    assert [(p.report.period_start, p.cumulative_participants) for p in periods] == [
        (day("2024-01-01"), 40),
        (day("2024-07-01"), 48),
        (day("2025-07-01"), 48),
    ]


def test_the_project_page_draws_participants_over_time_and_lists_each_period(client):
    node = make_node(make_strategy(), "1")
    project = make_project(node, planned_participants=50, start_date=day("2024-01-01"), end_date=day("2025-12-31"))
    make_report(project, "2024-01-01", "2024-06-30", participants=40, spent="3000")
    make_report(project, "2024-07-01", "2024-12-31", participants=8)
    html = client.get(project.get_absolute_url()).content.decode().replace("\u00a0", " ")
    assert '<svg class="period-chart"' in html and '<title id="participants-chart-title">Dalyviai per laiką' in html
    assert html.count("<circle ") == 2
    assert ">planuota 50</text>" in html
    assert '<td class="text-end figure-number">48</td>' in html  # 40 + 8 so far
    assert '<td class="text-end figure-number">3 000,00 €</td>' in html
