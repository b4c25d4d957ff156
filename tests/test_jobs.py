"""Background jobs: the same work asked twice runs once, its progress and outcome are kept, failures are shown.

The tasks here are tiny stand-ins; tests/test_pdf_background.py and the import tests run the real ones.
"""

import logging
import os
from datetime import timedelta

import django_rq
import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from django_tasks import task
from rq import SimpleWorker

from jobs.isolation import in_child_process
from jobs.models import Job
from jobs.services import JobError, Outcome, job_key, job_run, job_start
from jobs.views import progress_page

CALLS = []


@task()
def make_greeting(job_id):
    def work(job, report):
        CALLS.append(job_id)
        report(50, "Laying out the pages")
        return Outcome(content=f"labas, {job.filename}".encode(), filename=job.filename, content_type="text/plain")

    return job_run(job_id, work)


@task()
def refuse(job_id):
    def work(job, report):
        raise JobError("The file has no sheet Projektai.")

    return job_run(job_id, work)


@task()
def break_down(job_id):
    def work(job, report):
        raise ZeroDivisionError("division by zero")

    return job_run(job_id, work)


@pytest.fixture(autouse=True)
def _no_calls():
    CALLS.clear()


def _page(job):
    request = RequestFactory().get("/ataskaitos/strategija/x.pdf")
    return progress_page(request, job, title="Ataskaita")


@pytest.mark.django_db
def test_it_runs_the_work_once_and_keeps_its_file_under_the_key():
    key = job_key("greeting", "Vida", "fingerprint-1")
    job, started = job_start(key=key, kind="test", task=make_greeting, filename="Vida")
    assert started and job.status == Job.Status.DONE and job.progress == 100
    assert bytes(job.content) == b"labas, Vida" and job.content_type == "text/plain"

    again, started_again = job_start(key=key, kind="test", task=make_greeting, filename="Vida")
    assert (again.pk, started_again) == (job.pk, False)
    assert len(CALLS) == 1

    other, _started = job_start(key=job_key("greeting", "Vida", "fingerprint-2"), kind="test", task=make_greeting)
    assert other.pk != job.pk and len(CALLS) == 2


@pytest.mark.django_db
def test_it_shows_a_refused_job_with_its_message_and_starts_it_again_on_request(client):
    job, _started = job_start(key=job_key("refuse"), kind="test", task=refuse)
    assert job.status == Job.Status.FAILED and job.message == "The file has no sheet Projektai."
    response = _page(job)
    assert response.status_code == 200
    assert "The file has no sheet Projektai." in response.content.decode()
    assert 'http-equiv="refresh"' not in response.content.decode()

    answer = client.post(f"/darbai/{job.key}/kartoti/", {"next": "/ataskaitos/strategija/x.pdf"})
    assert answer.status_code == 302 and answer["Location"] == "/ataskaitos/strategija/x.pdf"
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED  # the stand-in refuses again, and says so again


@pytest.mark.django_db
def test_it_logs_an_unexpected_failure_and_says_it_was_logged(caplog):
    with caplog.at_level(logging.ERROR, logger="jobs.services"):
        job, _started = job_start(key=job_key("break"), kind="test", task=break_down)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message == ""
    assert any("ZeroDivisionError" in (record.exc_text or "") for record in caplog.records)
    assert "užregistruota administratoriams" in _page(job).content.decode()


@pytest.mark.django_db
def test_it_refuses_to_retry_through_a_get(client):
    job, _started = job_start(key=job_key("refuse"), kind="test", task=refuse)
    assert client.get(f"/darbai/{job.key}/kartoti/").status_code == 405


@pytest.mark.django_db
def test_it_does_not_send_a_retry_elsewhere(client):
    job, _started = job_start(key=job_key("refuse"), kind="test", task=refuse)
    answer = client.post(f"/darbai/{job.key}/kartoti/", {"next": "https://example.com/"})
    assert answer["Location"] == "/"


@pytest.mark.django_db
def test_a_key_with_a_nul_character_is_not_found_not_a_server_error(client, staff_client):
    # PostgreSQL refuses a NUL in a query: the address itself must not match
    assert client.post("/darbai/a%00b/kartoti/").status_code == 404
    assert staff_client.get("/darbas/skaiciuokles/importas/a%00b/").status_code == 404
    assert staff_client.get("/darbas/skaiciuokles/perziura/a%00b/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_job_and_the_page_follows_it(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job, started = job_start(key=job_key("greeting", "Rūta"), kind="test", task=make_greeting, filename="Rūta")
    assert started and job.status == Job.Status.QUEUED
    response = _page(job)
    assert response.status_code == 202
    page = response.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and 'aria-valuenow="0"' in page

    call_command("run_worker", "--batch", verbosity=0)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE and bytes(job.content) == "labas, Rūta".encode()
    assert _page(job).status_code == 200


@pytest.mark.django_db
def test_work_left_waiting_says_the_worker_may_not_be_running(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # nobody runs it
    settings.JOBS_WAIT_NOTICE_SECONDS = 30
    job, _started = job_start(key=job_key("greeting", "Jonas"), kind="test", task=make_greeting, filename="Jonas")
    notice = "Foninio darbo vykdytojas dar nepradėjo šio darbo"
    assert notice not in _page(job).content.decode()  # just asked for: no word yet
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(seconds=31))
    job.refresh_from_db()
    page = _page(job).content.decode()
    assert notice in page and 'role="status"' in page


@pytest.mark.django_db
def test_it_starts_again_a_job_whose_worker_died(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    key = job_key("greeting", "Ona")
    job, _started = job_start(key=key, kind="test", task=make_greeting, filename="Ona")
    assert job.status == Job.Status.QUEUED
    assert job_start(key=key, kind="test", task=make_greeting)[1] is False
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=2))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    job, started = job_start(key=key, kind="test", task=make_greeting)
    assert started and job.status == Job.Status.DONE


def _pid_and_square(number):
    return os.getpid(), number * number


def _fail():
    raise ValueError("no such page")


def test_it_computes_in_a_child_process_and_brings_back_its_errors():
    pid, square = in_child_process(_pid_and_square, 12)
    assert square == 144 and pid != os.getpid()
    with pytest.raises(RuntimeError, match="ValueError: no such page"):
        in_child_process(_fail)


@pytest.mark.django_db(transaction=True)
def test_the_rq_worker_runs_a_queued_job(settings):
    """TASKS_URL=redis://… queues on RQ; the worker here runs in this process (a SimpleWorker) to see the test data."""
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/9", "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default")
    queue.empty()
    job, started = job_start(key=job_key("greeting", "Rq"), kind="test", task=make_greeting, filename="Rq")
    assert started and job.status == Job.Status.QUEUED and queue.count == 1

    SimpleWorker([queue], connection=queue.connection, job_class="django_tasks_rq.Job").work(burst=True)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE and bytes(job.content) == b"labas, Rq"
