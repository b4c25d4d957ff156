import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import load_workbook

from participants.models import ProgressReport, ReportBreakdown
from progress.calculation import strategy_progress
from projects.models import Organisation, Project
from strategies.models import Indicator
from tests.conftest import make_indicator, make_project, make_report
from tests.workbook_helpers import (
    PROJECT_HEADERS,
    REPORT_HEADERS,
    make_register,
    project_row,
    report_row,
    staff_account,
    standard_sheets,
    with_formula,
    write_xlsx,
    xlsx_bytes,
)
from workbooks import reader
from workbooks.importer import apply, check, import_sheets
from workbooks.reader import WorkbookFileError, read_files, read_paths

pytestmark = pytest.mark.django_db


def run_import(sheets, user=None, **options):
    with translation.override("lt"):
        sheets = read_files([("register.xlsx", io.BytesIO(xlsx_bytes(sheets)))])
        result = import_sheets(sheets, user=user or staff_account(), source="register.xlsx", **options)
        result.messages = [str(error) for error in result.errors]
    return result


def history_rows():
    return (
        Project.history.count()
        + ProgressReport.history.count()
        + ReportBreakdown.history.count()
        + Organisation.history.count()
    )


def test_it_imports_projects_reports_and_organisations():
    register = make_register()
    result = run_import(
        standard_sheets(organisations=[["Utenos švietimo centras", "biudžetinė įstaiga", "viešasis", "123456789"]])
    )

    assert result.messages == []
    assert result.applied
    project = Project.objects.get(code="11-400-K-0003")
    assert project.title == "Gera būti"
    assert project.node == register["1.1.1"]
    assert project.status == Project.Status.IN_PROGRESS
    assert project.start_date == datetime.date(2024, 1, 1)
    assert project.total_cost == Decimal("129850.50")
    assert project.grant == Decimal("100000.00")
    assert project.planned_participants == 120
    assert project.promoter.legal_form == Organisation.LegalForm.BUDGETARY
    assert project.promoter.sector == Organisation.Sector.PUBLIC
    assert project.promoter.company_code == "123456789"
    assert sorted(project.partners.values_list("name", flat=True)) == [
        "Asociacija Aukštaitijos rakta",
        "Utenos kraštotyros muziejus",
    ]
    assert set(project.target_groups.all()) == {register["seniors"], register["disabled"]}
    first, second = project.reports.order_by("period_start")
    assert (first.participants, first.volunteers, first.services) == (40, 5, 8)
    assert (first.jobs_created, first.jobs_retained, first.spent) == (Decimal("2.5"), Decimal("0.25"), Decimal("12000"))
    assert first.status == ProgressReport.Status.APPROVED
    assert first.difficulties == ""
    assert first.breakdown.get().participants == 15
    assert second.participants == 30
    assert Organisation.objects.count() == 3
    assert result.summary() == [("Organizacijos", 3, 0, 0), ("Projektai", 1, 0, 0), ("Ataskaitos", 2, 0, 0)]


def test_the_progress_calculation_shows_the_imported_figures():
    register = make_register()
    make_indicator(register["1.1.1"], name="Dalyviai", target=100)
    make_indicator(register["1.1.1"], name="Senjorai", target=50, target_group=register["seniors"])
    make_indicator(register["1.1.1"], name="Darbo vietos", unit=Indicator.Unit.JOBS, figure="jobs_created", target=5)
    reports = [
        report_row(),
        report_row(**{"Nuo": "2024-07-01", "Iki": "2024-12-31", "Nauji dalyviai": 30, "Dalyviai: Senjorai": 20}),
        # Not approved: must not count.
        report_row(**{"Nuo": "2025-01-01", "Iki": "2025-06-30", "Būsena": "pateikta", "Nauji dalyviai": 99}),
    ]
    assert run_import(standard_sheets(reports=reports)).messages == []

    progress = strategy_progress(register["strategy"], as_of=datetime.date(2025, 12, 31))
    action = progress.find("1.1.1")
    achieved = {item.indicator.name: item.achieved for item in action.indicators}
    assert achieved == {"Dalyviai": Decimal("70"), "Senjorai": Decimal("35"), "Darbo vietos": Decimal("5")}
    assert action.figures.participants == 70
    assert action.figures.reports == 2
    assert progress.find("1.1").figures.participants == 70
    assert [item.achievement for item in action.indicators if item.indicator.name == "Dalyviai"] == [Decimal("70")]


def test_headers_match_ignoring_case_spaces_and_column_order():
    make_register()
    headers = [h.upper() + "  " for h in PROJECT_HEADERS][::-1]
    row = project_row()[::-1]
    result = run_import({"projektai": [headers, row]})
    assert result.messages == []
    assert Project.objects.get().title == "Gera būti"


def test_it_reads_csv_files_named_after_the_sheets(tmp_path):
    make_register()
    with (tmp_path / "Projektai.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([PROJECT_HEADERS, project_row()])
    with (tmp_path / "Ataskaitos.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([REPORT_HEADERS, report_row()])
    (tmp_path / "Kita.csv").write_text("nieko", encoding="utf-8")

    call_command("import_workbook", str(tmp_path), "--user", staff_account().username, stdout=io.StringIO())

    report = ProgressReport.objects.get()
    assert report.jobs_created == Decimal("2.5")
    assert report.project.total_cost == Decimal("129850.50")


def test_it_reads_excel_dates_and_point_decimals():
    make_register()
    row = project_row(**{"Pradžia": datetime.datetime(2024, 2, 1), "Biudžetas, EUR": 2500.5, "Finansavimas, EUR": 2000})
    report = report_row(**{"Nuo": datetime.date(2024, 2, 1), "Sukurtos darbo vietos": 1.75})
    assert run_import(standard_sheets(projects=[row], reports=[report])).messages == []
    assert Project.objects.get().start_date == datetime.date(2024, 2, 1)
    assert Project.objects.get().total_cost == Decimal("2500.50")
    assert ProgressReport.objects.get().jobs_created == Decimal("1.75")


ERRORS = [
    (
        "unknown action",
        {"projects": [project_row(Veiksmas="9.9.9")]},
        "Lapas Projektai, eilutė 2, stulpelis „Veiksmas“: Strategija 2023-2029 neturi veiksmo su kodu „9.9.9“.",
    ),
    (
        "unknown strategy",
        {"projects": [project_row(Strategija="2000-2006")]},
        "Lapas Projektai, eilutė 2, stulpelis „Strategija“, reikšmė „2000-2006“: Nėra strategijos su tokiu kodu.",
    ),
    (
        "unknown target group in a project",
        {"projects": [project_row(**{"Tikslinės grupės": "Senjorai; Marsiečiai"})]},
        "Lapas Projektai, eilutė 2, stulpelis „Tikslinės grupės“: Nėra tikslinės grupės „Marsiečiai“.",
    ),
    (
        "negative number",
        {"reports": [report_row(**{"Nauji dalyviai": -3})]},
        "Lapas Ataskaitos, eilutė 2, stulpelis „Nauji dalyviai“: Skaičius negali būti neigiamas (-3).",
    ),
    (
        "bad number",
        {"reports": [report_row(**{"Išlaidos, EUR": "daug"})]},
        "Lapas Ataskaitos, eilutė 2, stulpelis „Išlaidos, EUR“: „daug“ nėra skaičius.",
    ),
    (
        "fractional count",
        {"reports": [report_row(**{"Nauji dalyviai": "2,5"})]},
        "Lapas Ataskaitos, eilutė 2, stulpelis „Nauji dalyviai“: „2,5“ nėra sveikasis skaičius.",
    ),
    (
        "bad date",
        {"reports": [report_row(Nuo="2024-13-01")]},
        "Lapas Ataskaitos, eilutė 2, stulpelis „Nuo“: „2024-13-01“ nėra data; rašykite ją taip: MMMM-MM-DD.",
    ),
    (
        "breakdown above the total",
        {"reports": [report_row(**{"Dalyviai: Senjorai": 41})]},
        "Lapas Ataskaitos, eilutė 2, stulpelis „Dalyviai: Senjorai“: Tikslinės grupės „Senjorai“ dalyvių (41) "
        "yra daugiau nei iš viso naujų dalyvių (40).",
    ),
    (
        "period before the project",
        {"reports": [report_row(Nuo="2023-12-01")]},
        "Lapas Ataskaitos, eilutė 2, stulpelis „Nuo“: Laikotarpis prasideda anksčiau nei projektas (2024-01-01).",
    ),
    (
        "period after the project",
        {"reports": [report_row(Nuo="2025-07-01", Iki="2026-01-31")]},
        "Lapas Ataskaitos, eilutė 2, stulpelis „Iki“: Laikotarpis baigiasi vėliau nei projektas (2025-12-31).",
    ),
    (
        "overlapping periods",
        {"reports": [report_row(), report_row(Nuo="2024-06-01", Iki="2024-09-30")]},
        "Lapas Ataskaitos, eilutė 3, stulpelis „Nuo“: Laikotarpis persidengia su ataskaita už 2024-01-01 – 2024-06-30.",
    ),
    (
        "duplicate project code",
        {"projects": [project_row(), project_row(Pavadinimas="Kitas")]},
        "Lapas Projektai, eilutė 3, stulpelis „Kodas“: Kodas „11-400-K-0003“ nurodytas du kartus.",
    ),
    (
        "missing value",
        {"projects": [project_row(Pavadinimas="  ")]},
        "Lapas Projektai, eilutė 2, stulpelis „Pavadinimas“: Reikšmė privaloma.",
    ),
    (
        "unknown status",
        {"reports": [report_row(**{"Būsena": "baigta"})]},
        "Lapas Ataskaitos, eilutė 2, stulpelis „Būsena“: „baigta“ nėra viena iš: juodraštis, pateikta, "
        "patvirtinta, grąžinta.",
    ),
    (
        "unknown project status",
        {"projects": [project_row(**{"Būsena": "vyksta"})]},
        "Lapas Projektai, eilutė 2, stulpelis „Būsena“: „vyksta“ nėra viena iš: planuojamas, atrinktas, "
        "sutartis pasirašyta, įgyvendinamas, įgyvendintas, nutrauktas.",
    ),
    (
        "unknown project code in a report",
        {"reports": [report_row(**{"Projekto kodas": "00-000"})]},
        "Lapas Ataskaitos, eilutė 2, stulpelis „Projekto kodas“, reikšmė „00-000“: Nėra projekto su tokiu kodu.",
    ),
    (
        "grant above the total cost (the model's own rule)",
        {"projects": [project_row(**{"Finansavimas, EUR": 200000})]},
        "Lapas Projektai, eilutė 2, stulpelis „Finansavimas, EUR“: Paramos suma (200\u00a0000,00\u00a0€) negali "
        "viršyti visų tinkamų finansuoti išlaidų (129\u00a0850,50\u00a0€).",
    ),
    (
        "bad company code (the model's validator)",
        {"organisations": [["Utenos švietimo centras", None, None, "12345"]]},
        "Lapas Organizacijos, eilutė 2, stulpelis „Įmonės kodas“: Įmonės kodą sudaro lygiai 9 skaitmenys („12345“ "
        "netinka).",
    ),
]


@pytest.mark.parametrize(("case", "parts", "message"), ERRORS, ids=[case for case, _p, _m in ERRORS])
def test_every_error_names_sheet_row_column_and_what_is_wrong(case, parts, message):
    make_register()
    result = run_import(standard_sheets(**parts))
    assert message in result.messages, result.messages
    assert not result.applied
    assert Project.objects.count() == 0
    assert ProgressReport.objects.count() == 0


def test_an_unknown_target_group_column_is_an_error():
    make_register()
    headers = [*REPORT_HEADERS, "Dalyviai: Marsiečiai"]
    result = run_import({"Projektai": [PROJECT_HEADERS, project_row()], "Ataskaitos": [headers, [*report_row(), 3]]})
    assert result.messages == [
        "Lapas Ataskaitos, eilutė 1, stulpelis „Dalyviai: Marsiečiai“: Nėra tikslinės grupės „Marsiečiai“."
    ]


def test_an_unknown_planned_participants_column_is_an_error():
    make_register()
    headers = [*PROJECT_HEADERS, "Planuojami dalyviai: Marsiečiai"]
    result = run_import({"Projektai": [headers, [*project_row(), 3]]})
    assert result.messages == [
        "Lapas Projektai, eilutė 1, stulpelis „Planuojami dalyviai: Marsiečiai“: Nėra tikslinės grupės „Marsiečiai“."
    ]
    assert Project.objects.count() == 0


def test_planned_participants_of_a_group_must_be_a_whole_number_the_database_holds():
    make_register()
    headers = [*PROJECT_HEADERS, "Planuojami dalyviai: Senjorai", "Planuojami dalyviai: Neįgalieji"]
    result = run_import({"Projektai": [headers, [*project_row(), "2,5", "10000000000000000000"]]})
    assert result.messages[0] == (
        "Lapas Projektai, eilutė 2, stulpelis „Planuojami dalyviai: Senjorai“: „2,5“ nėra sveikasis skaičius."
    )
    assert result.messages[1] == (
        "Lapas Projektai, eilutė 2, stulpelis „Planuojami dalyviai: Neįgalieji“: 10000000000000000000 – daugiau, nei "
        "čia gali būti: ne daugiau kaip 1000000."
    )
    assert len(result.messages) == 2
    assert Project.objects.count() == 0


def test_an_import_records_the_planned_participants_it_sets_in_the_history():
    make_register()
    headers = [*PROJECT_HEADERS, "Planuojami dalyviai: Senjorai", "Planuojami dalyviai: Neįgalieji"]
    assert run_import({"Projektai": [headers, [*project_row(), 40, None]]}).messages == []
    project = Project.objects.get()
    assert dict(project.project_target_groups.values_list("target_group__name", "planned_participants")) == {
        "Senjorai": 40,
        "Neįgalieji": None,
    }
    result = run_import({"Projektai": [headers, [*project_row(), 35, 12]]})
    assert result.messages == [] and result.summary() == [("Projektai", 0, 1, 0)]
    project.refresh_from_db()
    assert project.version == 2
    assert dict(project.project_target_groups.values_list("target_group__name", "planned_participants")) == {
        "Senjorai": 35,
        "Neįgalieji": 12,
    }
    link = project.project_target_groups.get(target_group__name="Senjorai")
    latest = link.history.order_by("-history_date").first()
    assert (latest.planned_participants, latest.history_user, latest.history_change_reason) == (
        35,
        staff_account(),
        project.history.order_by("-history_date").first().history_change_reason,
    )
    assert "register.xlsx" in latest.history_change_reason


def test_a_missing_required_column_is_an_error():
    make_register()
    headers = [h for h in PROJECT_HEADERS if h != "Vykdytojas"]
    row = [v for h, v in zip(PROJECT_HEADERS, project_row(), strict=True) if h != "Vykdytojas"]
    result = run_import({"Projektai": [headers, row]})
    assert result.messages == ["Lapas Projektai, eilutė 1, stulpelis „Vykdytojas“: Trūksta privalomo stulpelio."]


def _saved_report_of_the_first_quarter():
    """Project 11-400-K-0003 (2024–2025) with a saved report for 2024-01-01 – 2024-03-31."""
    register = make_register()
    project = make_project(
        register["1.1.1"],
        code="11-400-K-0003",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    make_report(project, "2024-01-01", "2024-03-31")


def test_a_report_overlapping_a_saved_report_is_an_error():
    _saved_report_of_the_first_quarter()
    result = run_import({"Ataskaitos": [REPORT_HEADERS, report_row(Nuo="2024-02-01", Iki="2024-04-30")]})
    assert result.messages == [
        "Lapas Ataskaitos, eilutė 2, stulpelis „Nuo“: Laikotarpis persidengia su ataskaita už 2024-01-01 – 2024-03-31."
    ]


def test_a_report_row_in_error_is_checked_for_overlaps_too_so_every_error_shows_at_once():
    _saved_report_of_the_first_quarter()
    row = report_row(Nuo="2024-02-01", Iki="2024-04-30", **{"Nauji dalyviai": "daug"})
    result = run_import({"Ataskaitos": [REPORT_HEADERS, row]})
    assert result.messages == [
        "Lapas Ataskaitos, eilutė 2, stulpelis „Nauji dalyviai“: „daug“ nėra skaičius.",
        "Lapas Ataskaitos, eilutė 2, stulpelis „Nuo“: Laikotarpis persidengia su ataskaita už 2024-01-01 – 2024-03-31.",
    ]


def test_it_collects_every_error_and_saves_nothing():
    make_register()
    projects = [project_row(), project_row(Kodas="B-2", Veiksmas="7.7"), project_row(Kodas="C-3", Pabaiga="rytoj")]
    reports = [report_row(), report_row(**{"Nuo": "2024-07-01", "Iki": "2024-12-31", "Nauji savanoriai": -1})]
    result = run_import(standard_sheets(projects=projects, reports=reports))
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("Projektai", 3, "Veiksmas"),
        ("Projektai", 4, "Pabaiga"),
        ("Ataskaitos", 3, "Nauji savanoriai"),
    ]
    assert (Project.objects.count(), ProgressReport.objects.count(), Organisation.objects.count()) == (0, 0, 0)


def test_importing_the_same_file_again_changes_nothing():
    make_register()
    sheets = standard_sheets(organisations=[["Utenos švietimo centras", "VšĮ", "pilietinės visuomenės"]])
    run_import(sheets)
    before = history_rows()
    versions = list(ProgressReport.objects.values_list("version", flat=True))

    again = run_import(sheets)

    assert again.messages == []
    assert again.summary() == [("Organizacijos", 0, 0, 1), ("Projektai", 0, 0, 1), ("Ataskaitos", 0, 0, 2)]
    assert history_rows() == before
    assert list(ProgressReport.objects.values_list("version", flat=True)) == versions
    assert (Project.objects.count(), ProgressReport.objects.count(), ReportBreakdown.objects.count()) == (1, 2, 2)


def test_new_project_dates_that_would_leave_a_saved_report_outside_are_refused_as_in_the_form():
    make_register()
    run_import(standard_sheets(reports=[report_row(Būsena="juodraštis")]))  # 2024-01-01 – 2024-06-30
    result = run_import(standard_sheets(projects=[project_row(Pradžia="2024-03-01")], reports=[]))
    assert result.messages == [
        "Lapas Projektai, eilutė 2, stulpelis „Pradžia“: Ataskaita už 2024-01-01 – 2024-06-30 liktų už projekto "
        "laikotarpio ribų: pirmiausia pakeiskite tos ataskaitos laikotarpį (patvirtintą ataskaitą pirma grąžinkite)."
    ]
    assert Project.objects.get().start_date == datetime.date(2024, 1, 1)


def test_the_promoter_listed_among_the_partners_is_refused_as_in_the_form():
    make_register()
    row = project_row(Partneriai="Utenos kolegija; Utenos švietimo centras")
    result = run_import(standard_sheets(projects=[row], reports=[]))
    assert result.messages == [
        "Lapas Projektai, eilutė 2, stulpelis „Partneriai“: „Utenos švietimo centras“ yra projekto vykdytojas, "
        "todėl negali būti ir jo partneris."
    ]
    assert not Project.objects.exists()


def test_a_changed_row_updates_the_project_and_the_report():
    register = make_register()
    drafts = [
        report_row(Būsena="juodraštis"),
        report_row(**{"Nuo": "2024-07-01", "Iki": "2024-12-31", "Nauji dalyviai": 30, "Būsena": "juodraštis"}),
    ]
    run_import(standard_sheets(reports=drafts))
    changed_project = project_row(
        Pavadinimas="Gera būti kartu",
        Veiksmas="1.1.2",
        Partneriai="Utenos kolegija",
        **{"Tikslinės grupės": "Senjorai"},
    )
    changed_reports = [
        report_row(**{"Nauji dalyviai": 45, "Dalyviai: Senjorai": None, "Būsena": "juodraštis"}),
        drafts[1],
    ]

    result = run_import(standard_sheets(projects=[changed_project], reports=changed_reports))

    assert result.summary() == [("Organizacijos", 1, 0, 0), ("Projektai", 0, 1, 0), ("Ataskaitos", 0, 1, 1)]
    project = Project.objects.get()
    assert (project.title, project.node) == ("Gera būti kartu", register["1.1.2"])
    assert list(project.partners.values_list("name", flat=True)) == ["Utenos kolegija"]
    assert list(project.target_groups.all()) == [register["seniors"]]
    first = project.reports.get(period_start=datetime.date(2024, 1, 1))
    assert (first.participants, first.version) == (45, 2)
    assert not first.breakdown.exists()
    assert project.history.count() == 2


def test_a_dry_run_saves_nothing(tmp_path):
    make_register()
    path = write_xlsx(tmp_path / "register.xlsx", standard_sheets())
    out = io.StringIO()
    call_command("import_workbook", str(path), "--dry-run", "--user", staff_account().username, stdout=out)
    assert "Projektai: naujų 1, pakeistų 0, nepakeistų 0" in out.getvalue()
    assert Project.objects.count() == 0


def test_the_command_exits_non_zero_and_prints_the_errors(tmp_path):
    make_register()
    path = write_xlsx(tmp_path / "register.xlsx", standard_sheets(projects=[project_row(Veiksmas="9.9")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Klaidų: 1"):
        call_command("import_workbook", str(path), "--user", staff_account().username, stderr=err)
    assert "Lapas Projektai, eilutė 2, stulpelis „Veiksmas“" in err.getvalue()


# --- hostile files -----------------------------------------------------------------------------------


def test_it_takes_formulas_as_their_values():
    make_register()
    data = with_formula(xlsx_bytes(standard_sheets()), 2, "E2", "SUM(1,39)")  # Ataskaitos!E2 = Nauji dalyviai
    with translation.override("lt"):
        result = import_sheets(read_files([("f.xlsx", io.BytesIO(data))]), user=staff_account())
    assert result.errors == []
    assert ProgressReport.objects.order_by("period_start").first().participants == 40


def test_a_formula_saved_without_its_value_and_an_error_cell_are_refused_by_name():
    """A file written by a program keeps a formula and no value; an empty cell would have cleared the field."""
    make_register()
    original = xlsx_bytes(standard_sheets(reports=[]))
    with translation.override("lt"):
        assert import_sheets(read_files([("f.xlsx", io.BytesIO(original))]), user=staff_account()).errors == []
    book = load_workbook(io.BytesIO(original))
    sheet = book["Projektai"]
    column = {cell.value: cell.column_letter for cell in sheet[1]}
    sheet[f"{column['Planuojami dalyviai']}2"] = "=5*4"  # openpyxl writes the formula and no value
    sheet[f"{column['Pavadinimas']}2"] = "#REF!"
    sheet[f"{column['Pavadinimas']}2"].data_type = "e"
    buffer = io.BytesIO()
    book.save(buffer)
    with translation.override("lt"):
        result = import_sheets(read_files([("f.xlsx", io.BytesIO(buffer.getvalue()))]), user=staff_account())
    messages = sorted(str(error) for error in result.errors)
    assert messages == [
        "Lapas Projektai, eilutė 2, stulpelis „Pavadinimas“: Langelyje yra skaičiuoklės klaida #REF!: ištaisykite ją "
        "faile.",
        "Lapas Projektai, eilutė 2, stulpelis „Planuojami dalyviai“, reikšmė „=5*4“: Langelyje yra formulė, "
        "išsaugota be reikšmės (failą parašė programa, ne skaičiuoklė): atverkite failą skaičiuoklėje ir išsaugokite "
        "iš naujo arba įrašykite pačią reikšmę.",
    ]
    assert Project.objects.get().planned_participants == 120  # nothing cleared


def test_it_reads_only_the_expected_sheets():
    make_register()
    sheets = {**standard_sheets(), "Slapta": [["Kodas"], ["=HYPERLINK(1)"]]}
    data = xlsx_bytes(sheets)
    assert set(read_files([("f.xlsx", io.BytesIO(data))])) == {"Projektai", "Ataskaitos"}


@pytest.mark.parametrize("name", ["register.xlsm", "register.xls", "register.ods", "register.exe"])
def test_it_refuses_macro_files_and_other_kinds(name):
    with pytest.raises(WorkbookFileError):
        read_files([(name, io.BytesIO(xlsx_bytes(standard_sheets())))])


def test_it_refuses_a_macro_workbook_renamed_to_xlsx():
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(standard_sheets()))) as original, zipfile.ZipFile(data, "w") as target:
        for item in original.infolist():
            target.writestr(item, original.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"macro")
    with pytest.raises(WorkbookFileError, match="macros|makro"):
        read_files([("register.xlsx", data)])


def test_it_refuses_a_file_that_is_not_a_workbook():
    with pytest.raises(WorkbookFileError):
        read_files([("register.xlsx", io.BytesIO(b"PK not really a zip"))])


def test_it_refuses_a_file_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(reader, "MAX_FILE_SIZE", 1000)
    with pytest.raises(WorkbookFileError, match="1000|MB"):
        read_files([("register.xlsx", io.BytesIO(xlsx_bytes(standard_sheets())))])


def test_it_refuses_a_sheet_over_the_row_limit(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 2)
    sheets = standard_sheets(reports=[report_row(), report_row(), report_row()])
    with pytest.raises(WorkbookFileError, match="Ataskaitos"):
        read_files([("register.xlsx", io.BytesIO(xlsx_bytes(sheets)))])


def test_read_paths_closes_its_files(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", standard_sheets(organisations=[]))
    assert set(read_paths([path])) == {"Projektai", "Ataskaitos", "Organizacijos"}


def test_it_refuses_a_workbook_that_unpacks_to_far_more_than_its_size(monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNPACKED_SIZE", 2000)
    with pytest.raises(WorkbookFileError):
        read_files([("register.xlsx", io.BytesIO(xlsx_bytes(standard_sheets())))])


def test_it_refuses_a_csv_file_it_cannot_parse():
    data = ("Kodas;Pavadinimas\n" + "x;" + "y" * 200_000 + "\n").encode()
    with pytest.raises(WorkbookFileError, match="Projektai"):
        read_files([("Projektai.csv", io.BytesIO(data))])


def test_a_number_too_large_to_hold_is_an_error():
    make_register()
    result = run_import(standard_sheets(reports=[report_row(**{"Išlaidos, EUR": "1e400"})]))
    assert result.messages == ["Lapas Ataskaitos, eilutė 2, stulpelis „Išlaidos, EUR“: „1e400“ nėra skaičius."]
    result = run_import(standard_sheets(reports=[report_row(**{"Išlaidos, EUR": "1" * 30})]))
    assert result.messages[0].endswith(f"„{'1' * 30}“ turi daugiau skaitmenų, nei čia gali turėti bet kuris skaičius.")


def many_projects(count):
    projects = [project_row(Kodas=f"P-{n}", Pavadinimas=f"Projektas {n}") for n in range(count)]
    reports = [
        report_row(**{"Projekto kodas": f"P-{n}", "Nuo": start, "Iki": end})
        for n in range(count)
        for start, end in (("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-12-31"))
    ]
    return standard_sheets(projects=projects, reports=reports)


@pytest.mark.parametrize("count", [1, 6])
def test_the_check_takes_the_same_number_of_queries_for_more_rows(count, django_assert_num_queries):
    make_register()
    user = staff_account()
    sheets = read_files([("r.xlsx", io.BytesIO(xlsx_bytes(many_projects(count))))])
    with django_assert_num_queries(7):  # permissions (2), strategies, nodes, groups, organisations, projects
        plan = check(sheets, user=user)
    assert plan.summary() == [("Organizacijos", 3, 0, 0), ("Projektai", count, 0, 0), ("Ataskaitos", 2 * count, 0, 0)]


@pytest.mark.parametrize("count", [1, 6])
def test_a_second_import_only_reads(count, django_assert_num_queries):
    make_register()
    user = staff_account()
    sheets = read_files([("r.xlsx", io.BytesIO(xlsx_bytes(many_projects(count))))])
    assert import_sheets(sheets, user=user).applied
    user = staff_account()  # a fresh copy: the permission cache is part of what is counted
    with django_assert_num_queries(11):  # and the projects' partners, groups, reports and breakdowns
        result = import_sheets(sheets, user=user)
    assert result.changes == 0


@pytest.mark.parametrize("count", [1, 6])
def test_a_first_import_takes_the_same_number_of_queries_for_more_rows(count, django_assert_num_queries):
    make_register()
    user = staff_account()
    sheets = read_files([("r.xlsx", io.BytesIO(xlsx_bytes(many_projects(count))))])
    plan = check(sheets, user=user)
    # Organisations, projects, partners, target groups, reports (a history copy per workflow step) and breakdowns:
    # an insert and a history copy each; the slugs taken, the ids of organisations and projects, the target groups,
    # the projects locked and their saved periods; savepoints.
    with django_assert_num_queries(33):
        apply(plan, user=user)
    assert plan.applied and not plan.errors
    assert Project.objects.count() == count and ProgressReport.objects.count() == 2 * count


def test_a_target_group_planned_beyond_the_projects_participants_is_refused_as_in_the_form():
    make_register()
    headers = [*PROJECT_HEADERS, "Planuojami dalyviai: Senjorai", "Planuojami dalyviai: Neįgalieji"]
    result = run_import({"Projektai": [headers, [*project_row(), 500, 120]]})  # the project plans 120 in all
    assert result.messages == [
        "Lapas Projektai, eilutė 2, stulpelis „Planuojami dalyviai: Senjorai“: Senjorai: planuojama 500 dalyvių, "
        "daugiau nei projektas iš viso planuoja (120)."
    ]
    assert not Project.objects.exists()
    assert run_import({"Projektai": [headers, [*project_row(), 120, 40]]}).messages == []
    # lowering the project's own figure below a group's saved plan is refused the same way
    lowered = run_import({"Projektai": [PROJECT_HEADERS, project_row(**{"Planuojami dalyviai": 100})]})
    assert lowered.messages[0].endswith(
        "Senjorai: planuojama 120 dalyvių, daugiau nei projektas iš viso planuoja (100)."
    )


def test_a_csv_saved_in_the_windows_lithuanian_encoding_is_refused_saying_how_to_save_it(tmp_path):
    data = "Kodas;Pavadinimas\nx;Šeimų dirbtuvės\n".encode("cp1257")
    with pytest.raises(WorkbookFileError) as refusal:
        read_files([("Projektai.csv", io.BytesIO(data))])
    assert str(refusal.value) == (
        "CSV failas Projektai nėra UTF-8 koduotės. Excel programoje įrašykite jį iš naujo kaip „CSV UTF-8 (Comma "
        "delimited)“ (arba importuokite patį .xlsx darbaknygės failą)."
    )
