"""The import keeps the portal's promises: approved reports are locked, approval is recorded, no edit is lost.

Everything here goes through the real pipeline and database; the concurrency of real parallel transactions is
in test_concurrency.py.
"""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from common.roles import BOARD_GROUP, STAFF_GROUP
from participants import services as report_services
from participants.models import ProgressReport
from projects import services as project_services
from projects.models import Project
from tests.conftest import _user, make_project, make_report
from tests.workbook_helpers import (
    PROJECT_HEADERS,
    REPORT_HEADERS,
    make_register,
    project_row,
    report_row,
    staff_account,
    standard_sheets,
    write_xlsx,
    xlsx_bytes,
)
from workbooks import views
from workbooks.importer import apply, check, import_sheets
from workbooks.reader import read_files

pytestmark = pytest.mark.django_db

Status = ProgressReport.Status


def sheets_of(sheets):
    return read_files([("registras.xlsx", io.BytesIO(xlsx_bytes(sheets)))])


def run(sheets, user=None, **options):
    with translation.override("lt"):
        plan = import_sheets(sheets_of(sheets), user=user or staff_account(), source="registras.xlsx", **options)
        plan.messages = [str(error) for error in plan.errors]
    return plan


@pytest.fixture
def project(db):
    register = make_register()
    return make_project(
        register["1.1.1"],
        "Gera būti",
        code="11-400-K-0003",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )


def reports_only(*rows):
    return {"Ataskaitos": [REPORT_HEADERS, *rows]}


# --- approved reports are locked -------------------------------------------------------------------------


def test_it_refuses_to_change_an_approved_report(project):
    report = make_report(project, "2024-01-01", "2024-06-30", status=Status.APPROVED, participants=10)

    plan = run(reports_only(report_row(**{"Nauji dalyviai": 777, "Dalyviai: Senjorai": None})))

    assert plan.messages == [
        "Lapas Ataskaitos, eilutė 2: Projekto 11-400-K-0003 ataskaita už 2024-01-01 – 2024-06-30 patvirtinta, "
        "todėl užrakinta, o ši eilutė ją pakeistų (Nauji dalyviai: 10 → 777; Nauji savanoriai: — → 5; Sukurtos "
        "darbo vietos: — → 2,5). Pirmiausia grąžinkite ataskaitą portale, tada importuokite failą dar kartą."
    ]
    report.refresh_from_db()
    assert (report.participants, report.version) == (10, 1)


def test_a_row_identical_to_an_approved_report_is_unchanged(project):
    make_report(project, "2024-01-01", "2024-06-30", status=Status.APPROVED, participants=40)
    row = report_row(
        **{
            "Nauji savanoriai": None,
            "Sukurtos darbo vietos": None,
            "Išlaikytos darbo vietos": None,
            "Paslaugos": None,
            "Išlaidos, EUR": None,
            "Pasiekimai": None,
            "Kiti žingsniai": None,
            "Dalyviai: Senjorai": None,
        }
    )
    plan = run(reports_only(row))
    assert plan.messages == []
    assert plan.summary() == [("Ataskaitos", 0, 0, 1)]


def test_approving_by_import_records_who_approved_and_when(project):
    report = make_report(project, "2024-01-01", "2024-06-30", status=Status.DRAFT, participants=40)
    user = staff_account()

    plan = run(reports_only(report_row(**{"Dalyviai: Senjorai": None})), user=user)

    assert plan.messages == [] and plan.applied
    report.refresh_from_db()
    assert (report.status, report.approved_by, report.submitted_by) == (Status.APPROVED, user, user)
    assert report.approved_at is not None and report.submitted_at <= report.approved_at
    assert report.volunteers == 5
    reasons = list(report.history.order_by("history_id").values_list("history_change_reason", "status"))
    assert reasons[1:] == [
        ("import: registras.xlsx", "draft"),
        ("import: registras.xlsx", "submitted"),
        ("import: registras.xlsx", "approved"),
    ]


def test_approving_by_import_needs_the_right_to_approve(project):
    report = make_report(project, "2024-01-01", "2024-06-30", status=Status.DRAFT, participants=40)
    clerk = _user("klerke", STAFF_GROUP, first_name="Klerkė", last_name="Be Teisių")
    clerk.user_permissions.set([])
    clerk.groups.get().permissions.remove(Permission.objects.get(codename="approve_progressreport"))

    plan = run(reports_only(report_row(**{"Dalyviai: Senjorai": None})), user=clerk)

    assert plan.messages == [
        "Lapas Ataskaitos, eilutė 2: Tam reikia teisės tvirtinti ar grąžinti pažangos ataskaitas, o Klerkė Be "
        "Teisių jos neturi."
    ]
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_a_returned_report_keeps_its_comment_when_the_import_changes_its_figures(project):
    report = make_report(project, "2024-01-01", "2024-06-30", status=Status.RETURNED, participants=40)
    ProgressReport.objects.filter(pk=report.pk).update(return_comment="Trūksta grupių.")

    plan = run(reports_only(report_row(Būsena="grąžinta", **{"Nauji dalyviai": 42})))

    assert plan.messages == []
    report.refresh_from_db()
    assert (report.status, report.participants, report.return_comment) == (Status.RETURNED, 42, "Trūksta grupių.")


def test_a_report_the_import_returns_says_so_in_its_comment(project):
    run(reports_only(report_row(Būsena="grąžinta")))
    report = ProgressReport.objects.get()
    assert (report.status, report.returned_by) == (Status.RETURNED, staff_account())
    assert report.return_comment == "Grąžinta importuotame faile registras.xlsx."


def test_the_import_cannot_take_a_report_back_to_draft(project):
    make_report(project, "2024-01-01", "2024-06-30", status=Status.SUBMITTED, participants=40)
    plan = run(reports_only(report_row(Būsena="juodraštis")))
    assert plan.messages[0].startswith("Lapas Ataskaitos, eilutė 2, stulpelis „Būsena“: Portale ataskaitos būsena")


# --- history says where a change came from ----------------------------------------------------------------


def test_history_says_the_workspace_the_admin_or_the_file_made_the_change(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.DRAFT, participants=1)
    staff_client.post(f"/darbas/ataskaitos/{report.pk}/pateikti/", {"version": report.version})
    report.refresh_from_db()
    response = staff_client.post(
        f"/admin/participants/progressreport/{report.pk}/change/",
        {
            "version": report.version,
            "project": project.pk,
            "period_start": "2024-01-01",
            "period_end": "2024-03-31",
            "participants": "2",
            "breakdown-TOTAL_FORMS": "0",
            "breakdown-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    run({"Projektai": [PROJECT_HEADERS, project_row(Pavadinimas="Gera būti kartu")]})

    assert list(report.history.order_by("history_id").values_list("history_change_reason", flat=True)) == [
        None,  # made by the test's own builder
        "workspace: submit",
        "admin",
    ]
    assert project.history.first().history_change_reason == "import: registras.xlsx"
    page = staff_client.get(f"/darbas/ataskaitos/{report.pk}/istorija/").content.decode()
    assert "darbo sritis: pateikta" in page and "administravimas" in page


# --- no edit made meanwhile is lost ----------------------------------------------------------------------------


def test_import_does_not_revert_an_edit_made_meanwhile(project, staff):
    report = make_report(project, "2024-01-01", "2024-06-30", status=Status.DRAFT, participants=40)
    with translation.override("lt"):
        plan = check(
            sheets_of(
                {
                    **reports_only(report_row(Būsena="juodraštis", **{"Nauji dalyviai": 41})),
                    "Projektai": [PROJECT_HEADERS, project_row(), project_row(Kodas="NAUJAS-1")],
                }
            ),
            user=staff_account(),
            source="registras.xlsx",
        )
        assert plan.errors == []
        # Meanwhile Vida saves the report in the workspace (the file does not even have her column).
        report_services.report_save(report=report, breakdown={}, user=staff, version=1)
        ProgressReport.objects.filter(pk=report.pk).update(next_steps="Vidos tekstas")

        apply(plan, user=staff_account())
        messages = [str(error) for error in plan.errors]

    when = timezone.localtime(report.history.first().history_date).strftime("%Y-%m-%d %H:%M")
    assert messages == [
        "Lapas Ataskaitos, eilutė 2: 11-400-K-0003: 2024-01-01 – 2024-06-30: Vida Darbuotoja pakeitė šią eilutę "
        f"portale {when}, jau patikrinus failą. Niekas neišsaugota: patikrinkite failą iš naujo, kad importas "
        "neatšauktų to pakeitimo."
    ]
    report.refresh_from_db()
    assert (report.participants, report.next_steps) == (40, "Vidos tekstas")
    assert not Project.objects.filter(code="NAUJAS-1").exists()  # all or nothing


def test_import_does_not_revert_a_project_edited_meanwhile(project, staff_client):
    with translation.override("lt"):
        plan = check(
            sheets_of({"Projektai": [PROJECT_HEADERS, project_row(Pavadinimas="Iš failo")]}),
            user=staff_account(),
            source="registras.xlsx",
        )
    project.refresh_from_db()
    project.contact = "Vida, tel. 8 389 00000"
    project_services.project_save(project=project, user=None, version=project.version)

    with translation.override("lt"):
        apply(plan, user=staff_account())
    assert "jau patikrinus failą" in str(plan.errors[0])
    project.refresh_from_db()
    assert (project.title, project.contact) == ("Gera būti", "Vida, tel. 8 389 00000")


def test_the_confirmation_applies_the_checked_plan_without_reading_the_file_again(staff_client, monkeypatch):
    make_register()
    response = staff_client.post("/darbas/skaiciuokles/", {"files": _upload()}, follow=True)
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(views, "read_files", no_reading)
    monkeypatch.setattr(views, "check", no_reading)
    staff_client.post("/darbas/skaiciuokles/patvirtinti/", {"token": token})

    assert ProgressReport.objects.count() == 2


def _upload(sheets=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("registras.xlsx", xlsx_bytes(sheets or standard_sheets()))


# --- the command says whose changes these are -------------------------------------------------------------


@pytest.fixture
def workbook(tmp_path, project):
    return write_xlsx(tmp_path / "registras.xlsx", standard_sheets())


def test_the_command_refuses_to_run_without_a_user(workbook):
    with pytest.raises(CommandError, match="--user NAUDOTOJAS"):
        call_command("import_workbook", str(workbook), stdout=io.StringIO())


def test_the_command_refuses_an_unknown_user(workbook):
    with pytest.raises(CommandError, match="Nėra naudotojo „nezinomas“"):
        call_command("import_workbook", str(workbook), "--user", "nezinomas", stdout=io.StringIO())


def test_the_command_refuses_a_user_without_the_rights(workbook):
    _user("valdas", BOARD_GROUP)
    with pytest.raises(CommandError, match="negali importuoti registro"):
        call_command("import_workbook", str(workbook), "--user", "valdas", stdout=io.StringIO())
    assert not ProgressReport.objects.exists()


def test_the_command_records_the_changes_under_the_user(workbook):
    user = staff_account()
    out = io.StringIO()
    call_command("import_workbook", str(workbook), "--user", user.username, stdout=out)
    assert "Ataskaitos: naujų 2" in out.getvalue()
    report = ProgressReport.objects.order_by("period_start").first()
    assert (report.approved_by, report.history.first().history_user) == (user, user)
    assert report.history.first().history_change_reason == "import: registras.xlsx"


# --- one pass, every error, every column ------------------------------------------------------------------


def test_it_finds_every_error_in_one_pass_naming_the_value_as_written(project):
    projects = [project_row(Kodas="B-2", Veiksmas="9.9.9", Pradžia="2024-13-01", **{"Biudžetas, EUR": "daug"})]
    reports = [report_row(**{"Projekto kodas": "B-2", "Nauji dalyviai": -3}), report_row(Nuo="vakar")]
    plan = run(standard_sheets(projects=projects, reports=reports))
    assert plan.messages == [
        "Lapas Projektai, eilutė 2, stulpelis „Pradžia“: „2024-13-01“ nėra data; rašykite ją taip: MMMM-MM-DD.",
        "Lapas Projektai, eilutė 2, stulpelis „Biudžetas, EUR“: „daug“ nėra skaičius.",
        "Lapas Projektai, eilutė 2, stulpelis „Veiksmas“: Strategija 2023-2029 neturi veiksmo su kodu „9.9.9“.",
        "Lapas Ataskaitos, eilutė 2, stulpelis „Nauji dalyviai“: Skaičius negali būti neigiamas (-3).",
        "Lapas Ataskaitos, eilutė 3, stulpelis „Nuo“: „vakar“ nėra data; rašykite ją taip: MMMM-MM-DD.",
    ]


def test_a_figure_written_in_scientific_notation_is_refused_as_the_forms_refuse_it(project):
    plan = run(standard_sheets(reports=[report_row(**{"Išlaidos, EUR": "1e5"})]))
    assert plan.messages == ["Lapas Ataskaitos, eilutė 2, stulpelis „Išlaidos, EUR“: „1e5“ nėra skaičius."]


def test_organisation_names_keep_the_organisations_own_rules_in_either_sheet(project):
    """A name holding ";" or longer than 300 characters: refused where it is written, as the form refuses it."""
    long_name = "x" * 400
    organisations = [["UAB Rigera; filialas", *[None] * 6], [long_name, *[None] * 6]]
    projects = [project_row(Vykdytojas="A;B", Partneriai=long_name)]
    plan = run(standard_sheets(projects=projects, reports=[], organisations=organisations))
    assert [message.split(": ", 1)[0].split(", reikšmė")[0] for message in plan.messages] == [
        "Lapas Organizacijos, eilutė 2, stulpelis „Pavadinimas“",
        "Lapas Organizacijos, eilutė 3, stulpelis „Pavadinimas“",
        "Lapas Projektai, eilutė 2, stulpelis „Vykdytojas“",
        "Lapas Projektai, eilutė 2, stulpelis „Partneriai“",
    ]
    semicolon, too_long = "Pavadinime negali būti „;“", "ne daugiau kaip 300 ženklų"
    assert [semicolon in plan.messages[0], too_long in plan.messages[1]] == [True, True]
    assert [semicolon in plan.messages[2], too_long in plan.messages[3]] == [True, True]
    assert not plan.changes


def test_unknown_columns_are_warnings_with_the_closest_header(project):
    headers = [("Pradzia" if h == "Pradžia" else h) for h in PROJECT_HEADERS] + ["Pastabos"]
    plan = run({"Projektai": [headers, [*project_row(), "kita"]]})
    assert plan.messages == []
    assert [str(warning) for warning in plan.warnings] == [
        "Lapas Projektai, eilutė 1, stulpelis „Pradzia“: Importas tokio stulpelio nežino ir jį praleidžia. Gal "
        "turėjote omenyje „Pradžia“?",
        "Lapas Projektai, eilutė 1, stulpelis „Pastabos“: Importas tokio stulpelio nežino ir jį praleidžia.",
    ]
    assert Project.objects.get().start_date == datetime.date(2024, 1, 1)  # left as it was


def test_a_column_given_twice_is_an_error(project):
    headers = [*PROJECT_HEADERS, "pavadinimas "]
    plan = run({"Projektai": [headers, [*project_row(), "Kitas pavadinimas"]]})
    assert plan.messages == [
        "Lapas Projektai, eilutė 1, stulpelis „pavadinimas“: Stulpelis nurodytas du kartus (stulpeliai C ir O); "
        "palikite vieną."
    ]


def test_a_target_group_column_gets_the_closest_group_suggested(project):
    plan = run({"Ataskaitos": [[*REPORT_HEADERS, "Dalyviai: Senjorai2"], [*report_row(), 2]]})
    assert plan.messages == [
        "Lapas Ataskaitos, eilutė 1, stulpelis „Dalyviai: Senjorai2“: Nėra tikslinės grupės „Senjorai2“. Gal "
        "turėjote omenyje „Senjorai“?"
    ]


def test_two_new_organisations_in_one_file_that_differ_only_in_case_or_spaces_are_refused(project):
    organisations = [["Naujoji org", *[None] * 6], ["naujoji  ORG", *[None] * 6]]
    plan = run(standard_sheets(organisations=organisations))
    assert plan.messages == [
        "Lapas Organizacijos, eilutė 3, stulpelis „Pavadinimas“: „naujoji  ORG“ ir „Naujoji org“, esantis aukščiau "
        "faile, skiriasi tik didžiosiomis raidėmis, tarpais ar kabutėmis: organizacijos pavadinimą rašykite vienodai."
    ]
