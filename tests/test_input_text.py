"""Control characters and direction controls are refused at every input, with a message naming them:
the staff forms, the admin, the return comment and the workbook import (where PostgreSQL refused a NUL
only when the import was confirmed, with a 500)."""

import csv
import html
import io
import re
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from common.text import reject_bidi_overrides, reject_control_characters
from participants.models import ProgressReport
from projects.models import Organisation, Project

from .conftest import inline, make_node, make_organisation, make_project, make_report, make_strategy
from .test_workspace_projects import project_data
from .test_workspace_reports import create_url, report_data
from .workbook_helpers import PROJECT_HEADERS, REPORT_HEADERS, make_register, project_row, report_row

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "Tekste yra valdymo simbolis U+0000 (5 pozicijoje): pašalinkite jį."
RLO = "\u202e"
RLO_MESSAGE = "Tekste yra teksto krypties valdymo simbolis U+202E (RIGHT-TO-LEFT OVERRIDE) (5 pozicijoje)"


@pytest.mark.parametrize("value", ["a\x00b", "a\x07b", "\x1b[31m", "a\x7fb", "a\x85b", "a\x0bb"])
def test_control_characters_are_refused(value):
    with pytest.raises(ValidationError):
        reject_control_characters(value)


def test_tabs_and_line_breaks_are_allowed():
    reject_control_characters("Pirma eilutė\r\nAntra\teilutė\n")


@pytest.mark.parametrize(
    "char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_direction_overrides_are_refused(char):
    with pytest.raises(ValidationError):
        reject_bidi_overrides(f"Gera{char}būti")


def test_an_organisation_name_with_a_zero_width_space_is_refused_naming_it(staff_client):
    # „UAB Rig\u200bera“ shows as „UAB Rigera“: two organisations nobody could tell apart
    response = staff_client.post("/darbas/organizacijos/nauja/", {"name": "UAB Rig\u200bera"})
    assert response.context["form"].errors["name"] == [
        "Tekste yra nematomas simbolis U+200B (ZERO WIDTH SPACE) (8 pozicijoje), dėl kurio jis atrodytų taip pat kaip "
        "tekstas be jo: pašalinkite jį."
    ]
    assert not Organisation.objects.exists()


def test_a_name_pasted_with_decomposed_letters_is_kept_composed_and_meets_its_twin(staff_client):
    """„š“ pasted from a Mac as "s" + a combining caron: kept as the one letter, so the name is the same text."""
    composed = "Utenos švietimo centras"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    staff_client.post("/darbas/organizacijos/nauja/", {"name": decomposed})
    assert list(Organisation.objects.values_list("name", flat=True)) == [composed]

    make_register()
    rows = [
        project_row(
            Vykdytojas=decomposed, Partneriai="", **{"Tikslinės grupės": unicodedata.normalize("NFD", "Neįgalieji")}
        )
    ]
    files = [SimpleUploadedFile("Projektai.csv", _csv(PROJECT_HEADERS, *rows))]
    response = staff_client.post("/darbas/skaiciuokles/", {"files": files})
    assert response.status_code == 302, _page_text(response)  # checked without an error: on to the preview
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    staff_client.post("/darbas/skaiciuokles/patvirtinti/", {"token": token})
    assert Organisation.objects.count() == 1  # the project's promoter is the organisation already there
    assert Project.objects.get().promoter.name == composed


def test_right_to_left_text_itself_is_allowed():
    reject_bidi_overrides("שלום مرحبا")


def _page_text(response):
    """The page's text with tags dropped and entities read, spaces as one."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(text.split())


def _world():
    from .conftest import make_target_group

    node = make_node(make_strategy(), "1.1.1")
    return {
        "node": node,
        "promoter": make_organisation("Rokiškio socialinės paramos centras"),
        "partner": make_organisation("Rokiškio rajono savivaldybė"),
        "seniors": make_target_group("Senjorai", "Seniors"),
        "disabled": make_target_group("Neįgalieji", "People with disabilities"),
    }


def test_the_project_form_refuses_control_characters_in_the_title(staff_client, db):
    world = _world()
    response = staff_client.post("/darbas/projektai/naujas/", project_data(world, title="Gera\x01 būti"))
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [
        "Tekste yra nematomas valdymo simbolis (U+0001), kurio skaičiuoklė negali išsaugoti. Pašalinkite jį "
        "(iš Word nukopijuotas „minkštasis“ eilutės lūžis virsta tokiu simboliu): naudokite įprastą eilutės lūžį."
    ]
    response = staff_client.post("/darbas/projektai/naujas/", project_data(world, title="Gera\x00 būti"))
    assert response.context["form"].errors["title"] == ["Nuliniai simboliai neleidžiami."]  # Django's own rule
    assert not Project.objects.exists()


def test_the_project_form_refuses_a_direction_override_in_the_title_and_takes_line_breaks_in_texts(staff_client, db):
    world = _world()
    response = staff_client.post("/darbas/projektai/naujas/", project_data(world, title=f"Gera{RLO}fdp.exe"))
    assert RLO_MESSAGE in response.context["form"].errors["title"][0]
    assert not Project.objects.exists()
    response = staff_client.post(
        "/darbas/projektai/naujas/", project_data(world, how_to_join="Skambinkite:\r\n\t+370 389 00000")
    )
    assert response.status_code == 302
    assert Project.objects.get().how_to_join == "Skambinkite:\n\t+370 389 00000"  # a Windows line break as \\n


def test_the_partner_role_refuses_control_characters(staff_client, db):
    world = _world()
    data = project_data(world, partners=[{"organisation": world["partner"].pk, "role": "sklaida\x1b"}])
    response = staff_client.post("/darbas/projektai/naujas/", data)
    assert response.status_code == 200
    assert not Project.objects.exists()
    assert "U+001B" in response.content.decode()


def test_the_organisation_form_refuses_a_direction_override_in_the_name(staff_client, db):
    data = {"name": f"UAB{RLO} „Rigera“", "legal_form": "uab", "sector": "business"}
    data.update({key: "" for key in ("company_code", "website", "email", "phone", "address")})
    response = staff_client.post("/darbas/organizacijos/nauja/", data)
    assert response.status_code == 200
    assert "U+202E" in response.context["form"].errors["name"][0]
    assert not Organisation.objects.filter(name__startswith="UAB").exists()


def test_the_report_form_refuses_a_bell_in_the_achievements(staff_client, db):
    project = make_project(make_node(make_strategy(), "1"), "Senjorų klubas")
    response = staff_client.post(create_url(project), report_data(achievements="Susitikimai\x07"))
    assert response.status_code == 200
    assert "U+0007" in response.context["form"].errors["achievements"][0]
    assert not ProgressReport.objects.exists()


def test_the_return_comment_refuses_control_characters(staff_client, db):
    project = make_project(make_node(make_strategy(), "1"), "Senjorų klubas")
    report = make_report(project, "2024-01-01", "2024-03-31", status=ProgressReport.Status.SUBMITTED)
    response = staff_client.post(f"/darbas/ataskaitos/{report.pk}/grazinti/", {"comment": "Trūk\x01sta", "version": 1})
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    assert "U+0001" in response.context["form"].errors["comment"][0]


def test_the_admin_refuses_a_direction_override_in_a_strategy_title(staff_client, db):
    response = staff_client.post(
        "/admin/strategies/strategy/add/",
        {
            "code": "2023-2029",
            "title": f"Utenos{RLO} VPS",
            "start_year": "2023",
            "end_year": "2029",
            "status": "in_force",
            "level_names": "Tikslas, Uždavinys, Veiksmas",
            "level_names_en": "Goal, Objective, Action",
            **inline("nodes", []),
        },
    )
    assert response.status_code == 200
    assert "U+202E" in response.content.decode()


# --- the workbook import --------------------------------------------------------------------------------


def _csv(headers, *rows):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([headers, *rows])
    return buffer.getvalue().encode("utf-8-sig")


def test_the_import_lists_a_nul_in_a_csv_file_with_its_place_and_saves_nothing(staff_client):
    make_register()
    files = [
        SimpleUploadedFile("Projektai.csv", _csv(PROJECT_HEADERS, project_row(Pavadinimas="Gera\x00 būti"))),
        SimpleUploadedFile("Ataskaitos.csv", _csv(REPORT_HEADERS, report_row(Pasiekimai="Vyko\x00 stovykla"))),
    ]
    response = staff_client.post("/darbas/skaiciuokles/", {"files": files})
    page = _page_text(response)
    assert "Projektai 2 Pavadinimas Gera[U+0000] būti" in page  # sheet, row, column, the value as written
    assert "Ataskaitos 2 Pasiekimai Vyko[U+0000] stovykla" in page
    assert "(U+0000)" in page
    assert 'name="token"' not in response.content.decode()
    assert not Project.objects.exists() and not Organisation.objects.exists()


def test_the_import_refuses_direction_overrides_in_names_and_titles(staff_client):
    make_register()
    rows = [
        project_row(Pavadinimas=f"Gera{RLO}būti"),
        project_row(Kodas="11-400-K-0004", Vykdytojas=f"Uten{RLO}os centras", Partneriai=f"Muz{RLO}iejus"),
    ]
    files = [SimpleUploadedFile("Projektai.csv", _csv(PROJECT_HEADERS, *rows))]
    response = staff_client.post("/darbas/skaiciuokles/", {"files": files})
    errors = _page_text(response)
    assert RLO not in errors  # the bad value is shown by its code, not allowed to turn the page around
    assert "Projektai 2 Pavadinimas Gera[U+202E]būti" in errors
    assert "Projektai 3 Vykdytojas Uten[U+202E]os centras" in errors
    assert "Projektai 3 Partneriai Muz[U+202E]iejus" in errors
    assert not Organisation.objects.exists()


def test_the_command_line_import_refuses_a_nul_too(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    make_register()
    (tmp_path / "Projektai.csv").write_bytes(_csv(PROJECT_HEADERS, project_row(Pavadinimas="Gera\x00 būti")))
    with pytest.raises(CommandError):
        call_command("import_workbook", str(tmp_path / "Projektai.csv"), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Project.objects.exists()
