"""The year page and the annual report in a real browser, on the demo with its fictional sample; axe on new pages."""

import io
import json
import re
import subprocess

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from common.roles import BOARD_GROUP, STAFF_GROUP
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "lt-LT"}


@pytest.fixture
def sample(transactional_db):
    call_command("load_demo", "--sample", force=True)


def _user(username, group):
    user = get_user_model().objects.create_user(username, password="Slaptazodis-2026-metams")
    user.groups.add(Group.objects.get(name=group))
    return user


def _session_cookie(live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]


def visible(page):
    return page.locator("main").inner_text().replace("\u00a0", " ")


def test_a_visitor_walks_from_the_strategy_to_its_year_page_and_picks_a_date(page, live_server, sample):
    page.goto(live_server.url + "/strategijos/2023-2029/?data=2025-12-31")
    strategy = visible(page)
    assert "Išgalvotas pavyzdys." in strategy
    assert "500 000,00 € (42 % planuojamo biudžeto)" in strategy  # contracted of the 1 200 000 planned
    assert "Planuoja atrinkti projektai: 350 (97 % siektinos reikšmės)" in strategy

    page.get_by_role("link", name="Kiekvienų metų rodikliai, palyginti su tarpinėmis ir siektinomis reikšmėmis").click()
    expect(page).to_have_url(live_server.url + "/strategijos/2023-2029/metai/")
    expect(page.get_by_role("heading", level=1)).to_have_text("2023–2029 m. strategija pagal metus")
    page.get_by_label("Rodyti duomenis datai").fill("2025-12-31")
    page.get_by_role("button", name="Rodyti").click()
    expect(page).to_have_url(live_server.url + "/strategijos/2023-2029/metai/?data=2025-12-31")

    row = page.locator("table.year-table tbody tr", has_text="Tikslinių grupių dalyviai")
    cells = row.locator("td").all_inner_texts()
    # target, then 2023 (in the year, cumulative, due), 2024, 2025 with its milestone of 150 met
    assert [cell.split("\n")[0] for cell in cells[:10]] == [
        "ne mažiau kaip 360",
        "0",
        "0",
        "–",
        "146",
        "146",
        "–",
        "49",
        "195",
        "150",
    ]
    money = page.locator("table.year-table tbody tr", has_text="Visa strategija").locator("td").all_inner_texts()
    money = [cell.replace("\u00a0", " ").split("\n") for cell in money]
    # budget, then for each year: paid in the year, paid in all (with its status), contracted, due
    assert money[9][0] == "79 500,00 €"  # paid in 2025
    assert money[10][0] == "254 500,00 €"  # paid by the end of 2025, short of the milestone of 300 000
    assert money[12][:2] == ["300 000,00 €", "tarpinė reikšmė"]
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + "/en/strategijos/2023-2029/metai/?data=2025-12-31")
    expect(page.get_by_role("heading", level=1)).to_have_text("Strategy 2023–2029 year by year")


def test_a_board_member_downloads_the_annual_report_of_2025(page, live_server, sample, tmp_path):
    board = _user("valda", BOARD_GROUP)
    page.context.add_cookies(_session_cookie(live_server, board))
    page.goto(live_server.url + "/ataskaitos/")
    page.get_by_label("Strategija").select_option("2023-2029")
    page.get_by_label("Metinė ataskaita už metus").fill("2025")
    page.get_by_role("button", name="Atsisiųsti PDF").click()
    # every annual report is rendered by the task worker (in tests at once): its page then offers the file
    assert "Parengta." in visible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Atverti ")).click()
    download = download_info.value
    assert download.suggested_filename == "metine-ataskaita-2023-2029-2025-board-lt.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, check=True).stdout.decode()
    assert "Metinė įgyvendinimo ataskaita 2025" in text
    assert "Išgalvotas pavyzdys" in text
    assert "Laukia valdybos patvirtinimo." in text  # the board's version lists the pending report of 2025


def test_a_bad_year_on_the_form_is_explained_without_a_download(page, live_server, sample):
    board = _user("valda", BOARD_GROUP)
    page.context.add_cookies(_session_cookie(live_server, board))
    page.goto(live_server.url + "/ataskaitos/")
    page.get_by_label("Metinė ataskaita už metus").fill("2035")
    page.get_by_role("button", name="Atsisiųsti PDF").click()
    assert "2035 metai nepatenka į strategijos laikotarpį" in visible(page)


def test_axe_finds_no_violations_on_the_new_pages(page, live_server, sample):
    staff = _user("ruta", STAFF_GROUP)
    problems = {}

    def check(path):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        violations = axe_violations(page)
        if violations:
            problems[path] = violations

    for path in [
        "/",
        "/strategijos/2023-2029/?data=2025-12-31",
        "/strategijos/2023-2029/metai/",
        "/strategijos/2023-2029/metai/?data=2025-06-30",
        "/strategijos/2016-2022/metai/",
        "/en/strategijos/2023-2029/metai/",
        "/strategijos/2023-2029/1.1/?data=2025-12-31",
        "/projektai/kartu-stipresni-pavyzdys/",
        "/projektai/gera-buti/",
    ]:
        check(path)
    page.context.add_cookies(_session_cookie(live_server, staff))
    for path in ["/darbas/strategijos/", "/darbas/strategijos/2023-2029/tarpines-reiksmes/", "/ataskaitos/"]:
        check(path)
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)


def test_on_a_phone_the_year_table_shows_that_it_scrolls_sideways(page, live_server, sample):
    """A shadow on the right edge while there is more to the right; none once scrolled to the end."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/strategijos/2023-2029/metai/")
    frame = page.get_by_role("region", name="Rodikliai")
    assert frame.evaluate("e => e.scrollWidth > e.clientWidth")  # the table is wider than the phone

    def right_edge_brightness():
        """The mean brightness (255: white) of the frame's rightmost 4 pixel columns."""
        picture = Image.open(io.BytesIO(frame.screenshot())).convert("L")
        width, height = picture.size
        edge = picture.crop((width - 4, 0, width, height))
        return sum(edge.getdata()) / (4 * height)

    at_start = right_edge_brightness()
    frame.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    at_end = right_edge_brightness()
    assert at_start < 235 < at_end, (at_start, at_end)


def test_on_a_phone_the_first_column_and_its_heading_stay_while_the_years_scroll_under_them(page, live_server, sample):
    """The heading „Rodiklis“ stays above the names it heads, and a line marks where the years go under them."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/strategijos/2023-2029/metai/")
    frame = page.get_by_role("region", name="Rodikliai")
    heading = frame.get_by_role("columnheader", name="Rodiklis")
    first_name = frame.get_by_role("rowheader").first
    first_name.scroll_into_view_if_needed()
    frame.evaluate("e => { e.scrollLeft = 200; }")
    left = frame.bounding_box()["x"]
    assert abs(heading.bounding_box()["x"] - left) < 1 and abs(first_name.bounding_box()["x"] - left) < 1
    # narrower than on a wide screen, so that the phone keeps room for the figures
    assert first_name.bounding_box()["width"] < 375 / 2
    box = first_name.bounding_box()
    picture = Image.open(io.BytesIO(page.screenshot())).convert("L")
    edge = picture.getpixel((int(box["x"] + box["width"]) - 1, int(box["y"] + box["height"] / 2)))
    assert edge < 225, edge  # the shaded edge, not white
