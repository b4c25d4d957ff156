"""What the portal exports it can import again unchanged: text without control characters, cells of ≤ 32 767.

Every input (workspace forms, the admin, the import) refuses control characters other than tab and newline,
and the words of a report longer than a spreadsheet cell, with a message on the field. Text saved before these
rules exports without an error, and export → import into an empty database → export gives the same workbook.
"""

import csv
import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from common.text import control_character, excel_escape, excel_unescape
from participants.models import ProgressReport, ReportBreakdown
from projects.models import Organisation, Project, ProjectPartner, ProjectTargetGroup
from strategies.models import TargetGroup
from tests.conftest import inline, make_node, make_organisation, make_project, make_report, make_strategy
from tests.workbook_helpers import REPORT_HEADERS, cell_values, make_register, report_row, staff_account, xlsx_bytes
from workbooks.exporter import write_workbook
from workbooks.importer import import_sheets
from workbooks.reader import read_files

pytestmark = pytest.mark.django_db

CONTROL_MESSAGE = (
    "Tekste yra nematomas valdymo simbolis (U+000B), kurio skaičiuoklė negali išsaugoti. Pašalinkite jį (iš Word "
    "nukopijuotas „minkštasis“ eilutės lūžis virsta tokiu simboliu): naudokite įprastą eilutės lūžį."
)


@pytest.fixture
def project(db):
    return make_project(make_node(make_strategy(), "1.1.1"), "Senjorų klubas", code="P-1")


def report_data(**fields):
    return {"period_start": "2024-01-01", "period_end": "2024-03-31", "participants": "3", **fields}


# --- forms ----------------------------------------------------------------------------------------------


def test_the_report_form_refuses_a_soft_line_break_from_word_on_its_field(staff_client, project):
    response = staff_client.post(
        f"/darbas/projektai/{project.slug}/ataskaitos/nauja/", report_data(achievements="Vyko\x0bstovykla")
    )
    assert response.context["form"].errors["achievements"] == [CONTROL_MESSAGE]
    assert not ProgressReport.objects.exists()


def test_the_report_form_keeps_a_line_break_from_a_text_area_as_a_newline(staff_client, project):
    staff_client.post(
        f"/darbas/projektai/{project.slug}/ataskaitos/nauja/",
        report_data(achievements="Vyko stovykla.\r\nAtėjo 30.\tVisi"),
    )
    assert ProgressReport.objects.get().achievements == "Vyko stovykla.\nAtėjo 30.\tVisi"


def test_the_report_form_refuses_words_longer_than_a_spreadsheet_cell(staff_client, project):
    url = f"/darbas/projektai/{project.slug}/ataskaitos/nauja/"
    response = staff_client.post(url, report_data(next_steps="ž" * 32_768))
    assert response.context["form"].errors["next_steps"] == [
        "Tekste yra 32\u00a0768 simboliai; į skaičiuoklės langelį telpa ne daugiau kaip 32\u00a0767. Sutrumpinkite jį."
    ]
    assert staff_client.post(url, report_data(next_steps="ž" * 32_767)).status_code == 302


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        ("/darbas/organizacijos/nauja/", {"name": "UAB\x07Rigera"}, "name"),
        ("/darbas/organizacijos/nauja/", {"name": "UAB Rigera", "phone": "8\x01389"}, "phone"),
    ],
)
def test_the_organisation_form_refuses_control_characters(staff_client, url, data, field):
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith("Tekste yra nematomas valdymo simbolis (U+00")
    assert not Organisation.objects.exists()


def test_the_project_form_refuses_a_control_character_in_the_title(staff_client, project):
    data = {
        "code": "P-1",
        "title": "Senjorų\x1bklubas",
        "node": project.node_id,
        "promoter": project.promoter_id,
        "status": "in_progress",
        "version": project.version,
        **inline("partners"),
        **inline("groups"),
    }
    response = staff_client.post(f"/darbas/projektai/{project.slug}/keisti/", data)
    assert response.context["form"].errors["title"][0].startswith("Tekste yra nematomas valdymo simbolis (U+001B)")


def test_returning_refuses_a_control_character_in_the_comment(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=ProgressReport.Status.SUBMITTED)
    response = staff_client.post(
        f"/darbas/ataskaitos/{report.pk}/grazinti/", {"version": report.version, "comment": "Trūksta\x0cgrupių"}
    )
    assert response.context["form"].errors["comment"][0].startswith("Tekste yra nematomas valdymo simbolis")
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


def test_the_admin_refuses_a_control_character_in_a_target_group(staff_client):
    response = staff_client.post(
        "/admin/strategies/targetgroup/add/", {"name": "Senjo\x0brai", "slug": "senjorai", "position": "1"}
    )
    assert response.status_code == 200
    assert "Tekste yra nematomas valdymo simbolis (U+000B)" in response.content.decode()
    assert not TargetGroup.objects.exists()


# --- the import -----------------------------------------------------------------------------------------------


def run(sheets):
    with translation.override("lt"):
        plan = import_sheets(read_files([("r.xlsx", io.BytesIO(xlsx_bytes(sheets)))]), user=staff_account())
        return [str(error) for error in plan.errors]


def test_the_import_refuses_a_control_character_naming_the_column():
    register = make_register()
    make_project(register["1.1.1"], code="11-400-K-0003")
    # Excel writes a soft line break as _x000B_ in the file; the reader turns it back into the character.
    messages = run({"Ataskaitos": [REPORT_HEADERS, report_row(Pasiekimai="Vyko_x000B_stovykla")]})
    assert messages == [
        f"Lapas Ataskaitos, eilutė 2, stulpelis „Pasiekimai“, reikšmė „Vyko[U+000B]stovykla“: {CONTROL_MESSAGE}"
    ]


def test_the_import_refuses_a_text_longer_than_a_cell():
    register = make_register()
    make_project(register["1.1.1"], code="11-400-K-0003")
    # openpyxl itself cuts longer text when it writes a cell, so the file is a CSV here.
    data = io.StringIO()
    csv.writer(data, delimiter=";").writerows([REPORT_HEADERS, report_row(Pasiekimai="Ž" * 32_768)])
    with translation.override("lt"):
        plan = import_sheets(
            read_files([("Ataskaitos.csv", io.BytesIO(data.getvalue().encode()))]), user=staff_account()
        )
        messages = [str(error) for error in plan.errors]
    assert len(messages) == 1
    assert "Tekste yra 32\u00a0768 simboliai; į skaičiuoklės langelį telpa ne daugiau kaip 32\u00a0767." in messages[0]


# --- export and the round trip ------------------------------------------------------------------------------------


def export():
    buffer = io.BytesIO()
    write_workbook(buffer)
    return buffer.getvalue()


def test_the_export_writes_text_saved_with_control_characters_instead_of_failing(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", participants=3)
    ProgressReport.objects.filter(pk=report.pk).update(achievements="Vyko\x0bstovykla\x01")
    Project.objects.filter(pk=project.pk).update(title="Senjorų\x1bklubas")

    response = staff_client.get("/darbas/skaiciuokles/eksportas/")

    assert response.status_code == 200
    values = cell_values(response.content)
    assert values["Ataskaitos"][1][10] == "Vyko_x000B_stovykla_x0001_"  # as Excel itself writes it
    sheets = read_files([("r.xlsx", io.BytesIO(response.content))])
    assert sheets["Ataskaitos"].rows[0][1][10] == "Vyko\x0bstovykla\x01"


def test_excel_escapes_round_trip():
    for text in ["_x0041_", "a\x0bb", "_x005F_x0041_", "plain", "a\r\nb", "_x"]:
        assert excel_unescape(excel_escape(text)) == text
    assert excel_unescape("_x000D_\n") == "\r\n"


def test_export_import_into_an_empty_database_then_export_gives_the_same_workbook():
    register = make_register()
    rigera = make_organisation("UAB Rigera", legal_form=Organisation.LegalForm.UAB)
    make_organisation("UAB  Rigera ir partneriai")  # two spaces, kept as written
    make_organisation("uab rigera grupė")  # small letters, kept as written
    lower = TargetGroup.objects.create(name="senjorai", slug="senjorai-2", position=3)
    project = make_project(register["1.1.1"], "„Gera“ būti\tkartu", code="11-400-K-0003", promoter=rigera)
    for name in ("UAB  Rigera ir partneriai", "uab rigera grupė"):
        ProjectPartner.objects.create(project=project, organisation=Organisation.objects.get(name=name))
    ProjectTargetGroup.objects.create(project=project, target_group=register["seniors"])
    ProjectTargetGroup.objects.create(project=project, target_group=lower)
    long_text = ("Ilgas tekstas su lietuviškomis raidėmis ąčęėįšųūž. " * 700)[:32_767]
    report = make_report(
        project,
        "2024-01-01",
        "2024-06-30",
        participants=40,
        breakdown={register["seniors"]: 15, lower: 3},
        achievements="Pirma eilutė\nAntra eilutė\n\tĮtrauka",
        difficulties=long_text,
        next_steps="=SUM(A1) ir _x0041_ taip ir lieka",
    )
    first = export()
    originals = {
        "achievements": report.achievements,
        "difficulties": report.difficulties,
        "next_steps": report.next_steps,
    }

    ReportBreakdown.objects.all().delete()
    ProgressReport.objects.all().delete()
    Project.objects.all().delete()
    Organisation.objects.all().delete()
    with translation.override("lt"):
        plan = import_sheets(read_files([("export.xlsx", io.BytesIO(first))]), user=staff_account())
    second = export()

    assert [str(error) for error in plan.errors] == []
    assert cell_values(second) == cell_values(first)
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "UAB  Rigera ir partneriai",
        "UAB Rigera",
        "uab rigera grupė",
    ]
    imported = ProgressReport.objects.get()
    assert {name: getattr(imported, name) for name in originals} == originals
    assert {row.target_group.name: row.participants for row in imported.breakdown.all()} == {
        "Senjorai": 15,
        "senjorai": 3,
    }
    assert Project.objects.get().title == "„Gera“ būti\tkartu"


def test_a_name_holding_a_semicolon_is_refused_because_partners_are_separated_by_it(staff_client):
    response = staff_client.post("/darbas/organizacijos/nauja/", {"name": "Klubas; draugija"})
    assert response.context["form"].errors["name"] == [
        "Pavadinime negali būti „;“: skaičiuoklėse juo atskiriami pavadinimai."
    ]


def test_an_upload_with_a_control_character_lists_the_error_on_the_page(staff_client):
    make_register()
    sheets = {"Ataskaitos": [REPORT_HEADERS, report_row(Sunkumai="Nėra_x0007_")]}
    response = staff_client.post("/darbas/skaiciuokles/", {"files": SimpleUploadedFile("r.xlsx", xlsx_bytes(sheets))})
    html = response.content.decode()
    assert "<td>Sunkumai</td><td>Nėra[U+0007]</td>" in html


def test_the_page_and_the_command_name_reports_whose_words_a_cell_cannot_hold(staff_client, project, tmp_path):
    report = make_report(project, "2024-01-01", "2024-03-31")
    ProgressReport.objects.filter(pk=report.pk).update(achievements="a" * 32_768)  # saved before the limit

    html = staff_client.get("/darbas/skaiciuokles/").content.decode()
    err = io.StringIO()
    call_command("export_workbook", str(tmp_path / "r.xlsx"), stdout=io.StringIO(), stderr=err)

    assert f'<a href="/darbas/ataskaitos/{report.pk}/">P-1: 2024-01-01 – 2024-03-31</a>' in html
    assert "P-1: 2024-01-01 – 2024-03-31" in err.getvalue()


def test_the_control_character_check_refuses_exactly_the_controls_but_tab_and_line_breaks():
    # One pattern stands for the rule "Unicode category Cc, but tab and newline, and the two non-characters";
    # a carriage return is a line break (\r\n or \r), stored as \n.
    for code in range(0x110000):
        char = chr(code)
        refused = unicodedata.category(char) == "Cc" and char not in "\t\n\r" or char in "\ufffe\uffff"
        assert (control_character(f"a{char}b") == char) is refused, f"U+{code:04X}"
    assert control_character("eilutė\r\nkita\rtrečia") is None
