"""Approving and returning ask first on a page of their own; the report list says who submitted; four eyes."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from participants import services
from participants.models import ProgressReport

from .conftest import _user, make_node, make_project, make_report, make_strategy

pytestmark = pytest.mark.django_db

Status = ProgressReport.Status


@pytest.fixture
def project(db):
    node = make_node(make_strategy(), "1.1.1")
    return make_project(node, "Senjorų klubas", start_date=datetime.date(2024, 1, 1))


@pytest.fixture
def submitted_by_staff(project, staff):
    report = make_report(project, "2024-01-01", "2024-03-31", status=Status.DRAFT, participants=12)
    return services.report_submit(report=report, user=staff)


@pytest.fixture
def colleague(db):
    from common.roles import STAFF_GROUP

    return _user("rasa", STAFF_GROUP, first_name="Rasa", last_name="Kolegė")


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_report_page_links_to_confirmation_pages_instead_of_acting_at_once(staff_client, submitted_by_staff):
    html = staff_client.get(f"/darbas/ataskaitos/{submitted_by_staff.pk}/").content.decode()
    assert f'<a class="btn btn-success" href="/darbas/ataskaitos/{submitted_by_staff.pk}/patvirtinti/">' in html
    assert f'<form method="post" action="/darbas/ataskaitos/{submitted_by_staff.pk}/patvirtinti/">' not in html


def test_the_confirmation_page_repeats_the_figures_and_who_submitted(staff_client, submitted_by_staff):
    response = staff_client.get(f"/darbas/ataskaitos/{submitted_by_staff.pk}/patvirtinti/")
    html = response.content.decode()
    assert "Patvirtinti ataskaitą?" in html
    assert '<td class="text-end figure-number">12</td>' in html
    assert "Pateikė Vida Darbuotoja" in html


def test_a_return_without_a_comment_stays_on_its_confirmation_page(staff_client, submitted_by_staff):
    url = f"/darbas/ataskaitos/{submitted_by_staff.pk}/grazinti/"
    response = staff_client.post(url, {"version": submitted_by_staff.version, "comment": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["comment"] == [
        "Parašykite, ką reikia pataisyti, prieš grąžindami ataskaitą."
    ]
    submitted_by_staff.refresh_from_db()
    assert submitted_by_staff.status == Status.SUBMITTED


def test_a_refused_return_comment_is_shown_again_as_typed_with_what_is_wrong(staff_client, submitted_by_staff):
    url = f"/darbas/ataskaitos/{submitted_by_staff.pk}/grazinti/"
    typed = "Trūksta tikslinių grupių. " * 80  # 2 080 characters: over the limit of 2 000
    response = staff_client.post(url, {"version": submitted_by_staff.version, "comment": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"\n{typed}</textarea>" in page  # nothing typed is lost
    assert 'aria-invalid="true"' in page and "is-invalid" in page
    assert "ne daugiau kaip 2000 ženklų" in response.context["form"].errors["comment"][0]
    submitted_by_staff.refresh_from_db()
    assert (submitted_by_staff.status, submitted_by_staff.return_comment) == (Status.SUBMITTED, "")


def test_a_workflow_button_without_its_version_says_so_in_words_a_user_can_act_on(staff_client, submitted_by_staff):
    response = staff_client.post(f"/darbas/ataskaitos/{submitted_by_staff.pk}/patvirtinti/", {"version": "x"})
    assert response["Location"] == f"/darbas/ataskaitos/{submitted_by_staff.pk}/"
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Puslapis nenurodė, kurią ataskaitos versiją rodė. Atverkite ataskaitą iš naujo ir bandykite dar kartą."
    ]
    submitted_by_staff.refresh_from_db()
    assert submitted_by_staff.status == Status.SUBMITTED


def test_the_report_list_shows_who_submitted_each_report(staff_client, submitted_by_staff):
    html = staff_client.get("/darbas/ataskaitos/").content.decode()
    assert '<th scope="col">Pateikė</th>' in html
    assert "<td>Vida Darbuotoja</td>" in html


def test_without_four_eyes_the_submitter_may_approve(settings, staff, submitted_by_staff):
    settings.FOUR_EYES = False
    services.report_approve(report=submitted_by_staff, user=staff, version=submitted_by_staff.version)
    assert ProgressReport.objects.get().status == Status.APPROVED


def test_with_four_eyes_the_service_refuses_the_submitter(settings, staff, submitted_by_staff):
    settings.FOUR_EYES = True
    with pytest.raises(services.ReportConflict, match="kažkas kitas"):
        services.report_approve(report=submitted_by_staff, user=staff, version=submitted_by_staff.version)
    report = ProgressReport.objects.get()
    assert (report.status, report.version, report.approved_by) == (Status.SUBMITTED, submitted_by_staff.version, None)


def test_with_four_eyes_a_posted_approval_by_the_submitter_changes_nothing(settings, staff, submitted_by_staff):
    settings.FOUR_EYES = True
    client = _client_for(staff)
    url = f"/darbas/ataskaitos/{submitted_by_staff.pk}/patvirtinti/"
    confirm = client.get(url).content.decode()
    assert "keturių akių" in confirm and f'action="{url}"' not in confirm  # no button to press
    response = client.post(url, {"version": submitted_by_staff.version})
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Šią ataskaitą pateikėte jūs, todėl ją turi patvirtinti kažkas kitas (keturių akių taisyklė)."]
    assert ProgressReport.objects.get().status == Status.SUBMITTED


def test_with_four_eyes_a_colleague_approves(settings, colleague, submitted_by_staff):
    settings.FOUR_EYES = True
    client = _client_for(colleague)
    response = client.post(
        f"/darbas/ataskaitos/{submitted_by_staff.pk}/patvirtinti/", {"version": submitted_by_staff.version}
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.status, report.approved_by) == (Status.APPROVED, colleague)
