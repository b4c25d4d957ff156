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
