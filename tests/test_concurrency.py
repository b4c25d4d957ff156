"""Simultaneous requests and transactions, for real: threads, each with its own database connection.

On PostgreSQL only: the test database of SQLite lives in memory, one connection, and SQLite runs one write
transaction at a time anyway (the portal starts each with the write lock, so its checks run inside the write).
"""

import datetime
import io
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.utils import translation

from common.roles import STAFF_GROUP, ensure_roles
from participants.models import ProgressReport
from projects.models import Project
from tests.conftest import inline, make_node, make_organisation, make_project, make_strategy
from tests.workbook_helpers import REPORT_HEADERS, make_register, report_row, staff_account, xlsx_bytes
from workbooks.importer import apply, check
from workbooks.reader import read_files

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real parallel transactions need PostgreSQL (CI runs them there); SQLite's test database is in memory",
    ),
]


def in_parallel(*calls):
    """Run the calls at the same moment, each in its own thread and database connection; their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # the test looks at what each call ended with
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def logged_in(username):
    ensure_roles()
    user = get_user_model().objects.create_user(username, password="x", first_name=username.title(), is_staff=True)
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def project(db):
    return make_project(
        make_node(make_strategy(), "1.1.1"),
        "Senjorų klubas",
        promoter=make_organisation(),
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )


def new_report(client, project, start, end):
    data = {"period_start": start, "period_end": end, "participants": "5"}
    return lambda: client.post(f"/darbas/projektai/{project.slug}/ataskaitos/nauja/", data)


def test_simultaneous_new_report_posts_save_one_report_and_give_the_others_a_form_message(project):
    clients = [logged_in(f"darbuotoja{n}") for n in range(4)]

    responses = in_parallel(*(new_report(client, project, "2024-01-01", "2024-03-31") for client in clients))

    assert sorted(response.status_code for response in responses) == [200, 200, 200, 302]
    for response in responses:
        if response.status_code == 200:
            assert response.context["form"].non_field_errors() == [
                "Laikotarpis persidengia su ataskaita už 2024-01-01 – 2024-03-31."
            ]
    assert ProgressReport.objects.count() == 1


def test_two_staff_adding_overlapping_periods_at_the_same_moment_save_only_one(project):
    first, second = logged_in("vida"), logged_in("rasa")

    responses = in_parallel(
        new_report(first, project, "2024-01-01", "2024-03-31"), new_report(second, project, "2024-02-01", "2024-04-30")
    )

    assert sorted(response.status_code for response in responses) == [200, 302]
    assert ProgressReport.objects.count() == 1


def test_the_database_itself_keeps_periods_apart_for_writes_that_skip_the_check(project):
    # The second writes once the first has written its row: it then waits for that transaction and fails. Two rows
    # written at the very same moment would each wait for the other, and PostgreSQL would end one as a deadlock
    # rather than as the constraint's refusal this test is about.
    written = threading.Event()

    def insert(start, end, first):
        def call():
            if not first:
                written.wait(timeout=30)
            with transaction.atomic():
                ProgressReport.objects.create(project_id=project.pk, period_start=start, period_end=end)
                if first:
                    written.set()
                    time.sleep(0.5)  # the other insert runs now: it waits for this transaction, then fails
            return "saved"

        return call

    results = in_parallel(insert("2024-01-01", "2024-03-31", True), insert("2024-03-01", "2024-05-31", False))

    assert sorted(type(result).__name__ for result in results) == ["IntegrityError", "str"]
    assert ProgressReport.objects.count() == 1
    assert any(
        isinstance(result, IntegrityError) and "report_periods_do_not_overlap" in str(result) for result in results
    )


def test_two_saves_of_one_project_at_the_same_moment_lose_nothing(project):
    first, second = logged_in("vida"), logged_in("rasa")

    def save(client, title):
        data = {
            "code": "",
            "title": title,
            "node": project.node_id,
            "promoter": project.promoter_id,
            "status": "in_progress",
            "version": project.version,
            **inline("partners"),
            **inline("groups"),
        }
        return lambda: client.post(f"/darbas/projektai/{project.slug}/keisti/", data)

    responses = in_parallel(save(first, "Vidos pavadinimas"), save(second, "Rasos pavadinimas"))

    assert sorted(response.status_code for response in responses) == [302, 409]
    winner = next(response for response in responses if response.status_code == 302)
    project.refresh_from_db()
    assert project.version == 2
    assert project.title == (
        "Vidos pavadinimas" if winner.wsgi_request.user.username == "vida" else "Rasos pavadinimas"
    )


def test_an_import_and_a_workspace_edit_at_the_same_moment_lose_nothing(db):
    register = make_register()
    project = make_project(register["1.1.1"], code="11-400-K-0003", promoter=make_organisation())
    report = ProgressReport.objects.create(
        project=project,
        period_start="2024-01-01",
        period_end="2024-06-30",
        participants=40,
    )
    editor = logged_in("vida")
    row = report_row(Būsena="juodraštis", **{"Nauji dalyviai": 41, "Dalyviai: Senjorai": None})
    sheets = read_files([("r.xlsx", io.BytesIO(xlsx_bytes({"Ataskaitos": [REPORT_HEADERS, row]})))])
    importer = staff_account()
    with translation.override("lt"):
        plan = check(sheets, user=importer, source="r.xlsx")
    assert plan.errors == []

    def edit():
        data = {"period_start": "2024-01-01", "period_end": "2024-06-30", "participants": "50", "version": 1}
        return editor.post(f"/darbas/ataskaitos/{report.pk}/keisti/", data).status_code

    def run_import():
        with translation.override("lt"):
            apply(plan, user=importer)
        return "conflict" if plan.errors else "imported"

    edited, imported = in_parallel(edit, run_import)

    report.refresh_from_db()
    assert (edited, imported) in ((302, "conflict"), (409, "imported"))
    assert report.participants == (50 if edited == 302 else 41)
    assert report.version == 2
    assert Project.objects.count() == 1


def test_a_project_deleted_while_its_report_is_approved_keeps_either_both_or_neither(project):
    from participants import services as report_services
    from projects import services as project_services

    report = ProgressReport.objects.create(
        project=project, period_start="2024-01-01", period_end="2024-03-31", status=ProgressReport.Status.SUBMITTED
    )
    approver, deleter = get_user_model().objects.create_user("rasa"), get_user_model().objects.create_user("vida")

    def approve():
        with transaction.atomic():
            report_services.report_approve(report=ProgressReport.objects.get(pk=report.pk), user=approver)
            time.sleep(0.5)  # the deletion runs now: it must see this approval, not the report as it was
        return "approved"

    def delete():
        time.sleep(0.1)
        project_services.project_delete(project=Project.objects.get(pk=project.pk), user=deleter)
        return "deleted"

    approved, deleted = in_parallel(approve, delete)

    assert approved == "approved"
    assert isinstance(deleted, project_services.Conflict)
    assert ProgressReport.objects.get(pk=report.pk).status == ProgressReport.Status.APPROVED
    assert Project.objects.filter(pk=project.pk).exists()


def test_two_first_saves_of_the_profile_at_once_keep_one_and_refuse_the_other():
    # Neither page had a profile to read (version 0): both would create it; the second must not overwrite the first.
    from vvg_profile.models import Profile

    first, second = logged_in("vida"), logged_in("rasa")
    saves = [
        lambda client=client, name=name: client.post(
            "/darbas/profilis/", {"name": name, "funding_statement": "x", "version": 0}
        )
        for client, name in [(first, "Utenos VVG"), (second, "Rokiškio VVG")]
    ]
    answers = sorted(response.status_code for response in in_parallel(*saves))
    assert answers == [302, 409]
    profile = Profile.objects.get()
    assert profile.version == 1 and profile.history.count() == 1
