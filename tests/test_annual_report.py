"""The annual report for the members' meeting: one year as of its 31 December, read back with pdftotext."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from participants.models import ProgressReport
from progress.calculation import strategy_years
from projects.models import Project
from reports import documents, selectors
from strategies.models import Indicator, Milestone

from .conftest import make_indicator, make_node, make_organisation, make_project, make_report, make_strategy
from .test_pdf_reports import between, line_with, pdf_text

pytestmark = pytest.mark.django_db

Status = Project.Status
Report = ProgressReport.Status


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def day(text):
    return datetime.date.fromisoformat(text)


def make_year_world():
    """2023–2029 with a budget of 200 000; figures worked out by hand for 2024 in the tests below."""
    strategy = make_strategy(budget=Decimal("200000"))
    goal = make_node(strategy, "1", title="Įtrauktis", budget=Decimal("120000"))
    action = make_node(strategy, "1.1", parent=goal, title="Užimtumo veiklos")
    participants = make_indicator(strategy, "Dalyviai", target=360, target_kind="at_least", headline=True)
    Milestone.objects.create(strategy=strategy, indicator=participants, date=day("2024-12-31"), value=100)
    make_indicator(
        action, "Projektai", unit=Indicator.Unit.PROJECTS, source=Indicator.Source.PROJECTS_COUNTED, target=3
    )
    make_organisation("Utenos švietimo centras")
    a = make_project(
        action, "Gera būti", start_date=day("2023-03-01"), planned_participants=200, grant=Decimal("50000")
    )
    make_report(a, "2023-03-01", "2023-12-31", participants=40, spent="10000", achievements="Pirmieji metai")
    make_report(
        a,
        "2024-01-01",
        "2024-06-30",
        participants=60,
        spent="15000",
        achievements="Surengta 12 stovyklų",
        difficulties="Trūko savanorių",
    )
    make_report(
        a, "2024-07-01", "2024-12-31", status=Report.SUBMITTED, participants=33, achievements="Tikrinamas tekstas"
    )
    make_report(a, "2025-01-01", "2025-03-31", participants=500, spent="99999", achievements="Kitų metų tekstas")
    b = make_project(
        action,
        "Senjorų klubas",
        status=Status.COMPLETED,
        start_date=day("2024-02-01"),
        end_date=day("2024-11-30"),
        planned_participants=50,
        grant=Decimal("20000"),
    )
    make_report(b, "2024-02-01", "2024-11-30", participants=25, spent="18000")
    c = make_project(
        action,
        "Nutrūkęs",
        status=Status.TERMINATED,
        start_date=day("2023-06-01"),
        end_date=day("2024-05-31"),
        grant=Decimal("10000"),
    )
    make_report(c, "2023-06-01", "2023-12-31", participants=7, spent="4000")
    make_project(action, "Būsimas", status=Status.SELECTED, start_date=day("2025-01-01"), grant=Decimal("30000"))
    return strategy


def annual_text(strategy, year=2024, **options):
    options.setdefault("lang", "en")
    return pdf_text(documents.annual_report_pdf(strategy, year, **options).content)


def test_it_gives_the_years_figures_and_the_cumulative_ones_against_the_milestone_and_target():
    text = annual_text(make_year_world())

    assert "Annual implementation report 2024" in text
    assert "Figures as of 2024-12-31" in text
    # 2024: 60 + 25 (the terminated project's 7 and the submitted 33 do not count); since 2023: 40 + 85
    row = line_with(text, "Dalyviai", "at least 360")
    assert re.search(r"Dalyviai \(participants\)\s+85\s+125\s+100\s+at least 360\s+250\s+on track", row), row
    assert "met" in line_with(between(text, "Milestones of 2024"), "Dalyviai", "2024-12-31")
    projects = line_with(between(text, "Indicators in 2024"), "1.1 · Projektai")
    assert re.search(r"Projektai \(projects\)\s+1\s+2\s+—\s+3\s+3", projects), projects  # B began in 2024; A, B


def test_an_exceeded_target_is_said_as_the_strategy_report_says_it():
    strategy = make_year_world()
    Indicator.objects.filter(name="Dalyviai").update(target=100)  # 125 by the end of 2024
    text = annual_text(strategy)
    at = text.index(line_with(text, "Dalyviai", "at least 100"))
    row = text[at:].split("\n")[:2]  # "(exceeded)" wraps under "achieved" in the narrow status column
    assert row[0].rstrip().endswith("achieved") and row[1].rstrip().endswith("(exceeded)"), row


def test_it_counts_money_contracted_and_paid_and_the_projects_started_completed_and_terminated():
    text = annual_text(make_year_world())

    summary = between(text, "Summary", "Indicators in 2024")
    assert "€70,000.00" in line_with(summary, "Contracted: grants")  # A and B; the 2025 project is not begun
    assert "35%" in line_with(summary, "Contracted: grants")
    assert "€33,000.00" in line_with(summary, "Paid in the year")  # 15 000 + 18 000
    assert "€43,000.00" in line_with(summary, "Paid (approved reports)")
    assert re.search(r"Started\s+1", summary) and re.search(r"Completed\s+1", summary)
    assert re.search(r"Terminated\s+1", summary)
    lists = between(text, "Projects started, completed and terminated in 2024", "Achievements and difficulties")
    assert "„Senjorų klubas“" in between(lists, "Started (1)", "Completed (1)")
    assert "„Nutrūkęs“" in between(lists, "Terminated (1)")
    assert "„Būsimas“" not in lists


def test_the_annual_report_of_a_year_leaves_out_the_next_years_reports():
    text = annual_text(make_year_world())

    texts = between(text, "Achievements and difficulties")
    assert "Surengta 12 stovyklų" in texts and "Trūko savanorių" in texts
    assert "Kitų metų tekstas" not in text  # its period ended in 2025
    assert "Pirmieji metai" not in texts  # ended in 2023
    assert "500" not in line_with(text, "Dalyviai", "at least 360")
    assert "99,999" not in text


def test_the_boards_version_adds_the_years_pending_reports_and_the_public_one_does_not():
    strategy = make_year_world()
    board = annual_text(strategy, board=True)
    assert "Tikrinamas tekstas" in between(board, "Reports submitted but not yet approved")
    public = annual_text(strategy, board=False)
    assert "Reports submitted but not yet approved" not in public
    assert "Tikrinamas tekstas" not in public


def test_its_figures_are_those_of_the_year_page(client):
    strategy = make_year_world()
    page = client.get("/en/strategijos/2023-2029/metai/?data=2025-06-30").content.decode()
    table = strategy_years(strategy, day("2025-06-30"))
    column = table.column(2024)
    participants = next(row for row in table.rows if row.indicator.name == "Dalyviai").cells[column]
    assert (participants.value, participants.cumulative) == (85, 125)
    report = selectors.annual_report(strategy, 2024)
    row, cell = report.headline_rows[0]
    assert (cell.value, cell.cumulative, cell.status) == (
        participants.value,
        participants.cumulative,
        participants.status,
    )
    money = report.money[1]
    assert (money.value, money.cumulative, money.contracted) == (Decimal("33000.00"), Decimal("43000.00"), 70000)
    assert ">85<" in page and ">125<" in page


def test_it_refuses_a_year_outside_the_period_or_ahead_with_the_year_named():
    strategy = make_year_world()
    with pytest.raises(selectors.AnnualReportError, match="2031"):
        documents.annual_report_pdf(strategy, 2031)
    with pytest.raises(selectors.AnnualReportError, match="2022"):
        documents.annual_report_pdf(strategy, 2022)
    next_year = datetime.date.today().year + 1
    if next_year <= 2029:
        with pytest.raises(selectors.AnnualReportError, match=str(next_year)):
            documents.annual_report_pdf(strategy, next_year)


def test_the_command_writes_the_annual_report(tmp_path):
    make_year_world()
    path = tmp_path / "metine.pdf"
    call_command(
        "progress_pdf", "--strategy", "2023-2029", "--year", "2024", "--public", "-o", str(path), stdout=io.StringIO()
    )
    text = pdf_text(path.read_bytes())
    assert "Metinė įgyvendinimo ataskaita 2024" in text
    assert "Tikrinamas tekstas" not in text


def test_the_command_refuses_a_year_with_dates_and_a_year_outside_the_period(tmp_path):
    make_year_world()
    out = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="--as-of"):
        call_command("progress_pdf", "--strategy", "2023-2029", "--year", "2024", "--as-of", "2024-06-30", "-o", out)
    with pytest.raises(CommandError, match="2035"):
        call_command("progress_pdf", "--strategy", "2023-2029", "--year", "2035", "-o", out)


def test_board_member_downloads_the_annual_report_from_the_form(board_client):
    make_year_world()
    asked = {"strategy": "2023-2029", "year": "2024", "language": "en"}
    # every annual report is rendered by the task worker (here at once): first the page that offers it
    page = board_client.get("/ataskaitos/valdybai.pdf", asked)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    response = board_client.get("/ataskaitos/valdybai.pdf", asked)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="metine-ataskaita-2023-2029-2024-board-en.pdf"'
    assert "Tikrinamas tekstas" in pdf_text(response.content)  # the board's version


def test_the_form_refuses_a_year_with_an_as_of_date_and_names_the_field(board_client):
    make_year_world()
    response = board_client.get(
        "/ataskaitos/valdybai.pdf", {"strategy": "2023-2029", "year": "2024", "as_of": "2024-06-30", "language": "lt"}
    )
    assert response.status_code == 400
    assert "palikite tuščius šiuos laukus: Duomenų data" in response.content.decode()
    response = board_client.get("/ataskaitos/valdybai.pdf", {"strategy": "2023-2029", "year": "2040", "language": "lt"})
    assert response.status_code == 400
    assert "2040" in response.content.decode()


@pytest.mark.parametrize("board, queries", [(False, 8), (True, 9)])
def test_it_gathers_the_annual_report_with_the_same_number_of_queries_at_any_size(
    board, queries, django_assert_num_queries
):
    strategy = make_year_world()
    with django_assert_num_queries(queries):
        selectors.annual_report(strategy, 2024, board=board)
    action = strategy.nodes.get(code="1.1")
    for n in range(6):
        node = make_node(strategy, f"2.{n}", budget=Decimal("1000"))
        make_indicator(node, f"Dalyviai {n}", target=10)
        project = make_project(node if n % 2 else action, f"Papildomas {n}", start_date=day("2024-03-01"))
        make_report(project, "2024-03-01", "2024-09-30", participants=n, achievements="Tekstas")
        make_report(project, "2024-10-01", "2024-12-31", status=Report.SUBMITTED, participants=n)
    with django_assert_num_queries(queries):
        report = selectors.annual_report(strategy, 2024, board=board)
    assert len(report.started) == 7
