"""VVG staff can keep the whole strategy, a project and an approved report through the admin."""

import datetime
from decimal import Decimal

import pytest

from participants.models import ProgressReport
from projects.models import Project
from strategies.models import Indicator, Milestone, Node, Strategy

from .conftest import inline, make_indicator, make_node, make_organisation, make_strategy, make_target_group

pytestmark = pytest.mark.django_db


def test_staff_adds_a_three_level_strategy_a_project_and_a_report_approved_in_the_workspace(staff_client):
    response = staff_client.post(
        "/admin/strategies/strategy/add/",
        {
            "code": "2023-2029",
            "title": "Utenos miesto VPS",
            "start_year": "2023",
            "end_year": "2029",
            "status": "in_force",
            "level_names": "Tikslas, Uždavinys, Veiksmas",
            "level_names_en": "Goal, Objective, Action",
            "fund": "ESF+",  # the form's initial values, as the admin page fills them in
            "co_financing_rate": "85",
            **inline("nodes", [{"code": "1", "title": "Socialinė įtrauktis"}]),
            **inline("milestones"),
        },
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    strategy = Strategy.objects.get(code="2023-2029")
    goal = strategy.nodes.get(code="1")

    url = f"/admin/strategies/strategy/{strategy.pk}/change/"
    for code, parent in [("1.2", goal), ("1.2.3", None)]:
        parent = parent or strategy.nodes.get(code="1.2")
        existing = list(strategy.nodes.all())
        rows = [
            {"id": n.pk, "strategy": strategy.pk, "code": n.code, "title": n.title, "parent": n.parent_id or ""}
            for n in existing
        ]
        rows.append({"strategy": strategy.pk, "code": code, "title": f"Veiksmas {code}", "parent": parent.pk})
        response = staff_client.post(
            url,
            {
                "code": "2023-2029",
                "title": "Utenos miesto VPS",
                "start_year": "2023",
                "end_year": "2029",
                "status": "in_force",
                "level_names": "Tikslas, Uždavinys, Veiksmas",
                "level_names_en": "Goal",
                "fund": "ESF+",
                "co_financing_rate": "85",
                **inline("nodes", rows, initial=len(existing)),
                **inline("milestones"),
            },
        )
        assert response.status_code == 302
    action = Node.objects.get(strategy=strategy, code="1.2.3")
    assert action.depth == 2 and action.level_name == "Veiksmas"

    promoter, seniors = make_organisation(), make_target_group()
    response = staff_client.post(
        "/admin/projects/project/add/",
        {
            "code": "07-007-P-0001",
            "title": "Kompleksinės paslaugos",
            "slug": "kompleksines-paslaugos",
            "node": action.pk,
            "promoter": promoter.pk,
            "status": "in_progress",
            "start_date": "2023-03-01",
            "end_date": "2023-12-31",
            **inline("partnerships"),
            **inline("project_target_groups", [{"target_group": seniors.pk, "planned_participants": "125"}]),
        },
    )
    assert response.status_code == 302
    project = Project.objects.get(code="07-007-P-0001")
    assert project.project_target_groups.get().planned_participants == 125

    response = staff_client.post(
        "/admin/participants/progressreport/add/",
        {
            "project": project.pk,
            "period_start": "2023-03-01",
            "period_end": "2023-12-31",
            "status": "approved",  # read-only in the admin: ignored
            "participants": "189",
            **inline("breakdown", [{"target_group": seniors.pk, "participants": "60"}]),
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.status, report.participants, report.created_by.username) == ("draft", 189, "vida")
    assert report.breakdown.get().participants == 60
    for step in ("pateikti", "patvirtinti"):
        staff_client.post(f"/darbas/ataskaitos/{report.pk}/{step}/", {"version": report.version})
        report.refresh_from_db()
    assert (report.status, report.approved_by.username) == ("approved", "vida")


def test_admin_refuses_a_breakdown_above_the_total(staff_client):
    from .conftest import make_node, make_project, make_strategy

    project = make_project(make_node(make_strategy(), "1"))
    group = make_target_group()
    response = staff_client.post(
        "/admin/participants/progressreport/add/",
        {
            "project": project.pk,
            "period_start": "2024-01-01",
            "period_end": "2024-03-31",
            "status": "draft",
            "participants": "10",
            **inline("breakdown", [{"target_group": group.pk, "participants": "11"}]),
        },
    )
    assert response.status_code == 200
    assert not ProgressReport.objects.exists()
    assert "dalyvių (11) yra daugiau nei iš viso naujų dalyvių (10)" in response.content.decode()


def test_board_member_cannot_enter_the_admin(board_client):
    response = board_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- the admin keeps the workflow and the versions ---------------------------------------------------------


def _report_post(report, **fields):
    return {
        "version": report.version,
        "project": report.project_id,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "participants": str(report.participants or ""),
        **inline("breakdown"),
        **fields,
    }


@pytest.fixture
def report(db):
    from .conftest import make_node, make_project, make_report, make_strategy

    project = make_project(make_node(make_strategy(), "1"))
    return make_report(project, "2024-01-01", "2024-03-31", status=ProgressReport.Status.SUBMITTED, participants=10)


def test_the_admin_shows_the_workflow_fields_read_only(staff_client, report):
    html = staff_client.get(f"/admin/participants/progressreport/{report.pk}/change/").content.decode()
    assert 'name="status"' not in html and 'name="approved_by"' not in html
    assert 'name="participants"' in html

    response = staff_client.post(
        f"/admin/participants/progressreport/{report.pk}/change/", _report_post(report, status="approved")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.approved_by) == (ProgressReport.Status.SUBMITTED, None)


def test_the_admin_cannot_change_or_delete_an_approved_report(staff_client, report):
    ProgressReport.objects.filter(pk=report.pk).update(status=ProgressReport.Status.APPROVED)
    report.refresh_from_db()
    url = f"/admin/participants/progressreport/{report.pk}/"
    assert 'name="participants"' not in staff_client.get(f"{url}change/").content.decode()

    staff_client.post(f"{url}change/", _report_post(report, participants="777"))
    staff_client.post(f"{url}delete/", {"post": "yes"})

    report.refresh_from_db()
    assert (report.participants, report.version) == (10, 1)


def test_the_admins_whole_number_boxes_refuse_digits_of_another_script_quoting_them(staff_client, report):
    response = staff_client.post(
        f"/admin/participants/progressreport/{report.pk}/change/", _report_post(report, participants="１８")
    )
    assert "Įveskite sveikąjį skaičių, o ne „１８“." in response.content.decode()
    report.refresh_from_db()
    assert report.participants != 18


def test_an_admin_save_bumps_the_version_so_a_form_opened_before_it_is_refused(staff_client, report):
    opened_at = report.version  # a staff member opens the workspace form
    staff_client.post(
        f"/admin/participants/progressreport/{report.pk}/change/", _report_post(report, participants="12")
    )
    report.refresh_from_db()
    assert (report.participants, report.version) == (12, opened_at + 1)
    assert report.history.first().history_change_reason == "admin"

    response = staff_client.post(
        f"/darbas/ataskaitos/{report.pk}/keisti/",
        {"period_start": "2024-01-01", "period_end": "2024-03-31", "participants": "99", "version": opened_at},
    )

    assert response.status_code == 409
    report.refresh_from_db()
    assert report.participants == 12


def test_a_stale_admin_page_is_refused_and_keeps_what_was_typed(staff_client, report):
    stale = _report_post(report, participants="15")
    staff_client.post(
        f"/admin/participants/progressreport/{report.pk}/change/", _report_post(report, participants="12")
    )

    response = staff_client.post(f"/admin/participants/progressreport/{report.pk}/change/", stale)

    assert response.status_code == 200
    assert "Kažkas kitas tai išsaugojo, kol redagavote" in response.content.decode()
    assert 'name="participants" value="15"' in response.content.decode()
    report.refresh_from_db()
    assert report.participants == 12


def test_admin_saves_of_projects_and_organisations_bump_their_versions(staff_client):
    from .conftest import make_node, make_project, make_strategy

    project = make_project(make_node(make_strategy(), "1"), code="P-1")
    organisation = project.promoter
    response = staff_client.post(
        f"/admin/projects/organisation/{organisation.pk}/change/",
        {"version": 1, "name": organisation.name, "slug": organisation.slug, "phone": "8 389 12345"},
    )
    assert response.status_code == 302
    response = staff_client.post(
        f"/admin/projects/project/{project.pk}/change/",
        {
            "version": 1,
            "code": "P-1",
            "title": "Naujas pavadinimas",
            "slug": project.slug,
            "node": project.node_id,
            "promoter": organisation.pk,
            "status": "in_progress",
            **inline("partnerships"),
            **inline("project_target_groups"),
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    project.refresh_from_db()
    assert (organisation.version, project.version, project.title) == (2, 2, "Naujas pavadinimas")
    assert project.history.first().history_change_reason == "admin"


def test_the_admins_partner_and_target_group_rows_go_through_the_project_service(staff_client):
    from django.contrib.admin.models import LogEntry

    from projects.models import ProjectPartner, ProjectTargetGroup

    from .conftest import make_node, make_project, make_strategy

    project = make_project(make_node(make_strategy(), "1"), code="P-1")
    partner, seniors = make_organisation("Utenos kolegija"), make_target_group()
    fields = {"code": "P-1", "title": project.title, "slug": project.slug, "node": project.node_id,
              "promoter": project.promoter_id, "status": "in_progress"}  # fmt: skip
    response = staff_client.post(
        f"/admin/projects/project/{project.pk}/change/",
        {
            **fields,
            "version": 1,
            **inline("partnerships", [{"organisation": partner.pk, "role": "mokymai"}]),
            **inline("project_target_groups", [{"target_group": seniors.pk, "planned_participants": "30"}]),
        },
    )
    assert response.status_code == 302
    link = ProjectPartner.objects.get(project=project)
    assert (link.role, link.history.get().history_change_reason) == ("mokymai", "admin")
    assert "Utenos kolegija" in LogEntry.objects.latest("action_time").get_change_message()
    # the role changed, the group removed: the partner row stays the same row, with one more history row
    group_row = ProjectTargetGroup.objects.get(project=project)
    response = staff_client.post(
        f"/admin/projects/project/{project.pk}/change/",
        {
            **fields,
            "version": 2,
            **inline(
                "partnerships", [{"id": link.pk, "project": project.pk, "organisation": partner.pk, "role": "vedimas"}],
                initial=1,
            ),
            **inline(
                "project_target_groups",
                [{"id": group_row.pk, "project": project.pk, "target_group": seniors.pk, "planned_participants": "30",
                  "DELETE": "on"}],
                initial=1,
            ),
        },
    )  # fmt: skip
    assert response.status_code == 302
    kept = ProjectPartner.objects.get(project=project)
    assert (kept.pk, kept.role) == (link.pk, "vedimas")
    assert [h.history_change_reason for h in kept.history.all()] == ["admin", "admin"]
    assert not ProjectTargetGroup.objects.filter(project=project).exists()
    assert ProjectTargetGroup.history.filter(history_type="-").get().history_change_reason == "admin"


def test_the_admin_refuses_a_target_group_planned_beyond_the_projects_participants(staff_client):
    from projects.models import ProjectTargetGroup

    from .conftest import make_node, make_project, make_strategy

    project = make_project(make_node(make_strategy(), "1"), code="P-1")
    seniors = make_target_group()
    fields = {"code": "P-1", "title": project.title, "slug": project.slug, "node": project.node_id,
              "promoter": project.promoter_id, "status": "in_progress", "planned_participants": "20"}  # fmt: skip
    response = staff_client.post(
        f"/admin/projects/project/{project.pk}/change/",
        {
            **fields,
            "version": 1,
            **inline("partnerships", []),
            **inline("project_target_groups", [{"target_group": seniors.pk, "planned_participants": "500"}]),
        },
    )
    assert response.status_code == 200
    assert "planuojama 500 dalyvių, daugiau nei projektas iš viso planuoja (20)" in response.content.decode()
    assert not ProjectTargetGroup.objects.exists()


def test_the_admin_names_the_field_of_a_code_another_project_has(staff_client):
    from .conftest import make_node, make_project, make_strategy

    project = make_project(make_node(make_strategy(), "1"), code="P-1")
    response = staff_client.post(
        "/admin/projects/project/add/",
        {
            "code": "P-1",
            "title": "Kitas",
            "slug": "kitas",
            "node": project.node_id,
            "promoter": project.promoter_id,
            "status": "planned",
            **inline("partnerships"),
            **inline("project_target_groups"),
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["code"] == ["Kitas projektas jau turi šį kodą."]


def strategy_fields(strategy, **changes):
    """The admin's strategy form as posted for `strategy`, no nodes and no money milestones unless changed."""
    return {
        "code": strategy.code,
        "title": strategy.title,
        "start_year": "2023",
        "end_year": "2029",
        "status": "in_force",
        "level_names": "Tikslas, Uždavinys, Veiksmas",
        "fund": "ESF+",
        "co_financing_rate": "85",
        **inline("nodes"),
        **inline("milestones"),
        **changes,
    }


def indicator_fields(strategy, indicator, **changes):
    """The admin's indicator form as posted for `indicator` of `strategy` (its milestones left to the caller)."""
    return {
        "strategy": strategy.pk,
        "name": indicator.name,
        "unit": "participants",
        "target_kind": "exact",
        "target": "360",
        "source": "reported",
        "figure": "participants",
        "measure": "flow",
        "position": "0",
        **inline("manual_values"),
        **changes,
    }


def test_staff_sets_an_indicators_milestones_and_the_strategys_money_milestone_in_the_admin(staff_client):
    strategy = make_strategy(budget=1000000)
    indicator = make_indicator(strategy, "Dalyviai", target=360)
    fields = indicator_fields(strategy, indicator)
    url = f"/admin/strategies/indicator/{indicator.pk}/change/"
    response = staff_client.post(url, {**fields, **inline("milestones", [{"date": "2025-12-31", "value": "150"}])})
    assert response.status_code == 302
    assert list(indicator.milestones.values_list("strategy_id", "date", "value")) == [
        (strategy.pk, datetime.date(2025, 12, 31), 150)
    ]

    late = staff_client.post(url, {**fields, **inline("milestones", [{"date": "2030-06-30", "value": "300"}])})
    assert late.status_code == 200
    assert "2030-06-30" in late.content.decode()  # the date outside 2023–2029 is named
    assert indicator.milestones.count() == 1

    strategy_url = f"/admin/strategies/strategy/{strategy.pk}/change/"
    response = staff_client.post(
        strategy_url,
        strategy_fields(
            strategy,
            budget="1000000",
            level_names_en="Goal, Objective, Action",
            **inline("milestones", [{"date": "2025-12-31", "value": "250000"}]),
        ),
    )
    assert response.status_code == 302
    money = Milestone.objects.get(indicator=None)
    assert (money.strategy_id, money.value) == (strategy.pk, 250000)
    assert Indicator.objects.get().milestones.count() == 1  # the money milestone is not the indicator's


def test_the_admin_refuses_a_milestone_above_the_target_or_below_an_earlier_one(staff_client):
    strategy = make_strategy(budget=1000000)
    indicator = make_indicator(strategy, "Dalyviai", target=360)
    fields = indicator_fields(strategy, indicator)
    url = f"/admin/strategies/indicator/{indicator.pk}/change/"
    above = staff_client.post(url, {**fields, **inline("milestones", [{"date": "2026-12-31", "value": "500"}])})
    assert above.status_code == 200
    assert "negali būti didesnė už rodiklio siektiną reikšmę (360), o 500 – didesnė" in above.content.decode()
    falling = inline("milestones", [{"date": "2025-12-31", "value": "150"}, {"date": "2027-12-31", "value": "100"}])
    response = staff_client.post(url, {**fields, **falling})
    assert response.status_code == 200
    assert "100 (2027-12-31), o ankstesnė – 150 (2025-12-31)" in response.content.decode()
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "named"), [("2023", "20290", "20290"), ("0", "2029", "0"), ("2030", "32767", "32767")]
)
def test_the_admin_refuses_a_strategy_year_out_of_range_naming_it_and_the_site_stays_up(
    staff_client, client, start, end, named
):
    strategy = make_strategy(budget=1000000)
    Milestone.objects.create(strategy=strategy, date=datetime.date(2025, 12, 31), value=1000)
    saved = [{"id": Milestone.objects.get().pk, "date": "2025-12-31", "value": "1000"}]
    fields = strategy_fields(strategy, start_year=start, end_year=end, **inline("milestones", saved, initial=1))
    response = staff_client.post(f"/admin/strategies/strategy/{strategy.pk}/change/", fields)
    assert response.status_code == 200
    assert f"Įveskite metus nuo 2000 iki 2100, o ne {named}." in response.content.decode()
    added = staff_client.post("/admin/strategies/strategy/add/", {**fields, "code": "kita", **inline("milestones")})
    assert added.status_code == 200 and Strategy.objects.count() == 1
    assert client.get("/").status_code == 200


def test_the_admins_decimal_boxes_read_as_the_workspaces_and_refuse_a_signalling_nan(staff_client):
    strategy = make_strategy(budget=1000000)
    indicator = make_indicator(strategy, "Dalyviai", target=360)
    fields = {
        **indicator_fields(strategy, indicator, target="sNaN"),
        **inline("milestones", [{"date": "2025-12-31", "value": "150,5"}]),
    }
    url = f"/admin/strategies/indicator/{indicator.pk}/change/"
    response = staff_client.post(url, fields)
    assert response.status_code == 200
    assert "Įveskite skaičių, o ne „sNaN“." in response.content.decode()
    assert staff_client.post(url, {**fields, "target": "360"}).status_code == 302
    assert list(indicator.milestones.values_list("value", flat=True)) == [Decimal("150.5")]


def test_an_admin_inline_that_says_it_posts_a_million_rows_builds_no_more_than_the_limit(staff_client):
    strategy = make_strategy()
    fields = strategy_fields(strategy, **{"nodes-TOTAL_FORMS": "1000000"})
    response = staff_client.post(f"/admin/strategies/strategy/{strategy.pk}/change/", fields)
    assert response.status_code == 200
    assert "ne daugiau kaip 200" in response.content.decode()
    assert response.content.decode().count('name="nodes-') < 20 * 200


@pytest.mark.parametrize(
    ("posted", "said"),
    [("x", "Pasirinkite tinkamą reikšmę"), ("1e400", "Pasirinkite tinkamą reikšmę"), ("\x00", "Nuliniai simboliai")],
)
def test_an_autocomplete_box_sent_a_value_that_is_no_key_says_so_instead_of_failing(staff_client, posted, said):
    strategy = make_strategy()
    node = make_node(strategy, "1")
    response = staff_client.post(
        "/admin/strategies/indicator/add/",
        {**indicator_fields(strategy, Indicator(name="Dalyviai"), node=posted), **inline("milestones")},
    )
    assert response.status_code == 200
    assert said in response.content.decode()
    assert not Indicator.objects.exists() and node.pk


def test_a_negative_count_of_saved_rows_is_refused_not_saved_twice(staff_client):
    strategy = make_strategy()
    kept = Milestone.objects.create(strategy=strategy, date=datetime.date(2025, 12, 31), value=1000)
    rows = inline("milestones", [{"id": kept.pk, "date": "2025-12-31", "value": "1000"}], initial=1)
    fields = strategy_fields(strategy, **{**rows, "milestones-INITIAL_FORMS": "-1"})
    response = staff_client.post(f"/admin/strategies/strategy/{strategy.pk}/change/", fields)
    assert response.status_code == 200
    assert "Formos išsaugotų eilučių skaičius pakeistas (-1)" in response.content.decode()
    assert list(Milestone.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_node_with_parts_of_its_own_is_not_moved_to_another_strategy(staff_client, client):
    strategy, other = make_strategy(), make_strategy("2016-2022", 2016, 2022)
    objective = make_node(strategy, "1.2")
    make_node(strategy, "1.2.1", parent=objective)
    url = f"/admin/strategies/node/{objective.pk}/change/"
    fields = {"strategy": other.pk, "code": "1.2", "title": objective.title, "parent": "", **inline("indicators")}
    response = staff_client.post(url, fields)
    assert response.status_code == 200
    assert "Mazgas turi savo dalių (1.2.1) dabartinėje strategijoje" in response.content.decode()
    assert Node.objects.get(pk=objective.pk).strategy == strategy
    assert client.get("/api/v1/strategies/2023-2029/nodes/").status_code == 200


def test_adding_an_indicator_or_a_strategy_with_milestones_keeps_the_milestone_rules(staff_client):
    strategy = make_strategy()
    fields = {
        **indicator_fields(strategy, Indicator(name="Projektai"), target="10"),
        **inline("milestones", [{"date": "1999-01-01", "value": "5000"}]),
    }
    page = staff_client.post("/admin/strategies/indicator/add/", fields).content.decode().replace("\u00a0", " ")
    assert "1999-01-01 nepatenka" in page and "(10), o 5 000 – didesnė" in page
    stock = {
        **indicator_fields(strategy, Indicator(name="Veikiantys verslai"), target="10", measure="stock"),
        **inline("milestones", [{"date": "2024-01-01", "value": "5"}, {"date": "2024-06-01", "value": "1"}]),
    }
    assert staff_client.post("/admin/strategies/indicator/add/", stock).status_code == 302  # a stock may fall
    added = strategy_fields(
        Strategy(code="kita", title="Kita"),
        start_year="2030",
        end_year="2031",
        budget="100",
        **inline("milestones", [{"date": "2030-05-05", "value": "1000000"}]),
    )
    page = staff_client.post("/admin/strategies/strategy/add/", added).content.decode().replace("\u00a0", " ")
    assert "(100,00 €), o 1 000 000,00 € – didesnė" in page
    assert Strategy.objects.count() == 1 and Milestone.objects.count() == 2


def test_a_milestone_saved_in_another_tab_counts_in_the_order_of_the_series(staff_client):
    strategy = make_strategy(budget=1000000)
    url = "/darbas/strategijos/2023-2029/tarpines-reiksmes/"
    opened = inline("milestones", [{"indicator": "", "date": "2026-06-01", "value": "600000"}])
    Milestone.objects.create(strategy=strategy, date=datetime.date(2027, 1, 1), value=500000)  # the other tab
    response = staff_client.post(url, opened)
    assert response.status_code == 200
    page = response.content.decode().replace("\u00a0", " ")
    assert "mažesnė už ankstesnę: 500 000 (2027-01-01), o ankstesnė – 600 000 (2026-06-01)" in page
    assert Milestone.objects.count() == 1


def test_an_indicator_moved_to_another_strategy_takes_its_milestones_along(staff_client):
    strategy, other = make_strategy(), make_strategy("2016-2022", 2016, 2022)
    indicator = make_indicator(strategy, "Dalyviai", target=360)
    kept = Milestone.objects.create(strategy=strategy, indicator=indicator, date=datetime.date(2025, 12, 31), value=10)
    url = f"/admin/strategies/indicator/{indicator.pk}/change/"
    rows = inline("milestones", [{"id": kept.pk, "date": "2025-12-31", "value": "10"}], initial=1)
    page = staff_client.post(url, {**indicator_fields(other, indicator), **rows}).content.decode()
    assert "2025-12-31 nepatenka" in page  # judged against 2016–2022, on the date, where the page shows it
    rows = inline("milestones", [{"id": kept.pk, "date": "2020-12-31", "value": "10"}], initial=1)
    assert staff_client.post(url, {**indicator_fields(other, indicator), **rows}).status_code == 302
    kept.refresh_from_db()
    assert (kept.strategy, kept.date) == (other, datetime.date(2020, 12, 31))


def test_a_change_elsewhere_does_not_leave_a_milestone_beyond_its_target_or_period(staff_client):
    strategy = make_strategy()
    node = make_node(strategy, "1.1")
    indicator = make_indicator(node, "Dalyviai", target=360)
    Milestone.objects.create(strategy=strategy, indicator=indicator, date=datetime.date(2025, 12, 31), value=150)
    row = {
        "id": indicator.pk,
        "name": "Dalyviai",
        "unit": "participants",
        "target_kind": "exact",
        "target": "100",
        "source": "reported",
        "figure": "participants",
        "measure": "flow",
        "position": "0",
    }
    fields = {"strategy": strategy.pk, "code": "1.1", "title": node.title, "parent": ""}
    response = staff_client.post(
        f"/admin/strategies/node/{node.pk}/change/", {**fields, **inline("indicators", [row], initial=1)}
    )
    assert "2025-12-31 tarpinė reikšmė (150) būtų didesnė už rodiklio siektiną reikšmę (100)" in (
        response.content.decode()
    )
    assert Indicator.objects.get().target == 360
    later = strategy_fields(strategy, start_year="2026", end_year="2029")
    response = staff_client.post(f"/admin/strategies/strategy/{strategy.pk}/change/", later)
    assert "rodiklių tarpinės reikšmės atsidurtų už laikotarpio ribų (2025-12-31)" in response.content.decode()
    assert Strategy.objects.get().start_year == 2023


# --- deleting a project keeps approved figures ------------------------------------------------------------------


def test_the_admin_does_not_delete_a_project_with_an_approved_report_one_at_a_time_or_in_bulk(staff_client, report):
    from projects.models import Project

    ProgressReport.objects.filter(pk=report.pk).update(status=ProgressReport.Status.APPROVED)
    project = report.project
    url = f"/admin/projects/project/{project.pk}/delete/"
    page = staff_client.get(url).content.decode()
    assert "<title>Ištrinti projektas negalima" in page and "pažangos ataskaita" in page
    staff_client.post(url, {"post": "yes"})
    staff_client.post(
        "/admin/projects/project/", {"action": "delete_selected", "_selected_action": [project.pk], "post": "yes"}
    )
    assert Project.objects.filter(pk=project.pk).exists()
    assert ProgressReport.objects.filter(pk=report.pk).exists()


def test_the_admin_deletes_a_project_without_approved_reports_through_the_service(staff_client, staff, report):
    from projects.models import Project

    project = report.project
    response = staff_client.post(f"/admin/projects/project/{project.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()
    assert not ProgressReport.objects.filter(pk=report.pk).exists()
    deleted = Project.history.filter(id=project.pk, history_type="-").get()
    assert (deleted.history_change_reason, deleted.history_user) == ("admin: delete", staff)
    gone = ProgressReport.history.filter(id=report.pk, history_type="-").get()
    assert gone.history_user == staff


def test_the_admin_deletes_a_report_through_the_service(staff_client, report):
    response = staff_client.post(f"/admin/participants/progressreport/{report.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deleted = ProgressReport.history.filter(id=report.pk, history_type="-").get()
    assert deleted.history_change_reason == "admin: delete"


def test_an_admin_save_without_the_version_is_refused_instead_of_overwriting(staff_client):
    from .conftest import make_organisation

    organisation = make_organisation("Utenos centras")
    response = staff_client.post(
        f"/admin/projects/organisation/{organisation.pk}/change/",
        {"name": "Kitas vardas", "slug": organisation.slug, "phone": "8 389 12345"},
    )
    assert response.status_code == 200
    assert "Puslapyje nenurodyta, kurią versiją skaitėte" in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version) == ("Utenos centras", 1)
