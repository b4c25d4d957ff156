"""An import that changes more rows than IMPORT_BACKGROUND_ROWS runs as a task: the confirmation answers at once
with a page that follows it, and that page then says what was saved — or why nothing was."""

import pytest
from django.core.management import call_command

from jobs.models import Job
from participants.models import ProgressReport
from projects.models import Project
from tests.test_workbook_views import CONFIRM_URL, token_of, upload
from tests.workbook_helpers import make_register
from workbooks import writer


@pytest.fixture
def large(settings):
    settings.IMPORT_BACKGROUND_ROWS = 3  # the standard workbook changes 6 rows


def _confirm(staff_client):
    make_register()
    token = token_of(upload(staff_client))
    response = staff_client.post(CONFIRM_URL, {"token": token})
    assert response.status_code == 302 and "/darbas/skaiciuokles/importas/" in response["Location"]
    return response["Location"]


@pytest.mark.django_db(transaction=True)
def test_a_large_import_runs_as_a_task_and_reports_what_it_saved(staff_client, large, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page_url = _confirm(staff_client)
    waiting = staff_client.get(page_url)
    assert waiting.status_code == 202 and '<meta http-equiv="refresh"' in waiting.content.decode()
    assert Project.objects.count() == 0  # nothing yet: the worker has not run

    call_command("run_worker", "--batch", verbosity=0)

    done = staff_client.get(page_url)
    page = done.content.decode()
    assert done.status_code == 200 and 'http-equiv="refresh"' not in page
    assert "Skaičiuoklė importuota" in page
    assert '<td>Projektai</td><td class="figure-number">1</td>' in page
    assert '<td>Ataskaitos</td><td class="figure-number">2</td>' in page
    assert Project.objects.count() == 1 and ProgressReport.objects.count() == 2
    assert ProgressReport.objects.first().history.first().history_user.username == "vida"
    assert Job.objects.get().result["summary"][1] == {"sheet": "Projektai", "new": 1, "updated": 0, "unchanged": 0}


@pytest.mark.django_db
def test_a_large_import_that_meets_a_conflict_saves_nothing_and_says_why(staff_client, large, monkeypatch):
    def conflicting(plan, user):
        raise writer.ImportConflict(writer.RowError("Projektai", 2, None, "Someone changed this row."))

    monkeypatch.setattr("workbooks.importer.apply_plan", conflicting)
    page = staff_client.get(_confirm(staff_client)).content.decode()
    assert "Someone changed this row." in page and "Niekas neimportuota" in page
    assert Project.objects.count() == 0


@pytest.mark.django_db
def test_a_small_import_is_still_applied_in_the_request(staff_client, settings):
    settings.IMPORT_BACKGROUND_ROWS = 100
    make_register()
    token = token_of(upload(staff_client))
    response = staff_client.post(CONFIRM_URL, {"token": token})
    assert response["Location"] == "/darbas/skaiciuokles/"
    assert Project.objects.count() == 1 and Job.objects.count() == 0
