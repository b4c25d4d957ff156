"""Login throttling, and hostile text shown as text in pages, the project CSV and the PDF."""

import csv
import io
import subprocess

import pytest
from axes.models import AccessAttempt

from .conftest import make_indicator, make_node, make_organisation, make_project, make_report, make_strategy

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
LOGIN = "/paskyra/login/"


def _login(client, password):
    return client.post(LOGIN, {"username": "vida", "password": password})


def test_five_wrong_passwords_lock_the_sixth_attempt_out(client, staff):
    for _attempt in range(4):
        response = _login(client, "wrong")
        assert response.status_code == 200
    assert _login(client, "wrong").status_code == 429  # the fifth failure locks
    response = _login(client, "pass-for-tests")  # even the right password, now
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "Per daug bandymų" in text
    assert "15 minučių" in text
    # The attempt made while locked out counts too (and starts the 15 minutes again).
    assert AccessAttempt.objects.get(username="vida").failures_since_start == 6


def test_a_right_password_after_a_few_mistakes_logs_in_and_clears_them(client, staff):
    for _attempt in range(4):
        _login(client, "wrong")
    response = _login(client, "pass-for-tests")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert not AccessAttempt.objects.filter(username="vida").exists()


def test_another_user_is_not_locked_out_by_someone_elses_failures(client, staff, board_member):
    for _attempt in range(6):
        _login(client, "wrong")
    response = client.post(LOGIN, {"username": "valdas", "password": "pass-for-tests"})
    assert response.status_code == 302


@pytest.fixture
def hostile(db):
    strategy = make_strategy()
    node = make_node(strategy, "1")
    make_indicator(node, name="Dalyviai", target=100)
    scripted = make_project(node, title=SCRIPT, promoter=make_organisation(name=FORMULA), code="A-1")
    formula = make_project(node, title=FORMULA, promoter=make_organisation(name=SCRIPT, slug="scripted"), code="B-2")
    make_report(scripted, "2023-01-01", "2023-03-31", participants=5, achievements=SCRIPT)
    return scripted, formula


def _assert_shown_as_text(response):
    text = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    return text


def test_hostile_text_is_escaped_on_the_pages(client, hostile):
    scripted, formula = hostile
    _assert_shown_as_text(client.get("/projektai/"))
    _assert_shown_as_text(client.get(scripted.get_absolute_url()))
    _assert_shown_as_text(client.get(formula.get_absolute_url()))
    _assert_shown_as_text(client.get("/organizacijos/scripted/"))
    _assert_shown_as_text(client.get("/organizacijos/"))


def test_hostile_text_cannot_run_as_a_formula_in_the_csv(client, hostile):
    response = client.get("/projektai/csv/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + FORMULA in cells  # the formula title and organisation name, quoted
    assert cells.count("'" + FORMULA) == 2
    assert FORMULA not in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_a_cell_starting_with_a_tab_is_quoted_too(client, hostile):
    scripted, _formula = hostile
    make_project(scripted.node, title="\t=1+2", code="C-3")
    response = client.get("/projektai/csv/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "'\t=1+2" in [cell for row in rows[1:] for cell in row]


def test_hostile_text_is_printed_as_text_in_the_pdf(client, hostile, tmp_path):
    scripted, _formula = hostile
    response = client.get(f"/ataskaitos/projektas/{scripted.slug}.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "project.pdf"
    pdf.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count(SCRIPT) >= 2  # the title and the report's achievements, printed as typed
    assert FORMULA in text
