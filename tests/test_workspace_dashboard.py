"""The staff dashboard: what waits for approval, what was returned, which projects owe a report or end soon."""

import datetime

import pytest
from django.utils import timezone

from participants.models import ProgressReport
from projects.models import Project
from workspace.selectors import dashboard, last_complete_quarter

from .conftest import make_node, make_project, make_report, make_strategy

pytestmark = pytest.mark.django_db

Status = ProgressReport.Status
TODAY = datetime.date(2026, 11, 23)


def test_the_last_complete_quarter_is_the_one_before_today():
    assert last_complete_quarter(datetime.date(2026, 11, 23)) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert last_complete_quarter(datetime.date(2026, 1, 1)) == (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
    assert last_complete_quarter(datetime.date(2026, 4, 30)) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


@pytest.fixture
def node(db):
    return make_node(make_strategy(), "1.1.1")


def test_it_lists_waiting_and_returned_reports(node):
    project = make_project(node, "Gera būti")
    waiting = make_report(project, "2026-01-01", "2026-03-31", status=Status.SUBMITTED)
    returned = make_report(project, "2026-04-01", "2026-06-30", status=Status.RETURNED)
    make_report(project, "2026-07-01", "2026-09-30", status=Status.APPROVED)
    make_report(project, "2026-10-01", "2026-10-31", status=Status.DRAFT)
    board = dashboard(TODAY)
    assert board.waiting == [waiting]
    assert board.returned == [returned]


def test_it_lists_projects_in_progress_without_an_approved_report_for_the_last_quarter(node):
    covered = make_project(node, "Padengtas", start_date=datetime.date(2025, 1, 1))
    make_report(covered, "2026-07-01", "2026-09-30", status=Status.APPROVED)
    yearly = make_project(node, "Metinė ataskaita", start_date=datetime.date(2025, 1, 1))
    make_report(yearly, "2026-01-01", "2026-12-31", status=Status.APPROVED)  # a year covers the quarter
    pending = make_project(node, "Tik pateikta", start_date=datetime.date(2025, 1, 1))
    make_report(pending, "2026-07-01", "2026-09-30", status=Status.SUBMITTED)
    old_only = make_project(node, "Tik senos", start_date=datetime.date(2025, 1, 1))
    make_report(old_only, "2026-04-01", "2026-06-30", status=Status.APPROVED)
    make_project(node, "Prasidės vėliau", start_date=datetime.date(2026, 10, 1))
    make_project(node, "Baigtas", status=Project.Status.COMPLETED)
    # ended before the quarter began: no report can cover it (it is listed as past its end date instead)
    make_project(node, "Pasibaigė birželį", start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2026, 6, 30))
    ended_in_it = make_project(
        node, "Pasibaigė rugpjūtį", start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2026, 8, 31)
    )
    no_dates = make_project(node, "Be datų")
    closed = make_strategy("2016-2022", 2016, 2022, status="closed")
    make_project(make_node(closed, "1"), "Uždarytos strategijos")  # its strategy closed: no more reports are due
    signed = make_project(  # under a signed contract and started: running, whatever its status says
        node, "Sutartis pasirašyta", status=Project.Status.CONTRACT_SIGNED, start_date=datetime.date(2025, 9, 1)
    )
    make_project(node, "Tik atrinktas", status=Project.Status.SELECTED, start_date=datetime.date(2025, 9, 1))
    assert dashboard(TODAY).missing_report == [ended_in_it, no_dates, signed, pending, old_only]  # end date, title


def test_it_lists_projects_past_their_end_date_that_are_not_marked_completed_or_terminated(node):
    running = make_project(node, "Vis dar vykdomas", end_date=TODAY - datetime.timedelta(days=30))
    signed = make_project(
        node, "Sutartis pasirašyta", end_date=TODAY - datetime.timedelta(days=1), status=Project.Status.CONTRACT_SIGNED
    )
    make_project(node, "Baigtas", end_date=TODAY - datetime.timedelta(days=30), status=Project.Status.COMPLETED)
    make_project(node, "Nutrauktas", end_date=TODAY - datetime.timedelta(days=30), status=Project.Status.TERMINATED)
    make_project(node, "Tik planuojamas", end_date=TODAY - datetime.timedelta(days=30), status=Project.Status.PLANNED)
    make_project(node, "Baigiasi šiandien", end_date=TODAY)
    make_project(node, "Be datų")
    assert dashboard(TODAY).overdue == [running, signed]  # the longest overdue first


def test_it_lists_projects_ending_within_60_days(node):
    soon = make_project(node, "Greitai baigsis", end_date=TODAY + datetime.timedelta(days=10))
    last_day = make_project(node, "Po 60 dienų", end_date=TODAY + datetime.timedelta(days=60))
    make_project(node, "Po 61 dienos", end_date=TODAY + datetime.timedelta(days=61))
    make_project(node, "Jau baigėsi", end_date=TODAY - datetime.timedelta(days=1))
    make_project(node, "Nutrauktas", end_date=TODAY + datetime.timedelta(days=5), status=Project.Status.TERMINATED)
    assert dashboard(TODAY).ending_soon == [soon, last_day]


def test_the_dashboard_page_shows_its_lists(staff_client, node):
    today = timezone.localdate()
    project = make_project(node, "Senjorų klubas", end_date=today + datetime.timedelta(days=30))
    report = make_report(project, "2020-01-01", "2020-03-31", status=Status.SUBMITTED)
    response = staff_client.get("/darbas/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/darbas/ataskaitos/{report.pk}/"' in html
    assert html.count("„Senjorų klubas“") == 3  # waiting, no report for the quarter, ending soon
    assert "Ataskaitos, laukiančios patvirtinimo" in html
    assert html.count(f'href="/darbas/projektai/{project.slug}/"') == 3  # each name leads to the project
    start, end = (day.isoformat() for day in last_complete_quarter(today))
    link = f"/darbas/projektai/{project.slug}/ataskaitos/nauja/?nuo={start}&amp;iki={end}"
    assert f'href="{link}">Nauja ataskaita</a>' in html  # it owes one, for the last quarter
    form = staff_client.get(link.replace("&amp;", "&")).content.decode()
    assert f'value="{start}"' in form and f'value="{end}"' in form  # that period filled in


def test_a_board_member_is_not_offered_to_enter_a_report(board_client, node):
    make_project(node, "Senjorų klubas")
    html = board_client.get("/darbas/").content.decode()
    assert "„Senjorų klubas“" in html and "Nauja ataskaita" not in html


def test_the_dashboard_lists_the_drafts_still_to_submit(staff_client, node):
    project = make_project(node, "Šeimų dirbtuvės")
    draft = make_report(project, "2025-07-01", "2025-12-31", status=Status.DRAFT)
    make_report(project, "2025-01-01", "2025-06-30", status=Status.APPROVED)
    assert dashboard(TODAY).drafts == [draft]
    html = staff_client.get("/darbas/").content.decode()
    section = html.split('id="drafts-heading"', 1)[1].split("</section>", 1)[0]
    assert f'href="/darbas/ataskaitos/{draft.pk}/"' in section and "2025-01-01 – 2025-06-30" not in section


def _build(node, n):
    for i in range(n):
        project = make_project(node, f"Projektas {i}", end_date=TODAY + datetime.timedelta(days=20))
        make_report(project, "2026-01-01", "2026-03-31", status=Status.SUBMITTED)
        make_report(project, "2026-04-01", "2026-06-30", status=Status.RETURNED)


@pytest.mark.parametrize("size", [2, 12])
def test_the_dashboard_takes_the_same_number_of_queries_at_any_size(
    staff_client, node, size, django_assert_num_queries
):
    _build(node, size)
    # session, user, then the five lists; permissions are cached on the user after the first check (2 queries);
    # the VVG's profile for the header and footer
    with django_assert_num_queries(11):
        response = staff_client.get("/darbas/")
    assert len(response.context["dashboard"].waiting) == size
    assert len(response.context["dashboard"].returned) == size
    assert len(response.context["dashboard"].ending_soon) == size
