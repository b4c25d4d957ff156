"""A staff member imports the register in a real browser: upload, preview, confirm, then download it again."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from common.roles import STAFF_GROUP, ensure_roles
from participants.models import ProgressReport
from projects.models import Project
from tests.conftest import axe_violations
from tests.workbook_helpers import cell_values, make_register, standard_sheets, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "lt-LT", "accept_downloads": True}


def test_staff_upload_preview_confirm_and_download(page, live_server, tmp_path):
    ensure_roles()
    make_register()
    user = get_user_model().objects.create_user("ruta", password="Ruta-skaiciuokle-2026", is_staff=True)
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    workbook = tmp_path / "registras.xlsx"
    workbook.write_bytes(xlsx_bytes(standard_sheets()))

    page.goto(live_server.url + "/darbas/skaiciuokles/")
    page.fill("#id_username", "ruta")
    page.fill("#id_password", "Ruta-skaiciuokle-2026")
    page.get_by_role("button", name="Prisijungti").click()
    expect(page.get_by_role("heading", name="Skaičiuoklės", exact=True)).to_be_visible()

    page.set_input_files("#id_files", str(workbook))
    page.get_by_role("button", name="Patikrinti failą").click()
    expect(page.get_by_role("heading", name="Ką importas pakeistų")).to_be_visible()
    expect(page.get_by_role("row", name="Ataskaitos 2 0 0")).to_be_visible()
    assert axe_violations(page) == [], json.dumps(axe_violations(page), ensure_ascii=False)
    assert Project.objects.count() == 0

    page.get_by_role("button", name="Importuoti", exact=True).click()
    expect(page.locator("main")).to_contain_text("Skaičiuoklė importuota")
    assert ProgressReport.objects.filter(project__code="11-400-K-0003").count() == 2

    with page.expect_download() as download:
        page.get_by_role("button", name="Atsisiųsti .xlsx").click()
    values = cell_values(Path(download.value.path()).read_bytes())
    assert [row[1] for row in values["Projektai"][1:]] == ["11-400-K-0003"]
