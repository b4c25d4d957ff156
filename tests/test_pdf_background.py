"""A large PDF report is rendered by the task worker: the request answers at once with a progress page, the same
address shows the same progress while it renders and serves the PDF once it is ready; failures say so."""

import datetime
import logging

import pytest
from django.core.management import call_command
from django.urls import reverse

from jobs.models import Job
from participants.models import ProgressReport
from strategies.models import Strategy

from .conftest import make_indicator, make_node, make_project, make_report, make_strategy
from .test_pdf_views import board_url, empty_cache_and_lithuanian, pdf_text  # noqa: F401  (the autouse fixture)


@pytest.fixture
def large(db, settings):
    """A strategy over the background limit (lowered to 2 counted projects)."""
    settings.PDF_BACKGROUND_PROJECTS = 2
    strategy = make_strategy(code="2016-2022", start_year=2016, end_year=2022, status=Strategy.Status.CLOSED)
    action = make_node(strategy, "1", title="Sociokultūrinės veiklos")
    make_indicator(action, name="Dalyviai", target=1000, target_kind="about")
    for n, participants in enumerate((347, 120, 33)):
        project = make_project(action, title=f"Klubas {n}", start_date=datetime.date(2019, 1, 1))
        make_report(project, "2019-01-01", "2019-06-30", participants=participants, achievements=f"Pasiekimas {n}")
    make_report(project, "2019-07-01", "2019-12-31", status=ProgressReport.Status.SUBMITTED, participants=2913)
    return strategy


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _progress_of(response):
    page = response.content.decode()
    assert '<meta http-equiv="refresh"' in page and 'role="progressbar"' in page
    return page


@pytest.mark.django_db(transaction=True)
def test_a_large_report_answers_at_once_with_progress_and_later_serves_the_pdf(client, large, database_queue):
    url = reverse("reports:strategy-pdf", kwargs={"code": large.code})
    first = client.get(url)
    assert first.status_code == 202 and first["Content-Type"].startswith("text/html")
    assert "Laukiama" in _progress_of(first)  # waiting for the worker
    again = client.get(url)
    assert again.status_code == 202
    _progress_of(again)
    assert Job.objects.count() == 1  # the same work, not a second copy

    call_command("run_worker", "--batch", verbosity=0)

    ready = client.get(url)
    assert ready.status_code == 200
    text = pdf_text(ready)
    assert "500" in text  # 347 + 120 + 33 approved participants
    assert "Pasiekimas 0" in text and "2 913" not in text
    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.filename == ready["Content-Disposition"].split('"')[1]
    assert client.get(url).content == ready.content  # kept: a repeat download renders nothing


@pytest.mark.django_db
def test_with_tasks_run_at_once_the_first_answer_is_the_page_offering_the_file(client, large):
    url = reverse("reports:strategy-pdf", kwargs={"code": large.code})
    first = client.get(url)
    assert first.status_code == 200
    page = first.content.decode()
    assert "Parengta" in page and f'href="{url}"' in page and 'http-equiv="refresh"' not in page
    assert "500" in pdf_text(client.get(url))


@pytest.mark.django_db
def test_changed_data_make_a_new_report(client, large):
    url = reverse("reports:strategy-pdf", kwargs={"code": large.code})
    client.get(url)
    assert "500" in pdf_text(client.get(url))
    make_report(
        large.nodes.get(code="1").projects.first(), "2020-01-01", "2020-06-30", participants=100, achievements="Dar"
    )
    assert client.get(url).status_code == 200  # the page again: the figures changed
    assert "600" in pdf_text(client.get(url)) and Job.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_boards_large_report_is_rendered_in_the_background_too(client, board_member, large, database_queue):
    client.force_login(board_member)
    url = board_url(large, as_of="2020-12-31")
    assert client.get(url).status_code == 202
    call_command("run_worker", "--batch", verbosity=0)
    ready = client.get(url)
    assert ready["Content-Disposition"].startswith("attachment;")
    assert "2 913" in pdf_text(ready)  # the board's version lists the pending report


@pytest.mark.django_db
def test_a_small_report_is_still_served_in_the_request(client, large, settings):
    settings.PDF_BACKGROUND_PROJECTS = 10
    response = client.get(reverse("reports:strategy-pdf", kwargs={"code": large.code}))
    assert response.status_code == 200 and "500" in pdf_text(response)
    assert Job.objects.count() == 0


@pytest.mark.django_db
def test_a_failed_rendering_is_shown_with_a_message_and_logged(client, large, monkeypatch, caplog):
    def broken(html):
        raise OSError("no space left on device")

    monkeypatch.setattr("reports.documents.html_to_pdf", broken)
    url = reverse("reports:strategy-pdf", kwargs={"code": large.code})
    with caplog.at_level(logging.ERROR):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Darbo nepavyko baigti" in page and "Bandyti dar kartą" in page
    assert any("OSError: no space left on device" in (record.exc_text or "") for record in caplog.records)
    assert Job.objects.get().status == Job.Status.FAILED
    assert client.get(url).status_code == 200  # the same address shows the failure, not a 500


@pytest.mark.django_db(transaction=True)
def test_every_annual_report_is_rendered_in_the_background(client, board_member, large, database_queue, settings):
    settings.PDF_BACKGROUND_PROJECTS = 1000  # however small the strategy
    client.force_login(board_member)
    url = board_url(large, year=2019)
    first = client.get(url)
    assert first.status_code == 202 and "Laukiama" in _progress_of(first)
    call_command("run_worker", "--batch", verbosity=0)
    ready = client.get(url)
    assert ready["Content-Disposition"] == 'attachment; filename="metine-ataskaita-2016-2022-2019-board-lt.pdf"'
    assert "Pasiekimas 0" in pdf_text(ready)
