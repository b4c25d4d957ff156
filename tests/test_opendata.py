"""The list of operations (Regulation (EU) 2021/1060, Art. 49(3)) in CSV, XLSX and JSON, and the open data page."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from openpyxl import load_workbook

from opendata.operations import COLUMNS
from participants.models import ProgressReport
from projects.models import Project
from strategies.models import Classification, Node, Strategy

from .conftest import make_project
from .opendata_helpers import build_world

pytestmark = pytest.mark.django_db

KEYS = [column.key for column in COLUMNS]


@pytest.fixture
def world(settings):
    cache.clear()
    return build_world()


def csv_rows(client, url="/atviri-duomenys/operacijos.csv"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return header, [dict(zip(KEYS, row, strict=True)) for row in rows]


def xlsx_rows(client):
    response = client.get("/atviri-duomenys/operacijos.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))
    return header, [dict(zip(KEYS, row, strict=True)) for row in rows]


def json_document(client):
    response = client.get("/atviri-duomenys/operacijos.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def by_name(rows):
    return {row["name"]: row for row in rows}


def gera_by_hand(world):
    """The row of „Gera būti“, worked out from the data by hand (figures of its two approved reports)."""
    today = timezone.localdate()
    return {
        "operation_code": "08.6.1-ESFA-T-927-01-0525",
        "beneficiary": "Utenos švietimo centras",
        "beneficiary_code": "190166986",
        "name": "Gera būti",
        "purpose": "Užimtumas senjorams ir jaunimui.",
        "achievements": "2023-03-01 – 2023-08-31: Stovykla įvyko.",
        "participants_planned": 125,
        "participants_achieved": 125,  # 70 + 55 approved; the submitted 500 and returned 600 do not count
        "volunteers_planned": 10,
        "volunteers_achieved": 6,
        "jobs_planned": None,
        "jobs_created": Decimal("0.00"),
        "status": "in_progress",
        "start_date": datetime.date(2023, 3, 1),
        "end_date": datetime.date(2024, 12, 31),
        "end_date_kind": "expected",
        "total_cost": Decimal("129850.00"),
        "grant": Decimal("120000.00"),
        "fund": "ESF+",  # the strategy's
        "specific_objective": "ESO4.11",  # the strategy's
        "co_financing_rate": Decimal("85.00"),  # the strategy's default
        "location": "Utenos rajono savivaldybė",  # the VVG's, as the project gives none
        "country": "LT",
        "intervention_type": "163 Socialinė integracija",  # goal 1's, two levels up
        "strategy": "2023-2029",
        "node": "1.1.1",
        "last_updated": today,
        "url": f"http://testserver/projektai/{world['gera'].slug}/",
    }


def as_csv(value):
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def as_xlsx(value):
    """What openpyxl reads back: numbers as numbers (129850 == 129850.0), dates as midnight datetimes."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time())
    return value


def as_json(value):
    if isinstance(value, Decimal):
        return float(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_a_row_worked_out_by_hand_is_the_same_in_all_three_formats(client, world):
    expected = gera_by_hand(world)
    header, rows = csv_rows(client)
    with translation.override("lt"):
        assert header == [str(column.heading) for column in COLUMNS]
    assert by_name(rows)["Gera būti"] == {key: as_csv(value) for key, value in expected.items()}

    _header, rows = xlsx_rows(client)
    assert by_name(rows)["Gera būti"] == {key: as_xlsx(value) for key, value in expected.items()}

    document = json_document(client)
    assert by_name(document["operations"])["Gera būti"] == {key: as_json(value) for key, value in expected.items()}
    assert [column["key"] for column in document["columns"]] == KEYS


def test_the_list_holds_exactly_the_selected_operations(client, world):
    _header, rows = csv_rows(client)
    # Not the planned project, not the terminated one, nothing of the draft strategy.
    assert sorted(row["name"] for row in rows) == ["Gera būti", "Ūkio socialinis verslas"]
    selected = make_project(world["action"], "Ką tik atrinktas", status=Project.Status.SELECTED)
    _header, rows = csv_rows(client)
    assert selected.title in by_name(rows)
    assert len({row["operation_code"] for row in rows}) == len(rows) == 3
    assert by_name(rows)[selected.title]["operation_code"] == f"VVG-{selected.pk}"  # it has no code of its own
    # nothing reported yet: its jobs are written as every other row's, to the hundredth
    assert by_name(rows)[selected.title]["jobs_created"] == by_name(rows)["Gera būti"]["jobs_created"] == "0.00"


def test_a_natural_person_is_given_by_an_anonymous_code_and_the_node_classifies_the_operation(client, world):
    farmer, farm = world["farmer"], world["farm"]
    document = json_document(client)
    row = by_name(document["operations"])["Ūkio socialinis verslas"]
    assert (row["beneficiary"], row["beneficiary_code"]) == (f"FA-{farmer.pk:06d}", "")
    assert row["operation_code"] == f"VVG-{farm.pk}"
    # Action 1.2.3 sets its own fund, rate and type of intervention; the project its postcode.
    assert (row["fund"], row["co_financing_rate"], row["intervention_type"]) == ("ERDF", 70.0, "151 Socialinis verslas")
    assert (row["location"], row["country"]) == ("28001", "LT")
    assert (row["status"], row["end_date"], row["end_date_kind"]) == ("completed", "2024-04-30", "actual")
    assert (row["jobs_planned"], row["jobs_created"]) == (2.5, 2.5)
    for text in (
        client.get(url).content for url in ("/atviri-duomenys/operacijos.csv", "/atviri-duomenys/operacijos.json")
    ):
        assert b"Jonaitis" not in text and farmer.slug.encode() not in text
    _header, rows = xlsx_rows(client)
    assert "Jonas Jonaitis" not in {row["beneficiary"] for row in rows}


def test_hostile_text_is_neutralised_in_the_csv_and_the_xlsx(client, world):
    hostile = '=HYPERLINK("http://blogas.lt")'
    _header, rows = csv_rows(client)
    assert by_name(rows)["Ūkio socialinis verslas"]["purpose"] == "'" + hostile
    _header, rows = xlsx_rows(client)
    assert by_name(rows)["Ūkio socialinis verslas"]["purpose"] == "'" + hostile
    # JSON is no spreadsheet: the text as it is.
    assert by_name(json_document(client)["operations"])["Ūkio socialinis verslas"]["purpose"] == hostile


def test_achievements_come_from_approved_reports_only(client, world, staff):
    rows = by_name(json_document(client)["operations"])
    assert "LAUKIA" not in rows["Gera būti"]["achievements"]
    report = ProgressReport.objects.get(achievements="LAUKIA")
    report.status = ProgressReport.Status.APPROVED
    report.save()
    rows = by_name(json_document(client)["operations"])
    assert rows["Gera būti"]["achievements"].endswith("2024-01-01 – 2024-03-31: LAUKIA")
    assert rows["Gera būti"]["participants_achieved"] == 625


def test_the_english_list_has_english_headings_and_the_same_rows(client, world):
    header, rows = csv_rows(client, "/en/atviri-duomenys/operacijos.csv")
    assert header[:4] == [
        "Operation code",
        "(a) Beneficiary",
        "Beneficiary's company code",
        "(d) Name of the operation",
    ]
    assert by_name(rows)["Gera būti"]["operation_code"] == "08.6.1-ESFA-T-927-01-0525"


def test_the_files_come_from_the_cache_until_the_data_change(client, world, settings, django_assert_num_queries):
    settings.OPEN_DATA_CACHE_SECONDS = 300
    first = client.get("/atviri-duomenys/operacijos.csv")
    with django_assert_num_queries(1):
        again = client.get("/atviri-duomenys/operacijos.csv")
    assert again["X-Open-Data-Cache"] == "hit"
    assert again.content == first.content
    assert again["Content-Disposition"] == 'attachment; filename="operacijos.csv"'
    make_project(world["action"], "Ką tik atrinktas", status=Project.Status.SELECTED)
    assert b"Ka tik" not in first.content
    assert "Ką tik atrinktas" in client.get("/atviri-duomenys/operacijos.csv").content.decode("utf-8-sig")


@pytest.mark.parametrize(("extension", "queries"), [("csv", 4), ("xlsx", 4), ("json", 13)])
def test_the_list_takes_a_fixed_number_of_queries(client, world, django_assert_num_queries, extension, queries):
    url = f"/atviri-duomenys/operacijos.{extension}"
    with django_assert_num_queries(queries):
        client.get(url)
    for n in range(10):
        make_project(world["action"], f"Papildomas {n}", status=Project.Status.SELECTED)
    with django_assert_num_queries(queries):
        client.get(url)


# --- the page -----------------------------------------------------------------------------------------------


def test_the_open_data_page_lists_each_dataset_with_its_formats_licence_and_last_change(client, world):
    page = client.get("/atviri-duomenys/").content.decode().replace("\u00a0", " ")
    for link in (
        "/atviri-duomenys/operacijos.csv",
        "/atviri-duomenys/operacijos.xlsx",
        "/atviri-duomenys/operacijos.json",
        "/api/v1/docs/",
        "/api/v1/schema/",
        "/projektai/csv/",
    ):
        assert f'href="{link}"' in page
    assert "CC BY 4.0" in page and "https://creativecommons.org/licenses/by/4.0/" in page
    assert timezone.localdate().isoformat() in page  # the data last changed today
    assert "2 operacijos" in page


def test_the_open_data_page_is_in_english_too_and_linked_from_the_footer(client, world):
    page = client.get("/en/atviri-duomenys/").content.decode()
    assert "<h1>Open data</h1>" in page
    assert 'href="/en/atviri-duomenys/operacijos.csv"' in page
    assert 'href="/atviri-duomenys/">Atviri duomenys</a>' in client.get("/").content.decode()
    assert 'href="/en/atviri-duomenys/">Open data</a>' in client.get("/en/").content.decode()


def test_the_project_page_list_refuses_a_year_the_calendar_does_not_have(client, world):
    response = client.get("/projektai/?metai=0")
    assert response.status_code == 200  # the form says what is wrong; it was a server error
    assert "metai" in response.content.decode()


def test_the_demo_publishes_the_15_projects_of_2016_2022_as_esf_operations(client):
    call_command("load_demo", force=True)
    rows = json_document(client)["operations"]
    assert len(rows) == 15
    assert {(row["strategy"], row["fund"], row["co_financing_rate"]) for row in rows} == {("2016-2022", "ESF", 85.0)}


# --- the new fields ----------------------------------------------------------------------------------------


def test_a_node_takes_what_it_leaves_empty_from_the_level_above_and_the_strategy(world):
    classifications = Node.objects.filter(strategy=world["strategy"]).classifications()
    action, business = classifications[world["action"].pk], classifications[world["business"].pk]
    assert action == Classification("ESF+", "ESO4.11", Decimal("85.00"), "163 Socialinė integracija")
    assert business == Classification("ERDF", "ESO4.11", Decimal("70"), "151 Socialinis verslas")


@pytest.mark.parametrize("rate", ["-1", "100.01"])
def test_a_co_financing_rate_outside_0_to_100_is_refused(world, rate):
    strategy = world["strategy"]
    strategy.co_financing_rate = Decimal(rate)
    with pytest.raises(ValidationError) as refused:
        strategy.full_clean()
    assert "co_financing_rate" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Strategy.objects.filter(pk=strategy.pk).update(co_financing_rate=Decimal(rate))


def test_a_project_without_a_location_is_in_the_vvgs_area(world, settings):
    settings.VVG_LOCATION = "Rokiškio rajono savivaldybė"
    assert world["gera"].location_or_default == "Rokiškio rajono savivaldybė"
    assert world["farm"].location_or_default == "28001"
