"""Downloading the PDF reports: the public gets approved figures only, the board its own version."""

import datetime
import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from participants.models import ProgressReport
from strategies.models import Strategy

from .conftest import make_indicator, make_node, make_project, make_report, make_strategy

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def empty_cache_and_lithuanian():
    # A request under /en/ leaves English active in the thread, and `reverse` would then give /en/ URLs.
    translation.activate("lt")
    cache.clear()
    yield
    cache.clear()
    translation.activate("lt")


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True)
    return result.stdout.decode("utf-8").replace(NBSP, " ")


@pytest.fixture
def strategy(db):
    strategy = make_strategy(code="2016-2022", start_year=2016, end_year=2022, status=Strategy.Status.CLOSED)
    action = make_node(strategy, "1", title="Sociokultūrinės veiklos")
    make_indicator(action, name="Dalyviai", target=1000, target_kind="about")
    project = make_project(action, title="Senjorų klubas", start_date=datetime.date(2019, 1, 1))
    make_report(project, "2019-01-01", "2019-06-30", participants=347, achievements="Įkurtas klubas")
    make_report(project, "2019-07-01", "2019-12-31", status=ProgressReport.Status.SUBMITTED, participants=2913)
    make_report(project, "2020-01-01", "2020-06-30", status=ProgressReport.Status.DRAFT, participants=1587)
    return strategy


def board_url(strategy, **params):
    query = {"strategy": strategy.code, "language": "lt", **params}
    return reverse("reports:board-report") + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def test_anonymous_visitor_downloads_the_public_report_with_approved_figures_only(client, strategy):
    response = client.get(reverse("reports:strategy-pdf", kwargs={"code": strategy.code}))
    assert response.status_code == 200
    text = pdf_text(response)
    assert "347" in text and "Įkurtas klubas" in text
    assert "2 913" not in text and "1 587" not in text
    assert "Pateiktos, bet dar nepatvirtintos" not in text


def test_public_report_is_in_english_under_en(client, strategy):
    response = client.get("/en" + reverse("reports:strategy-pdf", kwargs={"code": strategy.code}))
    text = pdf_text(response)
    assert "Page 1 of" in text and "Strategy progress report" in text


def test_nobody_downloads_a_draft_strategy(client, strategy):
    Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.DRAFT)
    response = client.get(reverse("reports:strategy-pdf", kwargs={"code": strategy.code}))
    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_log_in_for_the_board_report(client, strategy):
    response = client.get(board_url(strategy))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_user_without_the_permission_may_not_download_the_board_report(client, outsider, strategy):
    client.force_login(outsider)
    assert client.get(board_url(strategy)).status_code == 403
    assert client.get(reverse("reports:form")).status_code == 403


def test_board_member_downloads_the_board_report_with_pending_reports_apart(board_client, strategy):
    response = board_client.get(board_url(strategy, as_of="2022-12-31"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response)
    counted, pending = text.split("Pateiktos, bet dar nepatvirtintos ataskaitos", 1)
    assert "347" in counted and "2 913" not in counted
    assert "2 913" in pending
    assert "1 587" not in text


def test_staff_downloads_a_project_report_in_english(staff_client, strategy):
    response = staff_client.get(board_url(strategy, project="senjoru-klubas", language="en", as_of="2022-12-31"))
    text = pdf_text(response)
    assert "„Senjorų klubas“" in text and "Approved progress reports" in text
    assert "2,913" in text.split("Reports submitted but not yet approved", 1)[1]


def test_board_form_shows_the_choices_and_refuses_a_backward_period(board_client, strategy):
    response = board_client.get(reverse("reports:form"))
    assert response.status_code == 200
    assert strategy.title in response.content.decode()
    response = board_client.get(board_url(strategy, period_start="2020-01-01", period_end="2019-01-01"))
    assert response.status_code == 400
    assert "Laikotarpis negali baigtis anksčiau, nei prasideda." in response.content.decode()


def test_a_project_of_another_strategy_is_refused_naming_both_in_the_error_summary(board_client, strategy):
    other = make_strategy(code="2023-2029")
    make_project(make_node(other, "1"), title="Socialinė kavinė", slug="socialine-kavine")
    form = board_client.get(reverse("reports:form")).content.decode()
    assert "„Socialinė kavinė“ (2023–2029)</option>" in form and "„Senjorų klubas“ (2016–2022)</option>" in form
    response = board_client.get(board_url(strategy, project="socialine-kavine"))
    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('class="alert alert-danger error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Reikia pataisyti 1 dalyką" in summary and "išsaugota" not in summary  # a download saves nothing
    assert "„Socialinė kavinė“ priklauso 2023–2029 strategijai, ne 2016–2022" in summary


def test_a_repeated_download_is_served_from_the_cache(client, strategy, monkeypatch):
    url = reverse("reports:strategy-pdf", kwargs={"code": strategy.code})
    first = client.get(url)

    def fail(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr("reports.documents.render_pdf", fail)
    again = client.get(url)
    assert again.content == first.content


def test_board_member_finds_the_pdf_form_in_the_menu(board_client, strategy):
    response = board_client.get(reverse("strategies:home"))
    assert f'href="{reverse("reports:form")}"' in response.content.decode()


def test_anonymous_visitor_has_no_link_to_the_board_form(client, strategy):
    response = client.get(reverse("strategies:home"))
    assert f'href="{reverse("reports:form")}"' not in response.content.decode()
