import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.roles import STAFF_GROUP
from participants.models import ProgressReport
from projects.models import Project
from tests.conftest import _user, make_project
from tests.workbook_helpers import (
    PROJECT_HEADERS,
    cell_values,
    make_register,
    project_row,
    standard_sheets,
    xlsx_bytes,
)
from workbooks import uploads

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/darbas/skaiciuokles/"
CONFIRM_URL = "/darbas/skaiciuokles/patvirtinti/"
EXPORT_URL = "/darbas/skaiciuokles/eksportas/"


def workbook_file(sheets=None, name="registras.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(sheets or standard_sheets()))


def token_of(response):
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    return match.group(1) if match else None


def test_the_urls_are_where_the_readme_says():
    assert reverse("workbooks:upload") == UPLOAD_URL
    assert reverse("workbooks:confirm") == CONFIRM_URL
    assert reverse("workbooks:export") == EXPORT_URL
    assert reverse("workbooks:preview", kwargs={"token": "t" * 32}) == f"{UPLOAD_URL}perziura/{'t' * 32}/"


def upload(client, sheets=None):
    """Upload a workbook and follow to its preview page."""
    return client.post(UPLOAD_URL, {"files": workbook_file(sheets)}, follow=True)


@pytest.mark.parametrize("url", [UPLOAD_URL, EXPORT_URL])
def test_anonymous_users_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/paskyra/login/?next=")


@pytest.mark.parametrize("url", [UPLOAD_URL, EXPORT_URL])
def test_board_members_may_not_import_or_export(board_client, url):
    assert board_client.get(url).status_code == 403
    assert board_client.post(CONFIRM_URL, {"token": "x" * 32}).status_code == 403


def test_upload_shows_a_preview_and_saves_nothing_until_confirmed(staff_client):
    make_register()
    response = upload(staff_client)

    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith(f"{UPLOAD_URL}perziura/")
    assert [tuple(row) for row in response.context["plan"].summary()] == [
        ("Organizacijos", 3, 0, 0),
        ("Projektai", 1, 0, 0),
        ("Ataskaitos", 2, 0, 0),
    ]
    assert "Importuoti" in response.content.decode()
    assert Project.objects.count() == 0
    token = token_of(response)
    assert token

    response = staff_client.post(CONFIRM_URL, {"token": token}, follow=True)

    assert response.redirect_chain[-1][0] == UPLOAD_URL
    assert Project.objects.count() == 1
    assert ProgressReport.objects.count() == 2
    assert ProgressReport.objects.first().history.first().history_user.username == "vida"
    assert "Skaičiuoklė importuota" in response.content.decode()
    assert uploads.load_plan(token, response.wsgi_request.user) is None


def test_upload_with_errors_lists_them_and_offers_no_import(staff_client):
    make_register()
    sheets = standard_sheets(projects=[project_row(Veiksmas="9.9.9")])
    response = staff_client.post(UPLOAD_URL, {"files": workbook_file(sheets)})

    html = response.content.decode()
    assert "Strategija 2023-2029 neturi veiksmo su kodu „9.9.9“." in html
    assert token_of(response) is None
    assert Project.objects.count() == 0


@pytest.mark.parametrize("name", ["registras.xlsm", "registras.xls", "registras.txt"])
def test_macro_files_and_other_kinds_are_refused(staff_client, name):
    response = staff_client.post(UPLOAD_URL, {"files": workbook_file(name=name)})
    assert response.status_code == 200
    assert response.context["form"].errors["files"]
    assert "result" not in response.context


def test_a_broken_workbook_is_refused_with_a_message(staff_client):
    response = staff_client.post(UPLOAD_URL, {"files": SimpleUploadedFile("r.xlsx", b"not a zip")})
    assert response.context["form"].errors["files"] == ["Failas nėra skaitomas .xlsx sąsiuvinis."]


def test_confirm_refuses_get_and_unknown_tokens(staff_client):
    assert staff_client.get(CONFIRM_URL).status_code == 405
    response = staff_client.post(CONFIRM_URL, {"token": "../../etc"}, follow=True)
    assert "Įkeltas failas nebegalioja" in response.content.decode()


def test_a_token_works_only_for_the_user_who_uploaded(staff_client, django_user_model):
    make_register()
    token = token_of(upload(staff_client))
    colleague = _user("rasa", STAFF_GROUP, is_staff=True)
    staff_client.force_login(colleague)
    response = staff_client.post(CONFIRM_URL, {"token": token}, follow=True)
    assert "Įkeltas failas nebegalioja" in response.content.decode()
    assert Project.objects.count() == 0


def test_a_confirmation_sent_twice_imports_once_and_says_so(staff_client):
    make_register()
    token = token_of(upload(staff_client))
    staff_client.post(CONFIRM_URL, {"token": token})
    again = staff_client.post(CONFIRM_URL, {"token": token}, follow=True)
    assert "Šio sąsiuvinio importas jau patvirtintas" in again.content.decode()
    assert "nebegalioja" not in again.content.decode()
    assert (Project.objects.count(), ProgressReport.objects.count()) == (1, 2)
    # to a colleague holding the same token it is only an unknown file
    staff_client.force_login(_user("rasa", STAFF_GROUP, is_staff=True))
    other = staff_client.post(CONFIRM_URL, {"token": token}, follow=True)
    assert "Įkeltas failas nebegalioja" in other.content.decode()


def test_a_row_deleted_after_the_check_stops_the_import_and_a_second_confirmation_says_so(staff_client):
    make_register()
    staff_client.post(
        CONFIRM_URL, {"token": token_of(upload(staff_client, {"Projektai": [PROJECT_HEADERS, project_row()]}))}
    )
    token = token_of(upload(staff_client, {"Projektai": [PROJECT_HEADERS, project_row(Pavadinimas="Gera būti kartu")]}))
    Project.objects.get().delete()  # a colleague deletes it while the preview is open
    response = staff_client.post(CONFIRM_URL, {"token": token})
    assert response.status_code == 409
    page = response.content.decode()
    assert "kažkas ištrynė šią eilutę portale po to, kai failas buvo patikrintas" in page
    assert "Portalas pasikeitė po failo patikrinimo" in page and "ištaisykite failą" not in page
    assert not Project.objects.exists()
    again = staff_client.post(CONFIRM_URL, {"token": token}, follow=True).content.decode()
    assert "Šio failo importą sustabdė konfliktas" in again and "jau patvirtintas" not in again


def test_only_one_of_two_simultaneous_confirmations_takes_the_plan(staff_client):
    make_register()
    token = token_of(upload(staff_client))
    assert [uploads.claim(token), uploads.claim(token)] == [True, False]
    assert uploads.claim("x" * 32) is False and uploads.claim("../../etc") is False


def test_the_download_is_the_register_as_xlsx(staff_client):
    make_register()
    staff_client.post(CONFIRM_URL, {"token": token_of(upload(staff_client))})

    response = staff_client.get(EXPORT_URL, {"strategy": "2023-2029"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="vvg-registras-2023-2029-' in response["Content-Disposition"]
    values = cell_values(response.content)
    assert [row[1] for row in values["Projektai"][1:]] == ["11-400-K-0003"]
    assert len(values["Ataskaitos"]) == 3


def test_the_download_of_an_unknown_strategy_is_not_found(staff_client):
    assert staff_client.get(EXPORT_URL, {"strategy": "1900-1901"}).status_code == 404


def test_the_page_offers_both_forms(staff_client):
    html = staff_client.get(UPLOAD_URL).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    assert f'action="{EXPORT_URL}"' in html


def test_csv_files_can_be_uploaded_together(staff_client):
    make_register()
    project_csv = io.StringIO()
    csv.writer(project_csv, delimiter=";").writerows([PROJECT_HEADERS, project_row()])
    files = [SimpleUploadedFile("Projektai.csv", project_csv.getvalue().encode("utf-8-sig"))]
    response = staff_client.post(UPLOAD_URL, {"files": files}, follow=True)
    assert response.context["plan"].summary()[1] == ("Projektai", 1, 0, 0)


def test_the_page_says_how_many_projects_the_export_leaves_out(staff_client):
    register = make_register()
    make_project(register["1.1.1"], title="Be kodo")
    make_project(register["1.1.1"], title="Irgi be kodo")
    html = staff_client.get(UPLOAD_URL).content.decode()
    assert "2 projektai neturi kodo" in html
    # each named, leading to its form to give it a code
    project = Project.objects.get(title="Be kodo")
    assert f'<a href="/darbas/projektai/{project.slug}/keisti/">„Be kodo“</a>' in html and "„Irgi be kodo“" in html
    for n in range(20):
        make_project(register["1.1.1"], title=f"Dar vienas {n:02d}")
    html = staff_client.get(UPLOAD_URL).content.decode()
    assert "22 projektai neturi kodo" in html and "… pirmieji 20 iš 22 pagal pavadinimą." in html
    assert "„Dar vienas 19“" not in html  # past the first 20 by title


def test_the_preview_shows_every_changed_field_old_and_new(staff_client):
    make_register()
    staff_client.post(CONFIRM_URL, {"token": token_of(upload(staff_client))})
    changed = standard_sheets(projects=[project_row(Pavadinimas="Gera būti kartu", **{"Planuojami dalyviai": 150})])

    response = upload(staff_client, changed)

    plan = response.context["plan"]
    [(sheet, [change])] = plan.changes_by_sheet()
    assert (sheet, change.row, change.kind, change.label) == (
        "Projektai",
        2,
        "updated",
        "11-400-K-0003 „Gera būti kartu“",
    )
    assert [(f.column, f.old, f.new) for f in plan.field_changes(change)] == [
        ("Pavadinimas", "Gera būti", "Gera būti kartu"),
        ("Planuojami dalyviai", "120", "150"),
    ]
    html = response.content.decode()
    assert "Naujos ir pakeistos lapo Projektai eilutės" in html
    assert "<td>pakeista</td>" in html
    assert '<span class="fw-semibold">Planuojami dalyviai</span>: 120 → 150' in html


def test_the_preview_lists_every_field_of_a_new_row(staff_client):
    make_register()
    response = upload(staff_client)
    html = staff_client.get(response.redirect_chain[-1][0], {"lapas": "Projektai"}).content.decode()
    assert '<span class="fw-semibold">Vykdytojas</span>: — → Utenos švietimo centras' in html
    assert '<span class="fw-semibold">Biudžetas, EUR</span>: — → 129\xa0850,5' in html


def test_the_preview_pages_a_long_list_and_keeps_the_sheet(staff_client):
    make_register()
    projects = [project_row(Kodas=f"P-{n:03d}", Pavadinimas=f"Projektas {n}") for n in range(60)]
    response = upload(staff_client, standard_sheets(projects=projects, reports=[]))
    assert [change.label for change, _fields in response.context["items"]][:1] == ["Utenos švietimo centras"]
    preview = response.redirect_chain[-1][0]

    second = staff_client.get(preview, {"lapas": "Projektai", "puslapis": 2})

    assert [change.label for change, _fields in second.context["items"]] == [
        f"P-{n:03d} „Projektas {n}“" for n in range(50, 60)
    ]
    assert "lapas=Projektai&amp;puslapis=1" in second.content.decode()


def test_a_file_that_approves_a_returned_report_again_asks_for_a_second_look_first(staff_client):
    make_register()
    staff_client.post(CONFIRM_URL, {"token": token_of(upload(staff_client))})  # the report, approved
    ProgressReport.objects.update(status=ProgressReport.Status.RETURNED, return_comment="Trūksta grupių.")

    html = upload(staff_client).content.decode()  # the same, older file

    assert "Prieš importuodami patikrinkite:" in html
    assert "Ataskaitos, eilutė 2: Portale ši ataskaita grąžinta" in html
    assert "Būsena</span>: grąžinta → patvirtinta" in html
