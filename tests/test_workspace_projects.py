"""Staff keep organisations and projects, with partners and target groups inline, and read their history."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db.models import ProtectedError
from django.test import Client

from common.roles import STAFF_GROUP
from participants.models import ProgressReport
from projects.models import Organisation, Project

from .conftest import (
    _user,
    inline,
    make_node,
    make_organisation,
    make_project,
    make_report,
    make_strategy,
    make_target_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    node = make_node(make_strategy(), "1.1.1")
    return {
        "node": node,
        "promoter": make_organisation("Rokiškio socialinės paramos centras"),
        "partner": make_organisation("Rokiškio rajono savivaldybė"),
        "seniors": make_target_group("Senjorai", "Seniors"),
        "disabled": make_target_group("Neįgalieji", "People with disabilities"),
    }


def project_data(world, partners=(), groups=(), **fields):
    data = {
        "code": "08.6.1-ESFA-T-927-01-0525",
        "title": "Bendradarbiavimas ir informacijos apie socialines paslaugas sklaida Rokiškio mieste",
        "description": "",
        "node": str(world["node"].pk),
        "promoter": str(world["promoter"].pk),
        "status": "in_progress",
        "start_date": "2020-12-10",
        "end_date": "2021-12-10",
        "total_cost": "129 850,00",
        "grant": "129 850,00",
        "own_contribution": "",
        "planned_participants": "40",
        "planned_volunteers": "",
        "planned_jobs": "",
        "how_to_join": "",
        "contact": "",
        **fields,
    }
    data.update(inline("partners", partners))
    data.update(inline("groups", groups))
    return data


def test_staff_create_a_project_with_partners_and_target_groups(staff_client, world):
    response = staff_client.post(
        "/darbas/projektai/naujas/",
        project_data(
            world,
            partners=[{"organisation": world["partner"].pk, "role": "informacijos sklaida"}],
            groups=[
                {"target_group": world["seniors"].pk, "planned_participants": "25"},
                {"target_group": world["disabled"].pk, "planned_participants": "15"},
            ],
        ),
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/darbas/projektai/{project.slug}/"
    assert project.total_cost == Decimal("129850.00")
    assert project.code == "08.6.1-ESFA-T-927-01-0525"
    assert [(p.organisation.name, p.role) for p in project.partnerships.all()] == [
        ("Rokiškio rajono savivaldybė", "informacijos sklaida")
    ]
    assert {g.target_group.name: g.planned_participants for g in project.project_target_groups.all()} == {
        "Senjorai": 25,
        "Neįgalieji": 15,
    }
    assert [str(m) for m in response.wsgi_request._messages] == ["Projektas sukurtas."]
    # the partner and target-group rows are kept in the history with the project's reason
    assert set(project.partnerships.model.history.values_list("history_change_reason", flat=True)) == {
        "workspace: create"
    }
    assert set(project.project_target_groups.model.history.values_list("history_change_reason", flat=True)) == {
        "workspace: create"
    }


def test_staff_edit_a_project_and_remove_a_target_group(staff_client, world):
    project = make_project(world["node"], "Pokyčių keliu", promoter=world["promoter"])
    row = project.project_target_groups.create(target_group=world["seniors"], planned_participants=10)
    data = project_data(world, title="Pokyčių keliu", code="", version=project.version)
    data.update(
        inline(
            "groups",
            [{"id": row.pk, "target_group": world["seniors"].pk, "planned_participants": "10", "DELETE": "on"}],
            initial=1,
        )
    )
    response = staff_client.post(f"/darbas/projektai/{project.slug}/keisti/", data)
    assert response.status_code == 302
    assert not project.project_target_groups.exists()


def test_a_changed_role_is_written_once_on_the_same_row_and_an_untouched_row_not_at_all(staff_client, world):
    project = make_project(world["node"], "Pokyčių keliu", promoter=world["promoter"])
    link = project.partnerships.create(organisation=world["partner"], role="informavimas")
    group = project.project_target_groups.create(target_group=world["seniors"], planned_participants=10)
    data = project_data(world, title="Pokyčių keliu", code="", version=project.version)
    data.update(
        inline("partners", [{"id": link.pk, "organisation": world["partner"].pk, "role": "mokymai"}], initial=1)
    )
    data.update(
        inline(
            "groups",
            [{"id": group.pk, "target_group": world["seniors"].pk, "planned_participants": "10"}],
            initial=1,
        )
    )
    assert staff_client.post(f"/darbas/projektai/{project.slug}/keisti/", data).status_code == 302
    kept = project.partnerships.get()
    assert (kept.pk, kept.role) == (link.pk, "mokymai")
    assert [h.history_change_reason for h in kept.history.all()] == ["workspace: save", None]
    assert group.history.count() == 1  # only its creation: nothing about it changed


def test_a_create_form_sent_twice_creates_one_project_and_one_organisation(staff_client, world):
    page = staff_client.get("/darbas/projektai/naujas/").content.decode()
    key = re.search(r'name="submission" value="([0-9a-f-]{36})"', page).group(1)
    data = project_data(world, code="", submission=key)
    first = staff_client.post("/darbas/projektai/naujas/", data)
    again = staff_client.post("/darbas/projektai/naujas/", data)  # the double click's second request
    project = Project.objects.get()
    assert first["Location"] == again["Location"] == f"/darbas/projektai/{project.slug}/"
    assert [str(m) for m in again.wsgi_request._messages][-1] == (
        "Tai jau išsaugota: forma buvo išsiųsta du kartus, ir sukurta vieną kartą."
    )
    assert 'name="submission"' not in staff_client.get(f"/darbas/projektai/{project.slug}/keisti/").content.decode()
    organisation = {"name": "Asociacija „Kartu“", "legal_form": "asociacija", "sector": "civil", "submission": key}
    staff_client.post("/darbas/organizacijos/nauja/", organisation)
    staff_client.post("/darbas/organizacijos/nauja/", organisation)
    assert Organisation.objects.filter(name="Asociacija „Kartu“").count() == 1


def test_a_grant_and_own_contribution_above_the_eligible_cost_are_refused_naming_the_sums(staff_client, world):
    data = project_data(world, total_cost="12 000,50", grant="10 000", own_contribution="5 000")
    response = staff_client.post("/darbas/projektai/naujas/", data)
    assert response.context["form"].errors["own_contribution"] == [
        "Paramos suma (10\u00a0000,00\u00a0€) ir nuosavas įnašas (5\u00a0000,00\u00a0€) kartu viršija visas tinkamas "
        "finansuoti išlaidas (12\u00a0000,50\u00a0€)."
    ]
    assert not Project.objects.exists()
    data.update(own_contribution="2 000,50")  # 12 000,50 exactly: the grant and the contribution pay it all
    assert staff_client.post("/darbas/projektai/naujas/", data).status_code == 302


def test_new_dates_that_would_leave_a_report_outside_the_project_are_refused_naming_the_report(staff_client, world):
    assert staff_client.post("/darbas/projektai/naujas/", project_data(world)).status_code == 302
    project = Project.objects.get()
    make_report(project, "2021-01-01", "2021-03-31", participants=5)
    make_report(project, "2021-10-01", "2021-12-10", participants=5)
    url = f"/darbas/projektai/{project.slug}/keisti/"
    data = project_data(world, start_date="2021-02-01", end_date="2021-11-30", version=project.version)
    errors = staff_client.post(url, data).context["form"].errors
    assert errors["start_date"] == [
        "Ataskaita už 2021-01-01 – 2021-03-31 liktų už projekto laikotarpio ribų: "
        "pirmiausia pakeiskite tos ataskaitos laikotarpį (patvirtintą ataskaitą pirma grąžinkite)."
    ]
    assert errors["end_date"] == [
        "Ataskaita už 2021-10-01 – 2021-12-10 liktų už projekto laikotarpio ribų: "
        "pirmiausia pakeiskite tos ataskaitos laikotarpį (patvirtintą ataskaitą pirma grąžinkite)."
    ]
    assert Project.objects.get().start_date == datetime.date(2020, 12, 10)
    data.update(start_date="2021-01-01", end_date="2021-12-10")  # still around both reports
    assert staff_client.post(url, data).status_code == 302
    # a project saved before the rule with a report outside its dates: other changes still save
    Project.objects.filter(pk=project.pk).update(start_date=datetime.date(2021, 2, 1))
    project.refresh_from_db()
    data.update(start_date="2021-02-01", contact="Tel. 8 389 00000", version=project.version)
    assert staff_client.post(url, data).status_code == 302


def test_the_promoter_is_not_also_a_partner_of_its_project(staff_client, world):
    partners = [{"organisation": world["promoter"].pk, "role": "partnerė"}]
    response = staff_client.post("/darbas/projektai/naujas/", project_data(world, partners=partners))
    assert response.context["formsets"]["partners"].forms[0].errors["organisation"] == [
        "„Rokiškio socialinės paramos centras“ yra projekto vykdytojas, todėl negali būti ir jo partneris."
    ]
    assert not Project.objects.exists()


def test_a_target_group_planned_beyond_the_projects_participants_is_refused_naming_both(staff_client, world):
    groups = [{"target_group": world["seniors"].pk, "planned_participants": "500"}]
    response = staff_client.post(
        "/darbas/projektai/naujas/", project_data(world, planned_participants="20", groups=groups)
    )
    assert response.context["formsets"]["target_groups"].errors[0]["planned_participants"] == [
        "Senjorai: planuojama 500 dalyvių, daugiau nei projektas iš viso planuoja (20)."
    ]
    assert not Project.objects.exists()
    groups = [{"target_group": world["seniors"].pk, "planned_participants": "20"}]  # a group may be all of them
    data = project_data(world, planned_participants="20", groups=groups)
    assert staff_client.post("/darbas/projektai/naujas/", data).status_code == 302


def test_a_project_date_outside_the_years_any_strategy_runs_is_refused_naming_it(staff_client, world):
    response = staff_client.post("/darbas/projektai/naujas/", project_data(world, start_date="0001-01-01"))
    assert response.context["form"].errors["start_date"] == [
        "Įveskite datą nuo 2000-01-01 iki 2100-12-31, o ne 0001-01-01."
    ]
    assert not Project.objects.exists()


def test_the_project_form_explains_what_is_wrong(staff_client, world):
    response = staff_client.post(
        "/darbas/projektai/naujas/",
        project_data(
            world,
            end_date="2020-01-01",
            grant="200 000,00",
            planned_participants="-5",
            groups=[
                {"target_group": world["seniors"].pk, "planned_participants": "-1"},
            ],
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["end_date"] == ["Pabaigos data negali būti ankstesnė už pradžios datą."]
    assert errors["grant"] == [
        "Paramos suma (200\u00a0000,00\u00a0€) negali viršyti visų tinkamų finansuoti išlaidų (129\u00a0850,00\u00a0€)."
    ]
    assert errors["planned_participants"] == ["Skaičius negali būti neigiamas (-5)."]
    assert response.context["formsets"]["target_groups"].errors[0]["planned_participants"] == [
        "Skaičius negali būti neigiamas (-1)."
    ]
    assert not Project.objects.exists()
    # the long form's errors are listed first, each linked to its field, in a box the browser focuses
    summary = response.content.decode().split('class="alert alert-danger error-summary"')[1].split("</div>")[0]
    assert "autofocus" in summary and "Nieko neišsaugota: reikia pataisyti 4 dalykus" in summary
    assert '<a href="#id_end_date" class="alert-link">Pabaigos data</a>: Pabaigos data negali būti' in summary
    assert '<a href="#id_groups-0-planned_participants" class="alert-link">Tikslinės grupės, eilutė 1 · ' in summary


def test_staff_read_the_project_history(staff_client, staff, world):
    staff_client.post("/darbas/projektai/naujas/", project_data(world))
    project = Project.objects.get()
    staff_client.post(
        f"/darbas/projektai/{project.slug}/keisti/", project_data(world, status="completed", version=project.version)
    )
    response = staff_client.get(f"/darbas/projektai/{project.slug}/istorija/")
    changed, created = response.context["entries"]
    assert (changed.action, changed.who) == ("pakeista", staff)
    assert [(c.label, c.old, c.new) for c in changed.changes] == [("būsena", "įgyvendinamas", "įgyvendintas")]
    assert created.action == "sukurta"
    assert ("vykdytojas", "—", "Rokiškio socialinės paramos centras") in [
        (c.label, c.old, c.new) for c in created.changes
    ]
    assert "įgyvendinamas → įgyvendintas" in response.content.decode()


def test_project_history_shows_partners_and_target_groups(staff_client, world):
    staff_client.post(
        "/darbas/projektai/naujas/",
        project_data(
            world,
            partners=[{"organisation": world["partner"].pk, "role": "informavimas"}],
            groups=[{"target_group": world["seniors"].pk, "planned_participants": "40"}],
        ),
    )
    project = Project.objects.get()
    row = project.project_target_groups.get()
    data = project_data(world, partners=[], version=project.version)
    data.update(
        inline(
            "groups",
            [{"id": row.pk, "target_group": world["seniors"].pk, "planned_participants": "25"}],
            initial=1,
        )
    )
    staff_client.post(f"/darbas/projektai/{project.slug}/keisti/", data)
    entries = staff_client.get(f"/darbas/projektai/{project.slug}/istorija/").context["entries"]
    subjects = {(e.subject, e.action) for e in entries}
    assert ("Tikslinė grupė: Senjorai", "pakeista") in subjects
    assert ("Partneris: Rokiškio rajono savivaldybė", "sukurta") in subjects
    changed = next(e for e in entries if e.subject == "Tikslinė grupė: Senjorai" and e.action == "pakeista")
    assert [(c.old, c.new) for c in changed.changes] == [("40", "25")]


def test_deleting_a_project_asks_first(staff_client, world):
    project = make_project(world["node"], "Laikas verslui", promoter=world["promoter"])
    make_report(project, "2024-01-01", "2024-03-31", status=ProgressReport.Status.SUBMITTED)
    response = staff_client.get(f"/darbas/projektai/{project.slug}/istrinti/")
    assert "„Laikas verslui“ ir jo 1 pažangos ataskaita bus ištrinti." in response.content.decode()
    assert Project.objects.exists()
    response = staff_client.post(f"/darbas/projektai/{project.slug}/istrinti/", {"version": project.version})
    assert response["Location"] == "/darbas/projektai/"
    assert not Project.objects.exists() and not ProgressReport.objects.exists()


def test_staff_create_and_edit_an_organisation(staff_client):
    data = {"name": "UAB „Rigera“", "legal_form": "uab", "sector": "business", "company_code": "123456789"}
    response = staff_client.post("/darbas/organizacijos/nauja/", data)
    organisation = Organisation.objects.get()
    assert response["Location"] == "/darbas/organizacijos/"
    assert (organisation.name, organisation.sector) == ("UAB „Rigera“", "business")
    response = staff_client.post(
        f"/darbas/organizacijos/{organisation.slug}/keisti/", {**data, "company_code": "12345", "version": 1}
    )
    errors = response.context["form"].errors
    assert errors["company_code"] == ["Įmonės kodą sudaro lygiai 9 skaitmenys („12345“ netinka)."]
    response = staff_client.post(
        f"/darbas/organizacijos/{organisation.slug}/keisti/", {**data, "phone": "+370 389 00000", "version": 1}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.phone == "+370 389 00000"
    history = staff_client.get(f"/darbas/organizacijos/{organisation.slug}/istorija/").context["entries"]
    assert [(c.label, c.new) for c in history[0].changes] == [("telefonas", "+370 389 00000")]


@pytest.mark.parametrize(
    "typed", ['UAB "Rigera"', "uab „rigera“", "UAB  „Rigera“ ", "UAB ‚Rigera‘", "UAB 'Rigera'", "UAB Rigera"]
)
def test_a_name_that_differs_from_an_organisations_only_in_capitals_spaces_or_quotes_is_refused_naming_it(
    staff_client, typed
):
    make_organisation("UAB „Rigera“")
    response = staff_client.post("/darbas/organizacijos/nauja/", {"name": typed})
    assert response.context["form"].errors["name"] == [
        f"„UAB „Rigera““ jau yra portale, o „{typed.strip()}“ skiriasi tik didžiosiomis raidėmis, tarpais ar "
        "kabutėmis: pasirinkite tą organizaciją arba pavadinime atskirkite jas."
    ]
    response = staff_client.post("/darbas/organizacijos/nauja/", {"name": "UAB „Rigera“"})
    assert response.context["form"].errors["name"] == ["Organizacija tokiu pavadinimu jau yra portale."]
    assert Organisation.objects.count() == 1


def test_an_organisation_with_projects_is_not_deleted(staff_client, world):
    make_project(world["node"], "Pokyčių keliu", promoter=world["promoter"])
    response = staff_client.post(
        f"/darbas/organizacijos/{world['promoter'].slug}/istrinti/", {"version": world["promoter"].version}
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(pk=world["promoter"].pk).exists()
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Organizacija vykdo projektus arba yra jų partnerė, todėl jos ištrinti negalima."
    ]


def test_the_project_list_takes_the_same_number_of_queries_at_any_size(staff_client, world, django_assert_num_queries):
    for size in (2, 10):
        for i in range(size):
            make_project(world["node"], f"Projektas {size}-{i}", end_date=datetime.date(2030, 1, 1))
        with django_assert_num_queries(7):  # session, user, permissions (2), the page's count, the projects, profile
            response = staff_client.get("/darbas/projektai/")
        assert len(response.context["page"].object_list) == Project.objects.count()


# --- no lost updates ----------------------------------------------------------------------------------------


def test_a_stale_project_save_is_refused_and_keeps_what_was_typed(staff_client, world):
    project = make_project(world["node"], "Pokyčių keliu", promoter=world["promoter"], code="07-007-P-0001")
    read_version = project.version  # both open the form now
    other = Client()
    other.force_login(_colleague())
    response = other.post(
        f"/darbas/projektai/{project.slug}/keisti/",
        project_data(world, title="Pokyčių keliu", code="07-007-P-0001", status="completed", version=read_version),
    )
    assert response.status_code == 302

    response = staff_client.post(
        f"/darbas/projektai/{project.slug}/keisti/",
        project_data(world, title="Mano pavadinimas", code="07-007-P-0001", version=read_version),
    )

    assert response.status_code == 409
    project.refresh_from_db()
    assert (project.title, project.status, project.version) == ("Pokyčių keliu", "completed", read_version + 1)
    form = response.context["form"]
    assert form["title"].value() == "Mano pavadinimas"
    assert form["version"].value() == project.version  # saving again now overwrites on purpose
    html = response.content.decode()
    assert "Kažkas kitas pakeitė šį projektą" in html
    assert "Išsaugota versija – Rasa Kolegė" in html

    response = staff_client.post(f"/darbas/projektai/{project.slug}/keisti/", form.data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Mano pavadinimas"


def test_a_stale_organisation_save_is_refused(staff_client, world):
    organisation = world["partner"]
    data = {"name": organisation.name, "phone": "8 389 11111", "version": organisation.version}
    assert staff_client.post(f"/darbas/organizacijos/{organisation.slug}/keisti/", data).status_code == 302

    response = staff_client.post(f"/darbas/organizacijos/{organisation.slug}/keisti/", {**data, "phone": "8 389 22222"})

    assert response.status_code == 409
    organisation.refresh_from_db()
    assert (organisation.phone, organisation.version) == ("8 389 11111", 2)
    assert response.context["form"]["phone"].value() == "8 389 22222"
    assert "Kažkas kitas pakeitė šią organizaciją" in response.content.decode()


def test_every_save_bumps_the_version_and_history_says_the_workspace(staff_client, world):
    staff_client.post("/darbas/projektai/naujas/", project_data(world))
    project = Project.objects.get()
    assert project.version == 1
    staff_client.post(f"/darbas/projektai/{project.slug}/keisti/", project_data(world, status="completed", version=1))
    project.refresh_from_db()
    assert project.version == 2
    assert list(project.history.values_list("history_change_reason", flat=True)) == [
        "workspace: save",
        "workspace: create",
    ]


def test_two_projects_may_not_share_a_code_and_the_message_names_the_field(staff_client, world):
    make_project(world["node"], "Pirmas", promoter=world["promoter"], code="08.6.1-ESFA-T-927-01-0525")
    response = staff_client.post("/darbas/projektai/naujas/", project_data(world))
    assert response.context["form"].errors["code"] == ["Kitas projektas jau turi šį kodą."]


def _colleague():
    return _user("rasa", STAFF_GROUP, first_name="Rasa", last_name="Kolegė", is_staff=True)


def test_a_project_with_an_approved_report_is_not_deleted_and_the_page_says_what_to_do(staff_client, world):
    project = make_project(world["node"], "Pokyčių keliu", promoter=world["promoter"])
    approved = make_report(project, "2024-01-01", "2024-03-31", participants=5)
    draft = make_report(project, "2024-04-01", "2024-06-30", status=ProgressReport.Status.DRAFT)
    url = f"/darbas/projektai/{project.slug}/istrinti/"
    page = " ".join(staff_client.get(url).content.decode().split())
    assert "turi 1 patvirtintą pažangos ataskaitą" in page and "Taip, ištrinti" not in page
    response = staff_client.post(url, {"version": project.version})
    assert response.status_code == 302 and response.url == f"/darbas/projektai/{project.slug}/"
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Projektas turi patvirtintų pažangos ataskaitų: jų skaičiai vieši. Norėdami ištrinti projektą, pirmiausia "
        "jas grąžinkite arba pažymėkite projektą nutrauktu."
    ]
    assert ProgressReport.objects.filter(pk__in=[approved.pk, draft.pk]).count() == 2
    with pytest.raises(ProtectedError):  # a shell meets the same rule
        Project.objects.get(pk=project.pk).delete()


def test_a_project_without_approved_reports_is_deleted_with_them(staff_client, world):
    project = make_project(world["node"], "Pokyčių keliu", promoter=world["promoter"])
    make_report(project, "2024-01-01", "2024-03-31", status=ProgressReport.Status.RETURNED)
    make_report(project, "2024-04-01", "2024-06-30", status=ProgressReport.Status.DRAFT)
    url = f"/darbas/projektai/{project.slug}/istrinti/"
    assert "ir jo 2 pažangos ataskaitos bus ištrinti" in " ".join(staff_client.get(url).content.decode().split())
    response = staff_client.post(url, {"version": project.version})
    assert response.status_code == 302 and response.url == "/darbas/projektai/"
    assert [str(m) for m in response.wsgi_request._messages] == ["Projektas „Pokyčių keliu“ ištrintas."]
    assert not Project.objects.filter(pk=project.pk).exists()
    assert not ProgressReport.objects.filter(project_id=project.pk).exists()


MISSING_VERSION = "Puslapyje nenurodyta, kurią versiją skaitėte"


def test_an_edit_posted_without_the_version_is_refused_instead_of_overwriting(staff_client, world):
    # Without the hidden version a save skipped the stale check: a page from before a colleague's change overwrote it.
    project = make_project(world["node"], "Pokyčių keliu", promoter=world["promoter"], code="07-007-P-0001")
    data = project_data(world, title="Mano pavadinimas", code="07-007-P-0001")
    assert "version" not in data
    response = staff_client.post(f"/darbas/projektai/{project.slug}/keisti/", data)
    assert response.status_code == 200
    assert MISSING_VERSION in response.content.decode()
    project.refresh_from_db()
    assert (project.title, project.version) == ("Pokyčių keliu", 1)
    organisation = world["partner"]
    response = staff_client.post(
        f"/darbas/organizacijos/{organisation.slug}/keisti/", {"name": "Kitas vardas", "phone": "8 389 11111"}
    )
    assert response.status_code == 200
    assert MISSING_VERSION in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.name, organisation.phone, organisation.version) == ("Rokiškio rajono savivaldybė", "", 1)


def test_a_partner_row_of_another_project_is_named_and_nothing_is_saved(staff_client, world):
    project = make_project(world["node"], "Pokyčių keliu", promoter=world["promoter"])
    other = make_project(world["node"], "Kitas projektas", promoter=world["promoter"])
    foreign = other.partnerships.create(organisation=world["partner"], role="sklaida")
    data = project_data(world, title="Naujas pavadinimas", version=project.version)
    row = {"id": foreign.pk, "organisation": world["partner"].pk, "role": "kita"}
    data.update(inline("partners", [row], initial=1))
    response = staff_client.post(f"/darbas/projektai/{project.slug}/keisti/", data)
    assert response.status_code == 200  # was a redirect with "saved", the row dropped without a word
    assert f"1 eilutės (įrašo „{foreign.pk}“) nebėra tarp šio puslapio eilučių" in response.content.decode()
    project.refresh_from_db()
    assert project.title == "Pokyčių keliu"
    assert list(other.partnerships.values_list("role", flat=True)) == ["sklaida"]


def test_a_form_whose_rows_were_tampered_with_says_so_in_lithuanian(staff_client, world):
    data = {k: v for k, v in project_data(world).items() if not k.startswith("partners-")}
    page = staff_client.post("/darbas/projektai/naujas/", data).content.decode()
    assert "Trūksta formos eilučių duomenų arba jie pakeisti" in page and "ManagementForm" not in page
    data = project_data(world)
    data.update({"groups-TOTAL_FORMS": "100000"})
    page = staff_client.post("/darbas/projektai/naujas/", data).content.decode()
    assert "Pateikite ne daugiau kaip 200 eilučių." in page and "Please submit" not in page
    assert not Project.objects.exists()


def test_a_target_group_chosen_twice_is_named_in_words_not_by_its_column(staff_client, world):
    groups = [{"target_group": world["seniors"].pk, "planned_participants": "5"}] * 2
    page = staff_client.post("/darbas/projektai/naujas/", project_data(world, groups=groups)).content.decode()
    summary = page.split('class="alert alert-danger error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Tikslinės grupės: Dvi eilutės nurodo tą patį: tikslinė grupė. Palikite vieną." in summary
    assert "Tikslinės grupės, eilutė 2: Ši eilutė kartoja kitą." in summary
    assert "target_group" not in page.split("<form", 1)[0]
    assert not Project.objects.exists()


def test_a_repeated_row_does_not_hide_the_other_rows_errors(staff_client, world):
    """Django's check for repeated rows raises: the rows' own rules run first, so every error shows at once."""
    groups = [
        {"target_group": world["seniors"].pk, "planned_participants": "5"},
        {"target_group": world["seniors"].pk, "planned_participants": "5"},
        {"target_group": world["disabled"].pk, "planned_participants": "150"},
    ]
    partners = [{"organisation": world["promoter"].pk, "role": ""}, {"organisation": world["promoter"].pk, "role": ""}]
    response = staff_client.post("/darbas/projektai/naujas/", project_data(world, groups=groups, partners=partners))
    formsets = response.context["formsets"]
    assert formsets["target_groups"].forms[2].errors["planned_participants"] == [
        "Neįgalieji: planuojama 150 dalyvių, daugiau nei projektas iš viso planuoja (40)."
    ]
    assert "yra projekto vykdytojas" in formsets["partners"].forms[0].errors["organisation"][0]
    assert formsets["target_groups"].non_form_errors()  # the repeated Senjorai, said as well
    # the rows' own error box comes right after their heading, which Bootstrap then clears (not under the heading)
    after_heading = response.content.decode().split("Tikslinės grupės ir planuojami dalyviai</legend>", 1)[1]
    assert after_heading.lstrip().startswith('<div class="alert alert-danger"')
    assert not Project.objects.exists()


def test_twins_kept_from_before_the_rule_can_still_be_edited(staff_client):
    make_organisation("Naujoji org")
    twin = make_organisation("naujoji  ORG")  # saved before names were compared
    url = f"/darbas/organizacijos/{twin.slug}/keisti/"
    response = staff_client.post(url, {"name": "naujoji  ORG", "phone": "8 389 11111", "version": twin.version})
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.phone == "8 389 11111"
