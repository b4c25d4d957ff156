"""The main menu marks the section a page is in, and only that one."""

import re

import pytest

pytestmark = pytest.mark.django_db

CURRENT = re.compile(r'<a class="nav-link" href="([^"]+)" aria-current="page">')


def test_it_marks_the_public_section(client):
    assert CURRENT.findall(client.get("/projektai/").content.decode()) == ["/projektai/"]
    assert CURRENT.findall(client.get("/en/organizacijos/").content.decode()) == ["/en/organizacijos/"]


def test_it_marks_no_public_section_in_the_workspace(staff_client):
    response = staff_client.get("/darbas/projektai/")
    assert response.status_code == 200
    assert CURRENT.findall(response.content.decode()) == []


def test_the_workspace_tabs_lead_to_the_spreadsheets(staff_client):
    html = staff_client.get("/darbas/skaiciuokles/").content.decode()
    assert '<a class="nav-link active" aria-current="page" href="/darbas/skaiciuokles/">Skaičiuoklės</a>' in html
    assert 'href="/darbas/skaiciuokles/"' in staff_client.get("/darbas/").content.decode()
