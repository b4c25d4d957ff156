"""VVG staff can keep the whole strategy, a project and an approved report through the admin."""

import pytest

from participants.models import ProgressReport
from projects.models import Project
from strategies.models import Node, Strategy

from .conftest import inline, make_organisation, make_target_group

pytestmark = pytest.mark.django_db


def test_staff_adds_a_three_level_strategy_a_project_and_an_approved_report(staff_client):
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
            **inline("nodes", [{"code": "1", "title": "Socialinė įtrauktis"}]),
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
                **inline("nodes", rows, initial=len(existing)),
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
            "status": "approved",
            "participants": "189",
            **inline("breakdown", [{"target_group": seniors.pk, "participants": "60"}]),
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.status, report.participants, report.created_by.username) == ("approved", 189, "vida")
    assert report.breakdown.get().participants == 60


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
