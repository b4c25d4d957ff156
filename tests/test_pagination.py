"""Long lists come in pages, and the page links keep the list's other parameters."""

import re

import pytest

from .conftest import make_node, make_organisation, make_project, make_report, make_strategy

pytestmark = pytest.mark.django_db


def _page_links(html):
    return re.findall(r'class="page-link" href="\?([^"]+)"', html)


def test_the_staff_report_list_pages_by_fifty_and_keeps_the_status_filter(staff_client):
    project = make_project(make_node(make_strategy(), "1"))
    for year in range(1960, 2015):
        make_report(project, f"{year}-01-01", f"{year}-06-30", status="submitted")
    first = staff_client.get("/darbas/ataskaitos/?status=submitted")
    assert len(first.context["page"].object_list) == 50
    assert "status=submitted&amp;puslapis=2" in _page_links(first.content.decode())
    second = staff_client.get("/darbas/ataskaitos/?status=submitted&puslapis=2")
    assert [r.period_start.year for r in second.context["page"].object_list] == [1964, 1963, 1962, 1961, 1960]


def test_the_public_organisation_list_pages_by_twenty(client):
    for n in range(25):
        make_organisation(f"Organizacija {n:02d}")
    html = client.get("/organizacijos/?puslapis=2").content.decode()
    assert "Organizacija 24" in html and "Organizacija 19" not in html
    assert '<a class="page-link" href="?puslapis=1">1</a>' in html


def test_many_pages_are_elided_around_the_current_one(staff_client):
    node = make_node(make_strategy(), "1")
    promoter = make_organisation()
    for n in range(50 * 12):
        make_project(node, f"Projektas {n:03d}", promoter=promoter)
    links = _page_links(staff_client.get("/darbas/projektai/?puslapis=6").content.decode())
    assert [link for link in links if link.startswith("puslapis=")] == [
        "puslapis=5",
        "puslapis=1",
        "puslapis=4",
        "puslapis=5",
        "puslapis=6",
        "puslapis=7",
        "puslapis=8",
        "puslapis=12",
        "puslapis=7",
    ]
