import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from participants.models import ProgressReport
from projects.models import Organisation, Project, ProjectPartner, ProjectTargetGroup
from tests.conftest import make_indicator, make_node, make_organisation, make_project, make_report, make_strategy
from tests.workbook_helpers import cell_values, make_register, staff_account
from workbooks.columns import (
    LEGAL_FORM_WORDS,
    PROJECT_STATUS_WORDS,
    REPORT_STATUS_WORDS,
    SECTOR_WORDS,
    word_lookup,
)
from workbooks.exporter import write_workbook
from workbooks.importer import import_sheets
from workbooks.reader import normalise, read_files

pytestmark = pytest.mark.django_db


def export_bytes(strategy=None):
    buffer = io.BytesIO()
    write_workbook(buffer, strategy=strategy)
    return buffer.getvalue()


def import_bytes(data):
    with translation.override("lt"):
        return import_sheets(
            read_files([("export.xlsx", io.BytesIO(data))]), user=staff_account(), source="export.xlsx"
        )


def make_full_register():
    register = make_register()
    promoter = make_organisation(
        "Utenos švietimo centras",
        legal_form=Organisation.LegalForm.BUDGETARY,
        sector=Organisation.Sector.PUBLIC,
        company_code="190123456",
        email="info@svietimas.lt",
        phone="+370 389 12345",
        website="https://svietimas.utena.lt",
    )
    partner = make_organisation("Asociacija „Aukštaitijos rakta“", legal_form=Organisation.LegalForm.ASSOCIATION)
    project = make_project(
        register["1.1.1"],
        title="Gera būti",
        code="11-400-K-0003",
        promoter=promoter,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 12, 31),
        total_cost=Decimal("129850.50"),
        grant=Decimal("120000"),
        own_contribution=Decimal("9850.50"),
        planned_participants=120,
        planned_volunteers=12,
        planned_jobs=Decimal("2.50"),
    )
    ProjectPartner.objects.create(project=project, organisation=partner, role="partneris")
    ProjectTargetGroup.objects.create(project=project, target_group=register["seniors"], planned_participants=40)
    ProjectTargetGroup.objects.create(project=project, target_group=register["disabled"])
    make_report(
        project,
        "2024-01-01",
        "2024-06-30",
        participants=40,
        volunteers=5,
        jobs_created="2.5",
        jobs_retained="0.25",
        services=8,
        spent="12000.10",
        achievements="=1+1 stovykla",
        breakdown={register["seniors"]: 15, register["disabled"]: 4},
    )
    make_report(project, "2024-07-01", "2024-12-31", status=ProgressReport.Status.SUBMITTED, participants=30)
    other = make_project(register["1.1.2"], title="Pokyčių keliu", code="07-007-P-0001", promoter=partner)
    make_report(other, "2024-01-01", "2024-12-31", status=ProgressReport.Status.DRAFT)
    return register


def test_export_then_import_into_an_empty_database_then_export_gives_the_same_workbook():
    make_full_register()
    first = export_bytes()

    ProgressReport.objects.all().delete()
    Project.objects.all().delete()
    Organisation.objects.all().delete()
    result = import_bytes(first)
    second = export_bytes()

    assert result.errors == []
    assert result.summary() == [("Organizacijos", 2, 0, 0), ("Projektai", 2, 0, 0), ("Ataskaitos", 3, 0, 0)]
    assert cell_values(second) == cell_values(first)
    assert Organisation.objects.get(company_code="190123456").website == "https://svietimas.utena.lt"
    project = Project.objects.get(code="11-400-K-0003")
    assert (project.own_contribution, project.planned_jobs) == (Decimal("9850.50"), Decimal("2.50"))
    planned = dict(project.project_target_groups.values_list("target_group__name", "planned_participants"))
    assert planned == {"Senjorai": 40, "Neįgalieji": None}
    assert ProgressReport.objects.get(participants=40).achievements == "=1+1 stovykla"


def test_the_export_writes_the_import_format():
    make_full_register()
    values = cell_values(export_bytes())

    assert list(values) == ["Organizacijos", "Projektai", "Ataskaitos", "Metai"]
    assert values["Organizacijos"][1] == [
        "Asociacija „Aukštaitijos rakta“",
        "asociacija",
        None,
        None,
        None,
        None,
        None,
    ]
    assert values["Organizacijos"][2][:3] == ["Utenos švietimo centras", "biudžetinė įstaiga", "viešasis"]
    header, first_project = values["Projektai"][0], values["Projektai"][2]
    row = dict(zip(header, first_project, strict=True))
    assert row["Kodas"] == "11-400-K-0003"
    assert row["Veiksmas"] == "1.1.1"
    assert row["Būsena"] == "įgyvendinamas"
    assert row["Pradžia"] == datetime.datetime(2024, 1, 1)
    assert row["Biudžetas, EUR"] == 129850.5
    assert row["Partneriai"] == "Asociacija „Aukštaitijos rakta“"
    assert row["Tikslinės grupės"] == "Senjorai; Neįgalieji"
    assert row["Nuosavas įnašas, EUR"] == 9850.5
    assert row["Planuojamos darbo vietos, etatai"] == 2.5
    assert (row["Planuojami dalyviai: Senjorai"], row["Planuojami dalyviai: Neįgalieji"]) == (40, None)
    reports = values["Ataskaitos"]
    assert reports[0][-2:] == ["Dalyviai: Senjorai", "Dalyviai: Neįgalieji"]
    first_report = dict(zip(reports[0], reports[2], strict=True))
    assert first_report["Būsena"] == "patvirtinta"
    assert first_report["Sukurtos darbo vietos"] == 2.5
    assert (first_report["Dalyviai: Senjorai"], first_report["Dalyviai: Neįgalieji"]) == (15, 4)


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_quoted():
    make_full_register()
    Project.objects.filter(code="07-007-P-0001").update(title="@SUM(A1)")
    values = cell_values(export_bytes())
    report = dict(zip(values["Ataskaitos"][0], values["Ataskaitos"][2], strict=True))
    assert report["Pasiekimai"] == "'=1+1 stovykla"
    project = dict(zip(values["Projektai"][0], values["Projektai"][1], strict=True))
    assert project["Pavadinimas"] == "'@SUM(A1)"


def test_the_export_of_one_strategy_holds_only_its_projects():
    register = make_full_register()
    old = make_strategy("2016-2022", 2016, 2022)
    old_node = make_node(old, "1")
    make_project(old_node, title="Senjorų klubas", code="SK-1", promoter=make_organisation("Utenos kolegija"))

    values = cell_values(export_bytes(strategy=register["strategy"]))
    assert [row[1] for row in values["Projektai"][1:]] == ["07-007-P-0001", "11-400-K-0003"]
    assert [row[0] for row in values["Organizacijos"][1:]] == [
        "Asociacija „Aukštaitijos rakta“",
        "Utenos švietimo centras",
    ]
    assert len(values["Ataskaitos"]) == 4


def test_the_export_command_writes_a_file(tmp_path):
    make_full_register()
    path = tmp_path / "registras.xlsx"
    call_command("export_workbook", str(path), "--strategy", "2023-2029", stdout=io.StringIO())
    assert len(cell_values(path.read_bytes())["Projektai"]) == 3


def test_the_export_takes_the_same_number_of_queries_for_more_data(django_assert_num_queries):
    register = make_full_register()
    # 7 for the register's sheets; the strategies and 6 for each one's year table (one strategy here)
    with django_assert_num_queries(14):
        export_bytes()
    for n in range(5):
        project = make_project(register["1.1.2"], title=f"Projektas {n}", code=f"X-{n}")
        make_report(project, "2024-01-01", "2024-03-31", participants=n, breakdown={register["seniors"]: 0})
    with django_assert_num_queries(14):
        export_bytes()


def test_the_export_command_names_the_projects_left_out_for_having_no_code(tmp_path):
    register = make_full_register()
    make_project(register["1.1.1"], title="Be kodo")
    err = io.StringIO()
    call_command("export_workbook", str(tmp_path / "r.xlsx"), stdout=io.StringIO(), stderr=err)
    assert "„Be kodo“" in err.getvalue()
    assert len(cell_values((tmp_path / "r.xlsx").read_bytes())["Projektai"]) == 3


def test_the_export_holds_the_year_table_and_the_import_passes_it_by():
    register = make_full_register()
    make_indicator(register["strategy"], "Dalyviai", target=360)
    values = cell_values(export_bytes())

    years = values["Metai"]
    assert years[0][:9] == [
        "Strategija",
        "Lygmuo",
        "Rodiklis",
        "Vienetas",
        "Metai",
        "Per metus",
        "Sukaupta",
        "Tarpinė reikšmė ar tikslas",
        "Būsena",
    ]
    rows = {(row[2], row[4]): row for row in years[1:]}
    assert rows[("Dalyviai", 2024)][5:7] == [40, 40]  # the approved report of 2024; the submitted one waits
    assert rows[("Dalyviai", 2029)][7] == 360  # the target, due in the last year
    assert years[0][9:11] == ["Siektina reikšmė", "Planuoja atrinkti projektai"]
    assert rows[("Dalyviai", 2024)][9:11] == [360, 120]  # „Gera būti“ plans 120; the other project says nothing
    assert rows[("Išmokėta", 2024)][5] == 12000.1
    assert len([key for key in rows if key[0] == "Dalyviai"]) == 7  # 2023–2029

    result = import_bytes(export_bytes())
    assert result.errors == []
    assert [name for name, *_counts in result.summary()] == ["Organizacijos", "Projektai", "Ataskaitos"]


def test_the_workbook_has_bold_frozen_headers_widths_and_number_formats():
    from openpyxl import load_workbook

    make_full_register()
    book = load_workbook(io.BytesIO(export_bytes()))
    projects = book["Projektai"]
    assert projects.freeze_panes == "A2"
    assert all(cell.font.bold for cell in projects[1])
    assert not projects["A2"].font.bold
    header = [cell.value for cell in projects[1]]
    row = {name: projects.cell(row=3, column=i + 1) for i, name in enumerate(header)}
    assert row["Pradžia"].number_format == "yyyy-mm-dd"
    assert row["Biudžetas, EUR"].number_format == "#,##0.00"
    assert row["Planuojamos darbo vietos, etatai"].number_format == "0.00"
    assert row["Planuojami dalyviai"].number_format == "0"
    assert row["Planuojami dalyviai: Senjorai"].number_format == "0"
    title_column = projects.column_dimensions["C"]
    assert title_column.width >= len("Pavadinimas") + 2
    assert book["Ataskaitos"].freeze_panes == "A2"


def test_an_import_sets_the_planned_participants_of_a_target_group():
    make_full_register()
    exported = export_bytes()
    ProjectTargetGroup.objects.filter(target_group__name="Senjorai").update(planned_participants=7)
    result = import_bytes(exported)
    assert result.errors == []
    assert result.summary()[1] == ("Projektai", 0, 1, 1)
    link = ProjectTargetGroup.objects.get(target_group__name="Senjorai")
    assert link.planned_participants == 40


def test_an_import_refuses_planned_participants_of_a_group_the_project_does_not_have():
    from openpyxl import load_workbook

    make_full_register()
    book = load_workbook(io.BytesIO(export_bytes()))
    sheet = book["Projektai"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("Planuojami dalyviai: Senjorai") + 1, value=5)  # „Pokyčių keliu“
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_bytes(buffer.getvalue())
    assert [str(error) for error in result.errors] == [
        "Lapas Projektai, eilutė 2, stulpelis „Planuojami dalyviai: Senjorai“: "
        "„Senjorai“ nėra tarp projekto tikslinių grupių."
    ]


def test_every_choice_has_a_fixed_word_in_the_file_and_reads_back_from_it():
    # The words are the file's format, not the pages' labels: each choice has one, and each is read back.
    for words, choices in [
        (PROJECT_STATUS_WORDS, Project.Status.choices),
        (REPORT_STATUS_WORDS, ProgressReport.Status.choices),
        (SECTOR_WORDS, Organisation.Sector.choices),
        (LEGAL_FORM_WORDS, Organisation.LegalForm.choices),
    ]:
        assert set(words) == {value for value, _label in choices}
        lookup = word_lookup(words, choices)
        assert all(lookup[normalise(word)] == value for value, word in words.items())
