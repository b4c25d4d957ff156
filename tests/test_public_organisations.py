"""An organisation whose every project belongs to a draft strategy is not shown to the public anywhere:
neither listed, nor on its own page, nor among the project list's filters."""

import pytest

from projects.models import ProjectPartner
from strategies.models import Strategy

from .conftest import make_node, make_organisation, make_project, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    public = make_node(make_strategy(), "1")
    draft = make_node(make_strategy("2030-2036", 2030, 2036, status=Strategy.Status.DRAFT), "1")
    make_project(public, "Gera būti", promoter=make_organisation("Utenos švietimo centras", slug="svietimo-centras"))
    make_project(draft, "Slaptas projektas", promoter=make_organisation("Slapta asociacija", slug="slapta"))
    partnered = make_project(draft, "Kitas slaptas", promoter=make_organisation("Kita slapta", slug="kita-slapta"))
    ProjectPartner.objects.create(project=partnered, organisation=make_organisation("Slapta partnerė", slug="partnere"))
    make_organisation("Dar be projektų", slug="be-projektu")


def test_an_organisation_with_only_draft_projects_is_not_listed(client, organisations):
    page = client.get("/organizacijos/").content.decode()
    assert "Utenos švietimo centras" in page and "Dar be projektų" in page
    for hidden in ("Slapta asociacija", "Kita slapta", "Slapta partnerė"):
        assert hidden not in page


def test_its_page_is_not_found(client, organisations):
    assert client.get("/organizacijos/svietimo-centras/").status_code == 200
    assert client.get("/organizacijos/be-projektu/").status_code == 200
    for slug in ("slapta", "kita-slapta", "partnere"):
        assert client.get(f"/organizacijos/{slug}/").status_code == 404


def test_it_is_not_offered_in_the_project_filters(client, organisations):
    page = client.get("/projektai/").content.decode()
    assert 'value="svietimo-centras"' in page
    assert 'value="slapta"' not in page and 'value="partnere"' not in page


def test_the_list_and_the_page_leave_out_a_zero_instead_of_saying_it(client, organisations):
    listing = client.get("/organizacijos/").content.decode()
    assert "Vykdo 1 projektą" in listing
    assert "Projektų dar nėra." in listing  # the organisation without projects
    assert "0 projekt" not in listing
    page = client.get("/organizacijos/svietimo-centras/").content.decode()
    assert "Vykdo 1 projektą" in page
    assert "Partnerė 0 projektų" not in page
    page = client.get("/organizacijos/be-projektu/").content.decode()
    assert "Projektų dar nėra." in page
    assert "0 projekt" not in page
