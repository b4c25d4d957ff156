"""A promoter or partner who is a natural person is never named in public: not on a page, not in an address,
not in a PDF, not in the CSV list, the API or the open data, and no search finds it by name. Staff pages and the
board's reports keep the name.

Each test builds one natural person with a name found nowhere else, and reads the output as people and programs
get it (HTML, `pdftotext` text, CSV, JSON, the cells of the XLSX) for any piece of it.
"""

import io
import json
import re
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Organisation, ProjectPartner

from .conftest import make_indicator, make_node, make_organisation, make_project, make_report, make_strategy

NAME = "Ona Slaptavardytė"
# Any piece that would give the name away: the surname, its slug, its form without the Lithuanian letters.
PIECES = ("slaptavard", "Slaptavardyte", "ona-slapta")
CONTACTS = ("Paslapčių g. 7", "+370 600 12345", "ona@paslaptis.lt", "https://paslaptis.lt")


def leaks(text):
    """The pieces of the natural person's name or contacts found in `text`."""
    lowered = text.lower()
    return [piece for piece in (*PIECES, *CONTACTS) if piece.lower() in lowered]


def pdf_text(response):
    """The PDF's text twice: as laid out, then in reading order with the words a narrow cell hyphenated made whole
    again ("Slaptavar‐" + "dytė"), so that a name is found however a table broke it."""
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf", response.status_code
    texts = [
        subprocess.run(
            ["pdftotext", *mode, "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode("utf-8")
        for mode in (["-layout"], ["-raw"])
    ]
    return texts[0] + "\f" + re.sub(r"\u2010\s*\n\s*", "", texts[1])


@pytest.fixture
def world(db):
    """A strategy in force with one action, a farm project the natural person leads, and a museum project the
    natural person is a partner in; both with an approved report."""
    strategy = make_strategy(title="Utenos strategija")
    goal = make_node(strategy, "1", title="Įtrauktis")
    action = make_node(strategy, "1.1", parent=goal, title="Užimtumo veiklos")
    make_indicator(action, name="Dalyviai", target=100)
    person = make_organisation(
        NAME,
        legal_form=Organisation.LegalForm.NATURAL_PERSON,
        address=CONTACTS[0],
        phone=CONTACTS[1],
        email=CONTACTS[2],
        website=CONTACTS[3],
    )
    museum = make_organisation("Utenos kraštotyros muziejus", legal_form=Organisation.LegalForm.BUDGETARY)
    farm = make_project(action, "Ūkio edukacijos", promoter=person, code="F-1", planned_participants=30)
    tours = make_project(action, "Muziejaus ekskursijos", promoter=museum, code="M-1")
    ProjectPartner.objects.create(project=tours, organisation=person, role="gidė")
    make_report(farm, "2024-01-01", "2024-06-30", participants=12, achievements="Įvyko dvi edukacijos.")
    make_report(tours, "2024-01-01", "2024-06-30", participants=20)
    return {"strategy": strategy, "goal": goal, "action": action, "person": person, "farm": farm, "tours": tours}


def public_pages(world):
    strategy, person = world["strategy"], world["person"]
    return [
        reverse("strategies:home"),
        reverse("strategies:detail", kwargs={"code": strategy.code}),
        reverse("strategies:node", kwargs={"code": strategy.code, "node_code": "1"}),
        reverse("strategies:node", kwargs={"code": strategy.code, "node_code": "1.1"}),
        reverse("projects:list"),
        reverse("projects:list") + "?rikiuoti=-updated",
        world["farm"].get_absolute_url(),
        world["tours"].get_absolute_url(),
        reverse("projects:organisation-list"),
        person.get_absolute_url(),
        world["tours"].promoter.get_absolute_url(),
    ]


def test_it_gives_a_natural_person_its_code_as_name_and_address(world):
    person = world["person"]
    code = f"FA-{person.pk:06d}"
    assert person.published_name == code
    assert person.slug == code.lower()
    assert person.get_absolute_url() == f"/organizacijos/{code.lower()}/"
    assert person.history.get().slug == code.lower()  # its history never holds a provisional address
    assert world["tours"].promoter.published_name == "Utenos kraštotyros muziejus"


def test_no_public_page_names_the_natural_person(client, world):
    for url in public_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert leaks(response.content.decode()) == [], url


def test_public_pages_give_the_code_instead(client, world):
    code = world["person"].published_name
    for url in (world["farm"].get_absolute_url(), world["tours"].get_absolute_url(), reverse("projects:list")):
        assert code in client.get(url).content.decode(), url
    page = client.get(world["person"].get_absolute_url()).content.decode()
    assert f'<h1 class="h2">{code}</h1>' in page
    assert "not published" in client.get("/en" + world["person"].get_absolute_url()).content.decode()


def test_the_address_made_from_the_name_is_gone(client, world):
    assert client.get("/organizacijos/ona-slaptavardyte/").status_code == 404


def test_a_natural_person_is_listed_after_the_organisations_not_in_the_place_of_its_name(client, world):
    make_organisation("Žemaitijos asociacija")  # after "Ona" by name; must still come before the code
    page = client.get(reverse("projects:organisation-list")).content.decode()
    assert page.index("Žemaitijos asociacija") < page.index(world["person"].published_name)


def test_search_never_finds_a_natural_person_by_name(client, world):
    for word in ("Slaptavardytė", "Ona Slapta", "slaptavard"):
        response = client.get(reverse("projects:list"), {"q": word})
        assert response.context["page"].paginator.count == 0, word


def test_search_finds_a_natural_person_by_its_code(client, world):
    response = client.get(reverse("projects:list"), {"q": world["person"].published_name.lower()})
    assert {project.code for project in response.context["page"].object_list} == {"F-1", "M-1"}


def test_search_still_finds_organisations_by_name_beside_a_natural_partner(client, world):
    response = client.get(reverse("projects:list"), {"q": "kraštotyros"})
    assert [project.code for project in response.context["page"].object_list] == ["M-1"]


def test_the_organisation_filter_offers_the_code_and_finds_by_it(client, world):
    person = world["person"]
    response = client.get(reverse("projects:list"), {"organizacija": person.slug})
    assert response.context["page"].paginator.count == 2
    assert f'<option value="{person.slug}" selected>{person.published_name}</option>' in response.content.decode()


@pytest.mark.parametrize("excel", [False, True])
def test_the_csv_list_gives_the_code(client, world, excel):
    response = client.get(reverse("projects:csv"), {"format": "excel"} if excel else {})
    text = response.content.decode("utf-8-sig")
    assert world["person"].published_name in text
    assert leaks(text) == []


def test_the_public_pdfs_give_the_code(client, world):
    code = world["person"].published_name
    strategy = pdf_text(client.get(reverse("reports:strategy-pdf", kwargs={"code": world["strategy"].code})))
    farm = pdf_text(client.get(reverse("reports:project-pdf", kwargs={"slug": world["farm"].slug})))
    tours = pdf_text(client.get(reverse("reports:project-pdf", kwargs={"slug": world["tours"].slug})))
    for text in (strategy, farm, tours):
        assert code in text
        assert leaks(text) == []


def test_the_boards_pdfs_name_the_natural_person(board_client, world):
    asked = {"strategy": world["strategy"].code, "language": "lt"}
    strategy = pdf_text(board_client.get(reverse("reports:board-report"), asked))
    farm = pdf_text(board_client.get(reverse("reports:board-report"), {**asked, "project": world["farm"].slug}))
    tours = pdf_text(board_client.get(reverse("reports:board-report"), {**asked, "project": world["tours"].slug}))
    for text in (strategy, farm, tours):
        assert "Slaptavardytė" in text  # a table cell may break the name over two lines


def test_the_api_and_open_data_never_name_the_natural_person(client, world):
    urls = [
        reverse("api:project-list"),
        reverse("api:project-list") + "?q=Slaptavardytė",
        reverse("api:project", kwargs={"slug": world["farm"].slug}),
        reverse("api:project", kwargs={"slug": world["tours"].slug}),
        reverse("api:organisation-list"),
        reverse("opendata:operations-csv"),
        reverse("opendata:operations-json"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert leaks(response.content.decode("utf-8-sig")) == [], url
    found = json.loads(client.get(reverse("api:project-list"), {"q": "Slaptavardytė"}).content)
    assert found["count"] == 0
    sheet = load_workbook(io.BytesIO(client.get(reverse("opendata:operations-xlsx")).content)).worksheets[0]
    cells = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)
    assert world["person"].published_name in cells
    assert leaks(cells) == []


def test_staff_pages_name_the_natural_person(staff_client, world):
    for url in (
        reverse("projects_staff:project-detail", kwargs={"slug": world["farm"].slug}),
        reverse("projects_staff:project-detail", kwargs={"slug": world["tours"].slug}),
        reverse("projects_staff:organisation-list"),
    ):
        assert NAME in staff_client.get(url).content.decode(), url


def test_it_takes_the_code_as_address_when_it_becomes_a_natural_person_and_back(world, staff):
    museum = world["tours"].promoter
    museum.legal_form = Organisation.LegalForm.NATURAL_PERSON
    museum.save()
    assert museum.slug == f"fa-{museum.pk:06d}"
    museum.legal_form = Organisation.LegalForm.BUDGETARY
    museum.save()
    assert museum.slug == "utenos-krastotyros-muziejus"


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_natural_persons_already_kept_their_code_as_address(migrator):
    old = migrator.apply_initial_migration([("projects", "0008_project_recently_updated")])
    Old = old.apps.get_model("projects", "Organisation")
    person = Old.objects.create(name=NAME, slug="ona-slaptavardyte", legal_form="fizinis")
    Old.objects.create(name="Utenos muziejus", slug="utenos-muziejus", legal_form="biudzetine")

    new = migrator.apply_tested_migration([("projects", "0009_natural_person_code_address")])

    New = new.apps.get_model("projects", "Organisation")
    assert dict(New.objects.values_list("name", "slug")) == {
        NAME: f"fa-{person.pk:06d}",
        "Utenos muziejus": "utenos-muziejus",
    }
    history = new.apps.get_model("projects", "HistoricalOrganisation").objects.get()
    assert (history.id, history.slug, history.history_type) == (person.pk, f"fa-{person.pk:06d}", "~")
