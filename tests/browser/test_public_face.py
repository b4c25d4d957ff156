"""The portal as a VVG's own site, in a real browser: language both ways, the profile in header and footer,
figures at a glance on cards and project pages, staff keeping the profile, approval asked for first."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from participants.models import ProgressReport
from projects.models import Project
from vvg_profile.models import Profile

from ..conftest import make_report
from .test_staff_report_workflow import _session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = ProgressReport.Status


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "lt-LT"}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", force=True)
    Profile.objects.filter(pk=1).update(phone="+370 389 00000", email="info@vvg.example.lt", company_code="300000000")
    gera = Project.objects.get(title="Gera būti")
    Project.objects.filter(pk=gera.pk).update(
        planned_participants=50,
        grant=Decimal("12000"),
        total_cost=Decimal("15000"),
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    make_report(gera, "2019-01-01", "2019-06-30", participants=40, volunteers=6, spent="3000")
    make_report(gera, "2019-07-01", "2019-12-31", participants=8, spent="2500")
    return Project.objects.get(pk=gera.pk)


def main_text(page):
    """The main content's text with no-break spaces and line breaks read as single spaces."""
    return re.sub(r"\s+", " ", page.locator("main").inner_text().replace("\u00a0", " "))


def test_english_to_lithuanian_and_back_lands_on_the_same_filtered_list(page, live_server, demo):
    page.goto(live_server.url + "/en/projektai/?q=kolegija")
    expect(page.locator("main .result-count")).to_have_text("2 projects found")

    page.get_by_role("link", name="Lietuviškai").click()
    expect(page).to_have_url(live_server.url + "/projektai/?q=kolegija")
    expect(page.locator("main .result-count")).to_have_text("Rasti 2 projektai")
    expect(page.get_by_role("searchbox")).to_have_value("kolegija")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + "/en/projektai/?q=kolegija")
    expect(page.locator("main .result-count")).to_have_text("2 projects found")


def test_the_footer_shows_the_profiles_contacts_and_the_eu_emblem(page, live_server, demo):
    page.goto(live_server.url + "/projektai/")
    footer = page.locator("footer")
    expect(footer).to_contain_text("Utenos miesto vietos veiklos grupė")
    expect(footer).to_contain_text("+370 389 00000")
    expect(footer.get_by_role("link", name="info@vvg.example.lt")).to_have_attribute(
        "href", "mailto:info@vvg.example.lt"
    )
    expect(footer).to_contain_text("Įmonės kodas 300000000")
    expect(footer).to_contain_text("Bendrai finansuoja Europos Sąjunga")
    emblem = footer.get_by_role("img", name="Europos Sąjungos vėliava")
    size = emblem.evaluate("img => [img.naturalWidth, img.naturalHeight, img.width, img.height]")
    assert size[0] > 0 and size[0] * 2 == size[1] * 3  # drawn at 2 : 3, as the EU's rules say
    assert size[2] * 2 == size[3] * 3
    page.goto(live_server.url + "/en/")
    expect(page.locator("footer")).to_contain_text("Co-funded by the European Union")
    expect(page.locator("header .brand-name")).to_have_text("Utena City LAG")


def test_a_project_card_and_page_show_status_dates_grant_and_participants(page, live_server, demo):
    page.goto(live_server.url + "/projektai/?q=gera")
    card = page.locator(".project-card", has_text="Gera būti")
    card_text = card.inner_text().replace("\u00a0", " ")
    assert "Įgyvendinamas" in card_text
    assert "2019-01-01 – 2020-12-31" in card_text
    assert "12 000,00 €" in card_text
    assert "Dalyviai: 48 iš 50 (96 %)" in card_text
    expect(card.get_by_role("progressbar", name="Dalyviai")).to_have_attribute("aria-valuenow", "96")

    card.get_by_role("link", name="„Gera būti“").click()
    text = main_text(page)
    assert "Planuota (visos tinkamos išlaidos) 15 000,00 €" in text
    assert "Sutarta (parama) 12 000,00 €" in text
    assert "Išleista (patvirtintos ataskaitos) 5 500,00 € (46 % paramos)" in text
    rows = page.locator("table.period-table tbody tr").all_inner_texts()
    assert [re.sub(r"\s+", " ", row.replace("\u00a0", " ")).strip() for row in rows] == [
        "2019-01-01 – 2019-06-30 40 40 6 — — 3 000,00 €",
        "2019-07-01 – 2019-12-31 8 48 — — — 2 500,00 €",
    ]
    chart = page.get_by_role("img", name="Dalyviai per laiką")
    expect(chart).to_be_visible()
    assert chart.locator("circle").count() == 2
    expect(chart).to_contain_text("planuota 50")


def test_staff_edit_the_profile_and_see_it_on_the_public_pages(page, live_server, demo, tmp_path):
    from common.roles import STAFF_GROUP
    from tests.conftest import _user

    vida = _user("vida", STAFF_GROUP, first_name="Vida")
    page.context.add_cookies(_session_cookie(live_server, vida))
    page.goto(live_server.url + "/darbas/profilis/")
    page.get_by_label("Trumpas pavadinimas", exact=True).fill("Utenos VVG")
    page.get_by_label("Telefonas").fill("+370 600 12345")
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" onload="alert(1)">'
        '<script>alert(2)</script><circle cx="20" cy="20" r="18" fill="#0b5e3c"/></svg>'
    )
    page.get_by_label("Logotipas").set_input_files(str(logo))
    page.get_by_role("button", name="Išsaugoti").click()
    expect(page.get_by_text("Profilis išsaugotas.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    expect(page.locator("header .brand-name")).to_have_text("Utenos VVG")
    header_logo = page.locator("header img.brand-logo")
    assert header_logo.evaluate("img => img.naturalWidth") > 0
    expect(page.locator("footer")).to_contain_text("+370 600 12345")
    stored = page.request.get(live_server.url + header_logo.get_attribute("src")).text()
    assert "<circle" in stored and "script" not in stored and "onload" not in stored


def test_approving_asks_for_confirmation_on_a_page_of_its_own(page, live_server, demo):
    from common.roles import STAFF_GROUP
    from tests.conftest import _user

    vida = _user("vida", STAFF_GROUP, first_name="Vida")
    report = make_report(demo, "2020-01-01", "2020-06-30", status=Status.SUBMITTED, participants=2)
    page.context.add_cookies(_session_cookie(live_server, vida))
    page.goto(f"{live_server.url}/darbas/ataskaitos/{report.pk}/")
    page.get_by_role("link", name="Patvirtinti…").click()
    expect(page).to_have_url(f"{live_server.url}/darbas/ataskaitos/{report.pk}/patvirtinti/")
    expect(page.get_by_role("heading", name="Patvirtinti ataskaitą?")).to_be_visible()
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED  # nothing happens before the button
    page.get_by_role("button", name="Patvirtinti").click()
    expect(page.get_by_text("Ataskaita patvirtinta; jos skaičiai dabar įskaičiuojami.")).to_be_visible()
    report.refresh_from_db()
    assert report.status == Status.APPROVED


def test_the_logged_in_header_stays_on_one_line_at_1280_px(page, live_server, demo):
    from common.roles import STAFF_GROUP
    from tests.conftest import _user

    vida = _user("vida", STAFF_GROUP, first_name="Vida", last_name="Darbuotoja")
    page.context.add_cookies(_session_cookie(live_server, vida))
    page.set_viewport_size({"width": 1280, "height": 800})
    for path in ("/darbas/", "/en/darbas/"):
        page.goto(live_server.url + path)
        tops = page.evaluate(
            "Array.from(document.querySelectorAll('header .navbar-brand, header .nav-link'))"
            ".map(e => Math.round(e.getBoundingClientRect().top))"
        )
        assert len(tops) >= 9 and len(set(tops)) == 1, (path, tops)


def test_wide_staff_tables_scroll_inside_their_box_at_375_px(page, live_server, demo):
    from common.roles import STAFF_GROUP
    from tests.conftest import _user

    from .test_public_portal import sideways_overflow

    vida = _user("vida", STAFF_GROUP, first_name="Vida")
    report = make_report(demo, "2020-01-01", "2020-06-30", status=Status.SUBMITTED, participants=2)
    page.context.add_cookies(_session_cookie(live_server, vida))
    page.set_viewport_size({"width": 375, "height": 800})
    problems = {}
    for path in [
        "/darbas/",
        "/darbas/ataskaitos/",
        f"/darbas/ataskaitos/{report.pk}/",
        f"/darbas/ataskaitos/{report.pk}/patvirtinti/",
        f"/darbas/ataskaitos/{report.pk}/istorija/",
        "/darbas/projektai/",
        f"/darbas/projektai/{demo.slug}/",
        "/darbas/organizacijos/",
        "/darbas/profilis/",
        "/darbas/profilis/puslapiai/",
        "/darbas/skaiciuokles/",
    ]:
        page.goto(live_server.url + path)
        overflow = sideways_overflow(page, 375)
        if overflow:
            problems[path] = overflow
    assert problems == {}
    page.goto(live_server.url + "/darbas/ataskaitos/")
    box = page.locator("main .table-responsive").first
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls inside its box
