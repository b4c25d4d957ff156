"""The model's invariants: unique codes, natural order, non-negative figures, breakdown and period rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from participants.models import ProgressReport, ReportBreakdown, breakdown_errors
from projects.models import Organisation, Project
from strategies.models import Indicator, Node, natural_sort_key

from .conftest import make_indicator, make_node, make_project, make_report, make_strategy, make_target_group

pytestmark = pytest.mark.django_db


def test_it_sorts_codes_naturally():
    strategy = make_strategy()
    for code in ["1.10", "1.2", "1.9", "2", "1", "1.1.10", "1.1.2"]:
        make_node(strategy, code)
    codes = list(Node.objects.filter(strategy=strategy).values_list("code", flat=True))
    assert codes == ["1", "1.1.2", "1.1.10", "1.2", "1.9", "1.10", "2"]


def test_natural_key_keeps_measure_codes_in_order():
    assert natural_sort_key("LEADER-19.2-SAVA-5") < natural_sort_key("LEADER-19.2-SAVA-10")
    assert natural_sort_key("1.9") < natural_sort_key("1.10")


def test_node_codes_are_unique_within_a_strategy_only():
    first, second = make_strategy("2016-2022", 2016, 2022), make_strategy("2023-2029")
    make_node(first, "1.1")
    make_node(second, "1.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_node(first, "1.1")


def test_node_depth_follows_its_parent():
    strategy = make_strategy()
    goal = make_node(strategy, "1")
    objective = make_node(strategy, "1.1", parent=goal)
    action = make_node(strategy, "1.1.1", parent=objective)
    assert (goal.depth, objective.depth, action.depth) == (0, 1, 2)
    assert action.level_name == "Veiksmas"


def test_a_subtree_holds_the_node_and_everything_below_it_at_any_depth():
    strategy = make_strategy()
    goal = make_node(strategy, "1")
    objective = make_node(strategy, "1.1", parent=goal)
    action = make_node(strategy, "1.1.1", parent=objective)
    other = make_node(strategy, "1.2", parent=goal)
    assert sorted(Node.objects.subtree_ids(objective)) == sorted([objective.pk, action.pk])
    assert sorted(Node.objects.subtree_ids(goal)) == sorted([goal.pk, objective.pk, action.pk, other.pk])


def test_node_parent_must_be_in_the_same_strategy():
    other = make_node(make_strategy("2016-2022", 2016, 2022), "1")
    node = Node(strategy=make_strategy(), parent=other, code="1.1", title="x")
    with pytest.raises(ValidationError) as error:
        node.full_clean()
    assert "parent" in error.value.message_dict


def test_project_codes_are_unique_but_may_be_empty():
    node = make_node(make_strategy(), "1.1.1")
    make_project(node, title="A", code="07-007-P-0001")
    make_project(node, title="B")
    make_project(node, title="C")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(node, title="D", code="07-007-P-0001")


def test_project_slugs_are_unique():
    node = make_node(make_strategy(), "1")
    assert make_project(node, title="Gera būti").slug == "gera-buti"
    assert make_project(node, title="Gera būti").slug == "gera-buti-2"


def test_company_code_has_nine_digits():
    organisation = Organisation(name="UAB „Rigera“", company_code="12345")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "company_code" in error.value.message_dict


@pytest.mark.parametrize("field", ["participants", "volunteers", "services"])
def test_database_refuses_negative_counts(field):
    project = make_project(make_node(make_strategy(), "1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_report(project, "2024-01-01", "2024-03-31", **{field: -1})


@pytest.mark.parametrize("field", ["jobs_created", "jobs_retained", "spent"])
def test_database_refuses_negative_money_and_jobs(field):
    project = make_project(make_node(make_strategy(), "1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_report(project, "2024-01-01", "2024-03-31", **{field: "-0.25"})


def test_database_refuses_a_negative_budget():
    node = make_node(make_strategy(), "1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(node, total_cost=-5)


def test_jobs_are_kept_to_the_hundredth():
    project = make_project(make_node(make_strategy(), "1"))
    make_report(project, "2018-01-01", "2018-12-31", jobs_created="2.5", jobs_retained="0.25")
    report = ProgressReport.objects.get()
    assert (str(report.jobs_created), str(report.jobs_retained)) == ("2.50", "0.25")


def test_breakdown_may_reach_but_not_exceed_the_total():
    seniors, alone = make_target_group("Senjorai"), make_target_group("Vieniši asmenys")
    # Groups overlap: 30 + 25 > 40 is fine; only each one against the total matters.
    assert breakdown_errors(40, {seniors: 30, alone: 25}) == []
    assert breakdown_errors(40, {seniors: 40}) == []
    (message,) = breakdown_errors(40, {seniors: 41})
    assert "Senjorai" in message and "41" in message and "40" in message


def test_breakdown_row_is_checked_against_its_report():
    project = make_project(make_node(make_strategy(), "1"))
    report = make_report(project, "2024-01-01", "2024-03-31", participants=10)
    row = ReportBreakdown(report=report, target_group=make_target_group(), participants=11)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "participants" in error.value.message_dict


def _report(project, start, end):
    return ProgressReport(
        project=project,
        period_start=datetime.date.fromisoformat(start),
        period_end=datetime.date.fromisoformat(end),
    )


def test_report_period_lies_within_the_project():
    project = make_project(
        make_node(make_strategy(), "1"),
        start_date=datetime.date(2020, 12, 10),
        end_date=datetime.date(2021, 12, 10),
    )
    with pytest.raises(ValidationError) as error:
        _report(project, "2020-12-01", "2021-03-31").full_clean()
    assert "period_start" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _report(project, "2021-10-01", "2021-12-31").full_clean()
    assert "period_end" in error.value.message_dict
    _report(project, "2020-12-10", "2021-12-10").full_clean()


def test_report_period_must_end_after_it_starts():
    project = make_project(make_node(make_strategy(), "1"))
    with pytest.raises(ValidationError) as error:
        _report(project, "2024-03-31", "2024-01-01").full_clean()
    assert "period_end" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        make_report(project, "2024-03-31", "2024-01-01")


def test_reports_of_a_project_do_not_overlap():
    project = make_project(make_node(make_strategy(), "1"))
    make_report(project, "2024-01-01", "2024-06-30")
    with pytest.raises(ValidationError) as error:
        _report(project, "2024-06-01", "2024-12-31").full_clean()
    assert "2024-01-01" in str(error.value)
    _report(project, "2024-07-01", "2024-12-31").full_clean()


def test_range_target_needs_min_and_max():
    strategy = make_strategy()
    indicator = Indicator(
        strategy=strategy, name="Projektai", unit="projects", source="projects", target_kind="range", target=6
    )
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "target_max" in error.value.message_dict


def test_database_refuses_a_maximum_below_the_minimum():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator(make_strategy(), unit="projects", source="projects", target_kind="range", target=7, target_max=6)


def test_reported_indicator_needs_a_figure():
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(strategy=make_strategy(), name="x", unit="participants", source="reported")


def test_counted_projects_are_selected_or_later_and_not_terminated():
    node = make_node(make_strategy(), "1")
    for status in Project.Status:
        make_project(node, title=status.label, status=status)
    counted = set(Project.objects.counted().values_list("status", flat=True))
    assert counted == {"selected", "contract_signed", "in_progress", "completed"}
