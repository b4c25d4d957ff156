"""A new staff member's first day, in a real browser: log in, enter a report, submit, approve, see it public.

The demo's only strategy with a reported indicator (2023–2029, participants, at least 360) has no projects
yet, so the staff member first adds one there through the workspace form, as they would.
"""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from common.roles import STAFF_GROUP, ensure_roles
from participants.models import ProgressReport
from projects.models import Organisation, Project
from strategies.models import Node, TargetGroup
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "lt-LT"}


@pytest.fixture
def new_staff_member(transactional_db):
    call_command("load_demo", force=True)
    ensure_roles()
    user = get_user_model().objects.create_user("ruta", password="Ruta-pirma-diena-2026", first_name="Rūta")
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    return user


def test_a_new_staff_member_enters_submits_and_approves_a_report_that_then_shows_in_public(
    page, live_server, new_staff_member
):
    base = live_server.url
    node = Node.objects.get(strategy__code="2023-2029", code="1.1.1")
    promoter = Organisation.objects.get(name="Utenos švietimo centras")
    seniors = TargetGroup.objects.get(slug="senjorai")

    # Before: nothing reported under the 2023–2029 strategy.
    page.goto(base + "/strategijos/2023-2029/")
    indicator = page.locator(".strategy-indicators .indicator-row", has_text="Tikslinių grupių dalyviai")
    expect(indicator.locator("strong.figure-number")).to_have_text("0")

    # Log in: the workspace sends an anonymous visitor to the log-in page and back.
    page.goto(base + "/darbas/")
    expect(page).to_have_url(re.compile(r"/paskyra/login/\?next=/darbas/$"))
    page.fill("#id_username", "ruta")
    page.fill("#id_password", "Ruta-pirma-diena-2026")
    page.get_by_role("button", name="Prisijungti").click()
    expect(page).to_have_url(base + "/darbas/")
    expect(page.get_by_role("heading", name="Darbo sritis")).to_be_visible()

    # Add the project.
    page.get_by_role("link", name="Projektai", exact=True).last.click()
    page.get_by_role("link", name="Naujas projektas").click()
    page.fill("#id_title", "Kartu smagiau")
    page.select_option("#id_node", str(node.pk))
    page.select_option("#id_promoter", str(promoter.pk))
    page.select_option("#id_status", "in_progress")
    page.fill("#id_start_date", "2024-01-01")
    page.fill("#id_end_date", "2025-12-31")
    page.fill("#id_total_cost", "45 000,00")
    page.fill("#id_planned_participants", "100")
    page.select_option("#id_groups-0-target_group", str(seniors.pk))
    page.fill("#id_groups-0-planned_participants", "40")
    page.get_by_role("button", name="Išsaugoti").click()
    expect(page.get_by_text("Projektas sukurtas.")).to_be_visible()
    project = Project.objects.get(title="Kartu smagiau")

    # Enter the report; a breakdown above the total is refused first, with a clear message.
    page.get_by_role("link", name="Nauja pažangos ataskaita").click()
    page.fill("#id_period_start", "2024-01-01")
    page.fill("#id_period_end", "2024-06-30")
    page.fill("#id_participants", "37")
    page.fill("#id_volunteers", "5")
    page.fill("#id_spent", "12 500,50")
    page.fill(f"#id_group_{seniors.pk}", "38")
    page.fill("#id_achievements", "Vyko 24 užsiėmimai senjorams.")
    page.get_by_role("button", name="Išsaugoti").click()
    summary = page.locator(".error-summary")  # the errors first, focused, each linked to its field
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_attribute("href", f"#id_group_{seniors.pk}")
    expect(summary).to_contain_text("Tikslinės grupės „Senjorai“ dalyvių (38) yra daugiau")
    expect(page.locator(".invalid-feedback", has_text="dalyvių (38) yra daugiau")).to_be_visible()
    page.fill(f"#id_group_{seniors.pk}", "20")
    page.get_by_role("button", name="Išsaugoti").click()
    expect(page.get_by_text("Ataskaita išsaugota kaip juodraštis.")).to_be_visible()
    expect(page.locator(".badge", has_text="juodraštis")).to_be_visible()

    # Submit, then approve.
    page.get_by_role("button", name="Pateikti tvirtinti").click()
    expect(page.get_by_text("Ataskaita pateikta tvirtinti.")).to_be_visible()
    page.get_by_role("link", name="Patvirtinti…").click()  # asks first, on a page of its own
    page.get_by_role("button", name="Patvirtinti").click()
    expect(page.get_by_text("Ataskaita patvirtinta; jos skaičiai dabar įskaičiuojami.")).to_be_visible()
    expect(page.locator(".report-trail")).to_contain_text("Patvirtino")
    expect(page.locator(".report-trail")).to_contain_text("Rūta")
    assert ProgressReport.objects.get(project=project).status == ProgressReport.Status.APPROVED

    # The public project page counts the approved report.
    page.goto(f"{base}/projektai/{project.slug}/")
    participants = page.locator(".progress-figure", has_text="Dalyviai")
    expect(participants.first.locator("strong.figure-number")).to_have_text("37")
    seniors_bar = page.locator(".progress-figure", has_text="Senjorai")
    expect(seniors_bar.locator("strong.figure-number")).to_have_text("20")

    # And so does the strategy's indicator.
    page.goto(base + "/strategijos/2023-2029/")
    expect(indicator.locator("strong.figure-number")).to_have_text("37")


def test_axe_finds_no_violations_in_the_workspace(page, live_server, new_staff_member):
    gera = Project.objects.get(title="Gera būti")
    report = ProgressReport.objects.create(
        project=gera,
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 6, 30),
        status=ProgressReport.Status.SUBMITTED,
        participants=40,
    )
    page.context.add_cookies(_session_cookie(live_server, new_staff_member))
    problems = {}
    for path in [
        "/darbas/",
        "/darbas/ataskaitos/",
        f"/darbas/ataskaitos/{report.pk}/",
        f"/darbas/ataskaitos/{report.pk}/keisti/",
        f"/darbas/ataskaitos/{report.pk}/istorija/",
        f"/darbas/ataskaitos/{report.pk}/istrinti/",
        f"/darbas/ataskaitos/{report.pk}/patvirtinti/",
        f"/darbas/ataskaitos/{report.pk}/grazinti/",
        "/darbas/projektai/",
        f"/darbas/projektai/{gera.slug}/",
        f"/darbas/projektai/{gera.slug}/keisti/",
        "/darbas/organizacijos/",
        "/darbas/organizacijos/nauja/",
        "/darbas/profilis/",
        "/darbas/profilis/puslapiai/",
        "/en/darbas/",
        "/paskyra/password_change/",
    ]:
        response = page.goto(live_server.url + path)
        assert (response.status, page.url) == (200, live_server.url + path)  # logged in, not sent away
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    page.context.clear_cookies()
    page.goto(live_server.url + "/paskyra/login/")
    violations = axe_violations(page)
    if violations:
        problems["/paskyra/login/"] = violations
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)


def _session_cookie(live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
