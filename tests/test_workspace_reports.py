"""Staff enter progress reports, submit, approve or return them; the board reads; no update is lost."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from participants import services
from participants.models import ProgressReport, ReportBreakdown
from projects.models import Project

from .conftest import make_node, make_project, make_report, make_strategy, make_target_group

pytestmark = pytest.mark.django_db

Status = ProgressReport.Status


@pytest.fixture
def seniors(db):
    return make_target_group("Senjorai", "Seniors")


@pytest.fixture
def alone(db):
    return make_target_group("Vieniši asmenys", "People living alone")


@pytest.fixture
def project(seniors, alone):
    node = make_node(make_strategy(), "1.1.1")
    project = make_project(
        node, "Senjorų klubas", start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2025, 12, 31)
    )
    project.project_target_groups.create(target_group=seniors, planned_participants=40)
    project.project_target_groups.create(target_group=alone, planned_participants=10)
    return project


def report_data(seniors=None, alone=None, **fields):
    data = {
        "period_start": "2024-01-01",
        "period_end": "2024-03-31",
        "participants": "30",
        "volunteers": "4",
        "jobs_created": "0,5",
        "jobs_retained": "",
        "services": "12",
        "spent": "1200,50",
        "achievements": "Susitikimai kas savaitę.",
        "difficulties": "",
        "next_steps": "Išvyka.",
    }
    if seniors is not None:
        data[f"group_{seniors[0].pk}"] = str(seniors[1])
    if alone is not None:
        data[f"group_{alone[0].pk}"] = str(alone[1])
    data.update(fields)
    return data


def create_url(project):
    return f"/darbas/projektai/{project.slug}/ataskaitos/nauja/"


# --- entering a report -----------------------------------------------------------------------------------


def test_it_shows_one_breakdown_row_per_target_group_of_the_project(staff_client, project):
    response = staff_client.get(create_url(project))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Senjorai" in html and "Vieniši asmenys" in html
    assert list(response.context["form"].groups.values()) == [
        g.target_group for g in project.project_target_groups.all()
    ]


def test_staff_create_a_draft_report_with_its_breakdown(staff_client, staff, project, seniors, alone):
    response = staff_client.post(create_url(project), report_data(seniors=(seniors, 25), alone=(alone, 30)))
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/darbas/ataskaitos/{report.pk}/"
    assert report.status == Status.DRAFT
    assert report.created_by == staff
    assert report.participants == 30
    assert report.jobs_created == Decimal("0.50")
    assert report.spent == Decimal("1200.50")
    assert report.jobs_retained is None  # empty means not reported, not zero
    assert {b.target_group.name: b.participants for b in report.breakdown.all()} == {
        "Senjorai": 25,
        "Vieniši asmenys": 30,
    }
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Ataskaita išsaugota kaip juodraštis. Pateikite ją, kai skaičiai bus galutiniai."]
    html = staff_client.get(response["Location"]).content.decode()
    assert ">1\xa0200,50\xa0€<" in html  # Lithuanian money
    assert ">0,5<" in html  # jobs, FTE
    assert ">—<" in html  # jobs retained: not reported


@pytest.mark.parametrize("field", ["participants", "volunteers", "jobs_created", "jobs_retained", "services", "spent"])
def test_it_refuses_negative_figures(staff_client, project, field):
    response = staff_client.post(create_url(project), report_data(**{field: "-1"}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["Skaičius negali būti neigiamas (-1)."]
    assert not ProgressReport.objects.exists()


def test_it_refuses_a_negative_breakdown(staff_client, project, seniors):
    response = staff_client.post(create_url(project), report_data(seniors=(seniors, -3)))
    assert response.context["form"].errors[f"group_{seniors.pk}"] == ["Skaičius negali būti neigiamas (-3)."]


def test_it_refuses_a_breakdown_above_the_total(staff_client, project, seniors, alone):
    response = staff_client.post(create_url(project), report_data(seniors=(seniors, 31), alone=(alone, 30)))
    errors = response.context["form"].errors
    assert errors[f"group_{seniors.pk}"] == [
        "Tikslinės grupės „Senjorai“ dalyvių (31) yra daugiau nei iš viso naujų dalyvių (30)."
    ]
    assert f"group_{alone.pk}" not in errors  # equal to the total is fine: groups overlap
    assert not ProgressReport.objects.exists()


def test_it_refuses_a_breakdown_without_a_total(staff_client, project, seniors):
    response = staff_client.post(create_url(project), report_data(seniors=(seniors, 5), participants=""))
    assert response.context["form"].errors[f"group_{seniors.pk}"] == [
        "Nurodyti tikslinės grupės „Senjorai“ dalyviai, bet nenurodytas bendras naujų dalyvių skaičius."
    ]


def test_it_refuses_a_period_that_ends_before_it_starts(staff_client, project):
    response = staff_client.post(create_url(project), report_data(period_start="2024-03-31", period_end="2024-01-01"))
    assert response.context["form"].errors["period_end"] == ["Laikotarpis negali baigtis anksčiau, nei prasideda."]


def test_it_refuses_a_period_before_the_project_starts(staff_client, project):
    response = staff_client.post(create_url(project), report_data(period_start="2023-12-01"))
    assert response.context["form"].errors["period_start"] == [
        "Laikotarpis prasideda anksčiau nei projektas (2024-01-01)."
    ]


def test_it_refuses_a_period_after_the_project_ends(staff_client, project):
    response = staff_client.post(create_url(project), report_data(period_start="2025-10-01", period_end="2026-01-31"))
    assert response.context["form"].errors["period_end"] == ["Laikotarpis baigiasi vėliau nei projektas (2025-12-31)."]


def test_it_refuses_a_period_overlapping_another_report(staff_client, project):
    make_report(project, "2024-03-01", "2024-05-31", status=Status.DRAFT)
    response = staff_client.post(create_url(project), report_data())
    assert response.context["form"].non_field_errors() == [
        "Laikotarpis persidengia su ataskaita už 2024-03-01 – 2024-05-31."
    ]
    assert ProgressReport.objects.count() == 1


def test_an_error_about_the_whole_report_is_shown_once(staff_client, project):
    make_report(project, "2024-03-01", "2024-05-31", status=Status.DRAFT)
    response = staff_client.post(create_url(project), report_data(jobs_created="abc"))
    page = response.content.decode()
    assert page.count("Laikotarpis persidengia su ataskaita už 2024-03-01 – 2024-05-31.") == 1
    # in the error summary, counted with the field's error, not in a box of its own
    summary = page.split('class="alert alert-danger error-summary"', 1)[1].split("</div>", 1)[0]
    assert "reikia pataisyti 2 dalykus" in summary
    assert "Laikotarpis persidengia" in summary and "Sukurtos darbo vietos" in summary
    assert "alert-block" not in page


def test_a_report_of_another_project_does_not_overlap(staff_client, project):
    other = make_project(project.node, "Kitas projektas")
    make_report(other, "2024-01-01", "2024-03-31")
    response = staff_client.post(create_url(project), report_data())
    assert response.status_code == 302
    created = ProgressReport.objects.get(project=project)
    assert (created.period_start.isoformat(), created.period_end.isoformat()) == (
        report_data()["period_start"],
        report_data()["period_end"],
    )


# --- the workflow --------------------------------------------------------------------------------------


def post(client, report, step, **data):
    data.setdefault("version", report.version)
    return client.post(f"/darbas/ataskaitos/{report.pk}/{step}/", data)


def test_the_workflow_records_who_did_what_and_when(staff_client, staff, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.DRAFT, participants=10)
    assert post(staff_client, report, "pateikti").status_code == 302
    report.refresh_from_db()
    assert (report.status, report.submitted_by, report.version) == (Status.SUBMITTED, staff, 2)
    assert post(staff_client, report, "patvirtinti").status_code == 302
    report.refresh_from_db()
    assert (report.status, report.approved_by, report.version) == (Status.APPROVED, staff, 3)
    assert report.approved_at >= report.submitted_at

    page = staff_client.get(f"/darbas/ataskaitos/{report.pk}/").content.decode()
    submitted = timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M")
    approved = timezone.localtime(report.approved_at).strftime("%Y-%m-%d %H:%M")
    assert f"<dt>Pateikė</dt><dd>Vida Darbuotoja, {submitted}</dd>" in page
    assert f"<dt>Patvirtino</dt><dd>Vida Darbuotoja, {approved}</dd>" in page


def test_an_approved_report_is_locked(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.APPROVED, participants=10)
    response = staff_client.get(f"/darbas/ataskaitos/{report.pk}/keisti/")
    assert response.status_code == 302
    response = staff_client.post(f"/darbas/ataskaitos/{report.pk}/keisti/", report_data(participants="99"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.participants == 10
    with pytest.raises(services.ReportConflict):
        services.report_save(report=report, breakdown={}, user=None, version=report.version)


def test_returning_needs_a_comment(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.SUBMITTED)
    response = post(staff_client, report, "grazinti", comment="")
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert response.context["form"].errors["comment"] == [
        "Parašykite, ką reikia pataisyti, prieš grąžindami ataskaitą."
    ]


def test_returning_an_approved_report_unlocks_it(staff_client, staff, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.APPROVED, participants=10)
    post(staff_client, report, "grazinti", comment="Trūksta dalyvių pagal grupes.")
    report.refresh_from_db()
    assert (report.status, report.returned_by, report.approved_at) == (Status.RETURNED, staff, None)
    assert report.return_comment == "Trūksta dalyvių pagal grupes."
    assert "Trūksta dalyvių pagal grupes." in staff_client.get(f"/darbas/ataskaitos/{report.pk}/").content.decode()
    form_page = staff_client.get(f"/darbas/ataskaitos/{report.pk}/keisti/").content.decode()
    assert "Trūksta dalyvių pagal grupes." in form_page  # what to correct, beside the boxes to correct it in
    assert "Pataisę ir išsaugoję ataskaitą, vėl pateikite ją tvirtinti." in form_page
    response = staff_client.post(f"/darbas/ataskaitos/{report.pk}/keisti/", report_data(version=report.version))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.participants == 30
    post(staff_client, report, "pateikti")
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_a_draft_cannot_be_approved(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.DRAFT)
    response = post(staff_client, report, "patvirtinti")
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert [str(m) for m in response.wsgi_request._messages] == ["Patvirtinti galima tik pateiktą ataskaitą."]


def test_submitting_refuses_get(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.DRAFT)
    assert staff_client.get(f"/darbas/ataskaitos/{report.pk}/pateikti/").status_code == 405
    report.refresh_from_db()
    assert report.status == Status.DRAFT


@pytest.mark.parametrize("step", ["patvirtinti", "grazinti"])
def test_approving_and_returning_by_get_only_ask_for_confirmation(staff_client, project, step):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.SUBMITTED)
    response = staff_client.get(f"/darbas/ataskaitos/{report.pk}/{step}/")
    assert response.status_code == 200
    assert f'<form method="post" action="/darbas/ataskaitos/{report.pk}/{step}/">' in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.version) == (Status.SUBMITTED, 1)


def test_workflow_steps_need_the_csrf_token(staff, project):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.DRAFT)
    assert post(client, report, "pateikti").status_code == 403
    report.refresh_from_db()
    assert report.status == Status.DRAFT


# --- no lost updates --------------------------------------------------------------------------------------


def test_the_second_of_two_concurrent_edits_is_refused_and_keeps_what_was_typed(client, staff, project, seniors):
    from django.test import Client

    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.DRAFT, participants=10)
    first, second = Client(), Client()
    first.force_login(staff)
    second.force_login(staff)
    read_version = report.version  # both open the form now

    response = first.post(
        f"/darbas/ataskaitos/{report.pk}/keisti/", report_data(participants="20", version=read_version)
    )
    assert response.status_code == 302
    response = second.post(
        f"/darbas/ataskaitos/{report.pk}/keisti/",
        report_data(participants="25", achievements="Mano tekstas", seniors=(seniors, 7), version=read_version),
    )
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.participants == 20  # the first save stands
    assert not ReportBreakdown.objects.exists()
    form = response.context["form"]
    assert form["participants"].value() == "25"
    assert form["achievements"].value() == "Mano tekstas"
    assert form[f"group_{seniors.pk}"].value() == "7"
    assert form["version"].value() == report.version  # saving again now overwrites on purpose
    html = response.content.decode()
    assert "Kažkas kitas pakeitė šią ataskaitą" in html
    assert "Mano tekstas</textarea>" in html
    assert response.context["current"].participants == 20  # the saved version is shown beside the typed one
    assert '<td class="text-end figure-number">20</td>' in html

    response = second.post(f"/darbas/ataskaitos/{report.pk}/keisti/", form.data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.participants == 25


def test_a_step_taken_on_a_stale_page_is_refused(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.SUBMITTED, participants=10)
    stale = report.version
    staff_client.post(f"/darbas/ataskaitos/{report.pk}/keisti/", report_data(participants="15", version=stale))
    response = post(staff_client, report, "patvirtinti", version=stale)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED  # nobody approves figures they have not seen
    assert str(list(response.wsgi_request._messages)[-1]) == (
        "Kažkas kitas pakeitė šią ataskaitą, kol buvo atvertas puslapis, todėl nieko nepadaryta: perskaitykite "
        "ataskaitą, kokia ji dabar, ir, jei vis dar reikia, atlikite veiksmą dar kartą."
    )


# --- history -------------------------------------------------------------------------------------------


def test_staff_read_who_changed_what_in_the_report(staff_client, staff, project, seniors):
    staff_client.post(create_url(project), report_data(seniors=(seniors, 5)))
    report = ProgressReport.objects.get()
    staff_client.post(
        f"/darbas/ataskaitos/{report.pk}/keisti/",
        report_data(participants="35", seniors=(seniors, 9), version=report.version),
    )
    post(staff_client, report, "pateikti", version=report.version + 1)

    response = staff_client.get(f"/darbas/ataskaitos/{report.pk}/istorija/")
    entries = response.context["entries"]
    assert [e.action for e in entries] == ["pakeista", "pakeista", "pakeista", "sukurta", "sukurta"]
    submit, edit_breakdown, edit, *_ = entries
    assert [(c.label, c.old, c.new) for c in submit.changes if c.label == "būsena"] == [
        ("būsena", "juodraštis", "pateikta")
    ]
    assert ("nauji dalyviai", "30", "35") in [(c.label, c.old, c.new) for c in edit.changes + edit_breakdown.changes]
    assert ("nauji dalyviai", "5", "9") in [(c.label, c.old, c.new) for c in edit.changes + edit_breakdown.changes]
    assert all(e.who == staff for e in entries)
    html = response.content.decode()
    assert "Vida Darbuotoja" in html and "30 → 35" in html


# --- deleting -------------------------------------------------------------------------------------------


def test_deleting_asks_first_then_deletes_on_post(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.DRAFT)
    response = staff_client.get(f"/darbas/ataskaitos/{report.pk}/istrinti/")
    assert response.status_code == 200
    assert "Ištrinti ataskaitą?" in response.content.decode()
    assert ProgressReport.objects.exists()
    assert f'name="version" value="{report.version}"' in response.content.decode()
    response = staff_client.post(f"/darbas/ataskaitos/{report.pk}/istrinti/", {"version": report.version})
    assert response["Location"] == f"/darbas/projektai/{project.slug}/"
    assert not ProgressReport.objects.exists()


def test_a_delete_asked_on_a_page_older_than_the_report_deletes_nothing(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.DRAFT)
    shown = report.version  # the delete page is open; meanwhile a colleague fills the report in
    staff_client.post(f"/darbas/ataskaitos/{report.pk}/keisti/", report_data(participants="35", version=report.version))
    response = staff_client.post(f"/darbas/ataskaitos/{report.pk}/istrinti/", {"version": shown})
    assert response["Location"] == f"/darbas/ataskaitos/{report.pk}/"
    assert [str(m) for m in response.wsgi_request._messages][-1] == (
        "Kažkas tai pakeitė po to, kai atidarėte puslapį, todėl niekas neištrinta. Peržiūrėkite iš naujo ir, "
        "jei vis dar norite, ištrinkite tada."
    )
    assert ProgressReport.objects.get(pk=report.pk).participants == 35
    response = staff_client.post(f"/darbas/ataskaitos/{report.pk}/istrinti/")  # no version at all
    assert ProgressReport.objects.filter(pk=report.pk).exists()
    assert "niekas neištrinta" in [str(m) for m in response.wsgi_request._messages][-1]


def test_an_approved_report_cannot_be_deleted(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.APPROVED)
    staff_client.post(f"/darbas/ataskaitos/{report.pk}/istrinti/", {"version": report.version})
    assert ProgressReport.objects.filter(pk=report.pk).exists()


# --- the board reads ---------------------------------------------------------------------------------------


def test_board_member_sees_pending_reports_but_no_buttons(board_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.SUBMITTED, participants=17)
    response = board_client.get(f"/darbas/ataskaitos/{report.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<td class="text-end figure-number">17</td>' in html
    assert "pateikta</span>" in html
    assert "patvirtinti/" not in html and "keisti/" not in html
    listing = board_client.get("/darbas/ataskaitos/?status=submitted")
    assert list(listing.context["page"].object_list) == [report]


@pytest.mark.parametrize("size", [2, 12])
def test_the_report_pages_take_the_same_number_of_queries_at_any_size(
    staff_client, project, seniors, size, django_assert_num_queries
):
    for i in range(size):
        make_report(project, f"{2000 + i}-01-01", f"{2000 + i}-06-30", status=Status.SUBMITTED, participants=i)
    report = ProgressReport.objects.last()
    ReportBreakdown.objects.create(report=report, target_group=seniors, participants=0)
    with django_assert_num_queries(7):  # session, user, permissions (2), the page's count, the reports, profile
        response = staff_client.get("/darbas/ataskaitos/")
    assert len(response.context["page"].object_list) == size
    with django_assert_num_queries(9):  # session, user, permissions (2), project, partners, groups, reports, profile
        staff_client.get(f"/darbas/projektai/{project.slug}/")


def test_saving_checks_the_period_again_inside_the_write(staff_client, project):
    """A report saved by another request after this form was checked (a double click) is not overlapped."""
    form_data = report_data()
    make_report(project, "2024-02-01", "2024-02-29", status=Status.DRAFT)  # arrives between check and write
    report = ProgressReport(
        project=project, period_start=datetime.date(2024, 1, 1), period_end=datetime.date(2024, 3, 31)
    )

    with pytest.raises(services.ReportConflict, match="persidengia su ataskaita už 2024-02-01 – 2024-02-29"):
        services.report_save(report=report, breakdown={}, user=None)

    response = staff_client.post(create_url(project), form_data)
    assert response.context["form"].non_field_errors() == [
        "Laikotarpis persidengia su ataskaita už 2024-02-01 – 2024-02-29."
    ]
    assert ProgressReport.objects.count() == 1


def test_an_edit_posted_without_the_version_is_refused_instead_of_overwriting(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.DRAFT, participants=10)
    response = staff_client.post(f"/darbas/ataskaitos/{report.pk}/keisti/", report_data(participants="99"))
    assert response.status_code == 200
    assert "Puslapyje nenurodyta, kurią versiją skaitėte" in response.content.decode()
    report.refresh_from_db()
    assert (report.participants, report.version) == (10, 1)


def test_the_report_page_names_its_figures_as_the_form_does(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.DRAFT, jobs_created=1, jobs_retained=2)
    page = staff_client.get(f"/darbas/ataskaitos/{report.pk}/").content.decode()
    assert "Sukurtos darbo vietos, etatais" in page and "Išlaikytos darbo vietos, etatais" in page
    form = staff_client.get(f"/darbas/ataskaitos/{report.pk}/keisti/").content.decode()
    assert "Sukurtos darbo vietos, etatais" in form


def test_approving_a_report_whose_period_has_not_ended_says_when_its_figures_count(staff_client, project):
    today = timezone.localdate()
    ends = today + datetime.timedelta(days=30)
    report = make_report(project, today.isoformat(), ends.isoformat(), status=Status.SUBMITTED, participants=10)
    response = post(staff_client, report, "patvirtinti")
    assert [str(m) for m in response.wsgi_request._messages] == [
        f"Ataskaita patvirtinta; jos skaičiai bus įskaičiuojami nuo {ends:%Y-%m-%d}, kai baigsis jos laikotarpis."
    ]
    ended = make_report(project, "2024-01-01", "2024-03-31", status=Status.SUBMITTED, participants=10)
    response = post(staff_client, ended, "patvirtinti")
    assert [str(m) for m in response.wsgi_request._messages][
        -1
    ] == "Ataskaita patvirtinta; jos skaičiai dabar įskaičiuojami."


def test_the_history_writes_money_yes_and_no_and_people_as_the_pages_do(staff_client, staff, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.SUBMITTED, spent="12000.5")
    post(staff_client, report, "patvirtinti")
    html = staff_client.get(f"/darbas/ataskaitos/{report.pk}/istorija/").content.decode()
    assert "12\u00a0000,50\u00a0€" in html
    assert "— → Vida Darbuotoja" in html  # approved by: the person, not the user name
    assert "darbo sritis: patvirtinta" in html
    project.is_sample = True
    project.save()
    html = staff_client.get(f"/darbas/projektai/{project.slug}/istorija/").content.decode()
    assert "ne → taip" in html and "False" not in html


def test_a_count_beyond_any_vvgs_is_refused_naming_it(staff_client, project):
    """Nineteen digits passed on SQLite and then made every sum of the strategy overflow."""
    response = staff_client.post(
        create_url(project), report_data(participants="9223372036854775807", services="1000001")
    )
    errors = response.context["form"].errors
    assert errors["participants"] == ["9223372036854775807 – daugiau, nei čia gali būti: ne daugiau kaip 1000000."]
    assert errors["services"] == ["1000001 – daugiau, nei čia gali būti: ne daugiau kaip 1000000."]
    assert not ProgressReport.objects.exists()


def test_an_approval_sent_twice_says_so_instead_of_blaming_someone_else(staff_client, project):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.SUBMITTED)
    shown = report.version
    post(staff_client, report, "patvirtinti", version=shown)
    response = post(staff_client, report, "patvirtinti", version=shown)  # the double click's second request
    assert [str(m) for m in response.wsgi_request._messages][-1] == (
        "Tai jau buvote padarę: užklausa buvo išsiųsta du kartus."
    )
    assert ProgressReport.objects.get(pk=report.pk).status == Status.APPROVED


def test_a_figure_that_is_not_a_number_is_refused_naming_what_was_typed(staff_client, project, seniors):
    response = staff_client.post(
        create_url(project),
        report_data(participants="2,5", jobs_created="abc", spent="12 tūkst.", **{f"group_{seniors.pk}": "daug"}),
    )
    errors = response.context["form"].errors
    assert errors["participants"] == ["Įveskite sveikąjį skaičių, o ne „2,5“."]
    assert errors["jobs_created"] == ["Įveskite skaičių, o ne „abc“."]
    assert errors["spent"] == ["Įveskite skaičių, o ne „12 tūkst.“."]
    assert errors[f"group_{seniors.pk}"] == ["Įveskite sveikąjį skaičių, o ne „daug“."]
    assert not ProgressReport.objects.exists()


def test_a_figure_in_scientific_notation_is_refused_and_what_was_typed_comes_back_as_typed(staff_client, project):
    response = staff_client.post(create_url(project), report_data(jobs_created="2E-1", spent="1e5"))
    errors = response.context["form"].errors
    assert errors["jobs_created"] == ["Įveskite skaičių, o ne „2E-1“."]
    assert errors["spent"] == ["Įveskite skaičių, o ne „1e5“."]
    assert not ProgressReport.objects.exists()
    response = staff_client.post(create_url(project), report_data(spent="1.200,50"))
    assert response.context["form"].errors["spent"] == ["Įveskite skaičių, o ne „1.200,50“."]
    assert 'value="1.200,50"' in response.content.decode()  # the box holds what was typed, not „1,200,50“


def test_the_approval_page_shows_the_projects_totals_with_the_report_and_warns_above_the_plan(
    staff_client, project, seniors, alone
):
    Project.objects.filter(pk=project.pk).update(planned_participants=20, planned_volunteers=5, grant=150000)
    make_report(
        project, "2024-01-01", "2024-03-31", status=Status.APPROVED, participants=15, spent=95000, breakdown={alone: 4}
    )
    make_report(project, "2024-04-01", "2024-06-30", status=Status.DRAFT, participants=500)  # not counted
    report = make_report(
        project,
        "2024-07-01",
        "2024-09-30",
        status=Status.SUBMITTED,
        participants=30,
        spent=200000,
        breakdown={seniors: 12, alone: 7},
    )
    page = staff_client.get(f"/darbas/ataskaitos/{report.pk}/patvirtinti/").content.decode().replace("\u00a0", " ")
    table = page.split('id="against-plan-title"', 1)[1].split("</table>", 1)[0]
    rows = [re.sub(r"<[^>]+>", " ", row.split(">", 1)[1]).split() for row in table.split("<tr")[2:]]
    assert [" ".join(row) for row in rows] == [
        "Nauji dalyviai 20 45 225 % viršija planą",
        "Nauji dalyviai: Senjorai 40 12 30 %",
        "Nauji dalyviai: Vieniši asmenys 10 11 110 % viršija planą",
        "Nauji savanoriai 5 0 0 %",
        "Išleista lėšų, palyginti su parama 150 000,00 € 295 000,00 € 197 % viršija planą",
    ]
    assert "Kai kurios sumos viršytų projekto planą" in page

    within = make_report(project, "2024-10-01", "2024-12-31", status=Status.SUBMITTED, participants=1)
    report.delete()
    page = staff_client.get(f"/darbas/ataskaitos/{within.pk}/patvirtinti/").content.decode()
    assert "Nauji dalyviai" in page and "viršytų" not in page


def test_a_count_with_spaces_between_thousands_is_read_as_people_write_it(staff_client, project):
    staff_client.post(create_url(project), report_data(participants="1 200", services="1\u00a0000"))
    assert ProgressReport.objects.values_list("participants", "services").get() == (1200, 1000)


def test_approving_a_report_of_a_project_only_planned_says_its_figures_do_not_count_in_the_strategy(
    staff_client, project
):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.SUBMITTED, participants=3)
    url = f"/darbas/ataskaitos/{report.pk}/patvirtinti/"
    assert "kol kas nebus" not in staff_client.get(url).content.decode()
    Project.objects.filter(pk=project.pk).update(status=Project.Status.PLANNED)
    page = staff_client.get(url).content.decode()
    assert "Projekto būsena – „planuojamas“" in page and "kol kas nebus strategijos skaičiuose" in page


def test_too_many_decimal_places_are_refused_in_plain_lithuanian(staff_client, project):
    response = staff_client.post(create_url(project), report_data(jobs_created="3,333"))
    assert response.context["form"].errors["jobs_created"] == ["Po kablelio gali būti ne daugiau kaip 2 skaitmenys."]


@pytest.mark.parametrize("typed", ["٨", "１８", "1.0"])
def test_a_count_in_digits_of_another_script_is_refused_quoting_it(staff_client, project, typed):
    response = staff_client.post(create_url(project), report_data(participants=typed))
    assert response.context["form"].errors["participants"] == [f"Įveskite sveikąjį skaičių, o ne „{typed}“."]
    assert not ProgressReport.objects.exists()
