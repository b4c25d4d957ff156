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

from ..conftest import axe_violations, make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"


@pytest.fixture
def demo(transactional_db):
    """The demo, with one approved and one submitted report on „Gera būti“."""
    call_command("load_demo", force=True)
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

    page.get_by_role("link", name="English").click()
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

    csv_url = page.get_by_role("link", name="Atsisiųsti šį sąrašą Excel programai").get_attribute("href")
    assert csv_url.endswith("&format=excel")
    csv_url = page.get_by_role("link", name="paprastas CSV programoms").get_attribute("href")
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
    "/atviri-duomenys/",
    "/apie/",
    "/prieinamumas/",
    "/privatumas/",
    "/en/",
    "/en/strategijos/",
    "/en/strategijos/2016-2022/",
    "/en/strategijos/2023-2029/1.2.3/",
    "/en/projektai/?q=verslas",
    "/en/projektai/gera-buti/",
    "/en/organizacijos/",
    "/en/organizacijos/utenos-svietimo-centras/",
    "/en/apie/",
    "/en/prieinamumas/",
    "/en/privatumas/",
    "/puslapis-kurio-nera/",
]


def test_axe_finds_no_violations_on_the_public_pages(page, live_server, demo):
    problems = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)


SHOTS = {
    "home": "/",
    "strategies": "/strategijos/",
    "strategy": "/strategijos/2016-2022/",
    "strategy-2023": "/strategijos/2023-2029/",
    "node": "/strategijos/2016-2022/1/",
    "projects": "/projektai/",
    "project": "/projektai/gera-buti/",
    "organisations": "/organizacijos/",
    "organisation": "/organizacijos/utenos-svietimo-centras/",
    "about": "/apie/",
    "accessibility": "/prieinamumas/",
    "privacy": "/privatumas/",
    "en-home": "/en/",
    "en-project": "/en/projektai/gera-buti/",
    "not-found": "/puslapis-kurio-nera/",
}


def sideways_overflow(page, width):
    """The elements that stick out to the right of a `width` px page, when the page scrolls sideways."""
    if page.evaluate("document.documentElement.scrollWidth") <= width:
        return []
    return page.evaluate(
        """(width) => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)""",
        width,
    )


def test_it_writes_screenshots_of_every_public_page_and_none_scrolls_sideways(page, live_server, demo):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in SHOTS.items():
            page.goto(live_server.url + path)
            target = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
            overflow = sideways_overflow(page, width)  # nothing may stick out sideways at a phone's width
            if overflow:
                problems[f"{path} at {width}"] = overflow
            if width == 375 and name == "home":
                page.locator(".navbar-toggler").focus()
                page.keyboard.press("Enter")  # the menu opens from the keyboard
                expect(page.get_by_role("link", name="Organizacijos")).to_be_visible()
    assert problems == {}


def test_the_sideways_check_finds_a_page_that_scrolls_sideways(page, live_server, demo):
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(live_server.url + "/projektai/")
    assert sideways_overflow(page, 375) == []
    wide = "<div class=wide style='width: 600px'>x</div>"
    page.evaluate("html => document.querySelector('main').insertAdjacentHTML('beforeend', html)", wide)
    assert sideways_overflow(page, 375) == ["div.wide"]
