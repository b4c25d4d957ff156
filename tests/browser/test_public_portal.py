"""The public portal in a real browser: a visitor's walk, the project list, accessibility and screenshots."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from participants.models import ProgressReport
from projects.models import Project

from ..conftest import make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"


@pytest.fixture
def demo(transactional_db):
    """The demo, with one approved and one submitted report on „Gera būti“."""
    call_command("load_demo")
    gera = Project.objects.get(title="Gera būti")
    Project.objects.filter(pk=gera.pk).update(planned_participants=50, planned_volunteers=10)
    make_report(gera, "2019-01-01", "2019-06-30", participants=40, volunteers=6, achievements="Vyko 12 užsiėmimų.")
    make_report(gera, "2019-07-01", "2019-12-31", participants=99, status=ProgressReport.Status.SUBMITTED)
    return gera


@pytest.fixture
def browser_context_args(browser_context_args):
    """A Lithuanian browser, as most visitors have."""
    return {**browser_context_args, "locale": "lt-LT"}


def visible(page):
    """The main content's text with no-break spaces read as spaces."""
    return page.locator("main").inner_text().replace("\u00a0", " ")


def test_a_visitor_walks_from_home_to_an_organisation(page, live_server, demo):
    page.goto(live_server.url + "/")
    expect(page).to_have_title("Strategija, projektai ir pažanga · Utenos miesto vietos veiklos grupė")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Pereiti prie turinio")).to_be_focused()
    home = visible(page)
    assert "Pasiekta: 0 iš ne mažiau kaip 360 (0 %)" in home
    assert "Pasiekta: 0 iš 6–7 (0 %)" in home

    page.get_by_role("link", name="Utenos miesto 2016–2022 m. vietos plėtros strategija").click()
    expect(page).to_have_url(live_server.url + "/strategijos/2016-2022/")
    strategy = visible(page)
    assert "15 projektų" in strategy
    assert "Pasiekta: 1 200 iš apie 1 000 (120 %)" in strategy
    assert "Pasiekta: 1 900 iš ne mažiau kaip 2 000 (95 %)" in strategy

    page.get_by_role("link", name="Uždavinys 1 Sociokultūrinių užimtumo").click()
    expect(page).to_have_url(live_server.url + "/strategijos/2016-2022/1/")
    objective = visible(page)
    assert "6 projektai" in objective
    assert "Pasiekta: 1 200 iš apie 1 000 (120 %)" in objective
    bar = page.get_by_role("progressbar", name="Tikslinių grupių dalyviai")
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(bar).to_have_attribute("aria-valuetext", "120\u00a0%")

    page.get_by_role("link", name="„Gera būti“").click()
    expect(page).to_have_url(live_server.url + "/projektai/gera-buti/")
    project = visible(page)
    assert "Dalyviai: 40 iš 50 (80 %)" in project  # the submitted 99 are not public
    assert "Savanoriai: 6 iš 10 (60 %)" in project
    assert "Vyko 12 užsiėmimų." in project
    expect(page.get_by_role("progressbar", name="Dalyviai")).to_have_attribute("aria-valuenow", "80")

    page.get_by_role("link", name="Utenos švietimo centras").click()
    expect(page).to_have_url(live_server.url + "/organizacijos/utenos-svietimo-centras/")
    organisation = visible(page)
    assert "Vykdo 2 projektus" in organisation
    assert "„Kūrybiškumo erdvė“" in organisation

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(live_server.url + "/en/organizacijos/utenos-svietimo-centras/")
    assert "Leads 2 projects" in visible(page)


def test_filters_and_search_narrow_the_project_list_and_the_csv(page, live_server, demo):
    page.goto(live_server.url + "/projektai/")
    assert "Rasta 15 projektų" in visible(page)

    page.get_by_text("Atranka ir rikiavimas").click()  # the filters fold away until used
    objective = page.locator("#id_veiksmas option", has_text="2016–2022 · 3 Didinti").get_attribute("value")
    page.get_by_label("Uždavinys ar veiksmas").select_option(objective)
    page.get_by_role("button", name="Rodyti projektus").click()
    assert "Rasti 4 projektai" in visible(page)
    assert page.url == f"{live_server.url}/projektai/?veiksmas={objective}"  # empty fields left out

    search = page.get_by_role("searchbox", name="Paieška")
    search.fill("kolegija")
    search.press("Enter")  # the keyboard submits the form
    expect(page.locator("main .result-count")).to_have_text("Rasti 2 projektai")
    cards = page.locator("main .card-title").all_inner_texts()
    assert cards == ["„Nauji gebėjimai – naujos galimybės“", "„Verslo degustacija“"]
    assert "q=kolegija" in page.url and "veiksmas=" in page.url

    csv_url = page.get_by_role("link", name="Atsisiųsti šį sąrašą CSV formatu").get_attribute("href")
    response = page.request.get(live_server.url + csv_url)
    rows = list(csv.reader(io.StringIO(response.body().decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["Nauji gebėjimai – naujos galimybės", "Verslo degustacija"]
    assert {row[4] for row in rows[1:]} == {"Utenos kolegija"}


PAGES = [
    "/",
    "/strategijos/",
    "/strategijos/2016-2022/",
    "/strategijos/2023-2029/?data=2024-06-30",
    "/strategijos/2016-2022/1/",
    "/strategijos/2023-2029/1.2.3/",
    "/projektai/",
    "/projektai/?q=verslas&busena=in_progress",
    "/projektai/gera-buti/",
    "/organizacijos/",
    "/organizacijos/utenos-svietimo-centras/",
    "/en/",
    "/en/strategijos/2016-2022/",
    "/en/projektai/gera-buti/",
    "/puslapis-kurio-nera/",
]


def test_axe_finds_no_violations_on_the_public_pages(page, live_server, demo):
    problems = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run()).violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target)}))"
        )
        if violations:
            problems[path] = violations
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)


def test_it_writes_screenshots_of_the_main_pages(page, live_server, demo):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {
        "home": "/",
        "strategy": "/strategijos/2016-2022/",
        "projects": "/projektai/",
        "project": "/projektai/gera-buti/",
    }
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in shots.items():
            page.goto(live_server.url + path)
            # nothing may stick out sideways at a phone's width
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            target = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
            if width == 375 and name == "home":
                page.locator(".navbar-toggler").focus()
                page.keyboard.press("Enter")  # the menu opens from the keyboard
                expect(page.get_by_role("link", name="Organizacijos")).to_be_visible()
