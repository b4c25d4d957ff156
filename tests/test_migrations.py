"""A database filled before target groups moved to the strategies app migrates forward with every row intact.

The test builds the schema as it was (participants 0002, projects 0002, strategies 0001), fills it the way
the portal did — a strategy, a project, an approved report with a target group breakdown, history rows, a
staff group allowed to change target groups — migrates to the newest schema, and compares.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from participants.models import ProgressReport, ReportBreakdown
from progress.calculation import project_progress, strategy_progress
from projects.models import Project, ProjectTargetGroup
from strategies.models import Indicator, Strategy, TargetGroup

BEFORE_THE_MOVE = [
    ("strategies", "0001_initial"),
    ("projects", "0002_partner_and_target_group_history"),
    ("participants", "0002_initial"),
]
AS_OF = datetime.date(2024, 12, 31)
NOW = datetime.datetime(2024, 7, 1, 12, tzinfo=datetime.UTC)


def _fill_old_schema(apps):
    """The rows a VVG had before the move, made with the models as they were."""
    get = apps.get_model
    seniors = get("participants", "TargetGroup").objects.create(name="Senjorai", name_en="Seniors", slug="senjorai")
    youth = get("participants", "TargetGroup").objects.create(name="Jaunimas", slug="jaunimas", position=2)
    strategy = get("strategies", "Strategy").objects.create(
        code="2023-2029", title="Strategija", start_year=2023, end_year=2029, status="in_force"
    )
    node = get("strategies", "Node").objects.create(strategy=strategy, code="1.1.1", title="Veiksmas", sort_key="1")
    get("strategies", "Indicator").objects.create(
        strategy=strategy,
        node=node,
        name="Senjorai",
        unit="participants",
        source="reported",
        figure="participants",
        target_group=seniors,
        target=Decimal("50"),
    )
    get("strategies", "Indicator").objects.create(
        strategy=strategy,
        node=node,
        name="Dalyviai",
        unit="participants",
        source="reported",
        figure="participants",
        target=Decimal("100"),
    )
    organisation = get("projects", "Organisation").objects.create(name="Utenos švietimo centras", slug="usc")
    project = get("projects", "Project").objects.create(
        title="Gera būti",
        slug="gera-buti",
        node=node,
        promoter=organisation,
        status="in_progress",
        planned_participants=40,
    )
    get("projects", "ProjectTargetGroup").objects.create(project=project, target_group=seniors, planned_participants=20)
    report = get("participants", "ProgressReport").objects.create(
        project=project,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 6, 30),
        status="approved",
        participants=10,
        spent=Decimal("1500.00"),
    )
    get("participants", "ReportBreakdown").objects.create(report=report, target_group=seniors, participants=7)
    get("participants", "ReportBreakdown").objects.create(report=report, target_group=youth, participants=3)
    user = get("auth", "User").objects.create(username="vida")
    for model, row in (("projects", project), ("participants", report)):
        history = get(model, f"Historical{row.__class__.__name__}")
        kept = {f.attname for f in history._meta.concrete_fields}
        fields = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.attname in kept}
        history.objects.create(**fields, history_date=NOW, history_type="+", history_user=user)
    breakdown_history = get("participants", "HistoricalReportBreakdown")
    breakdown_history.objects.create(
        id=1, report_id=report.pk, target_group_id=seniors.pk, participants=7, history_date=NOW, history_type="+"
    )
    content_type = get("contenttypes", "ContentType").objects.create(app_label="participants", model="targetgroup")
    permission = get("auth", "Permission").objects.create(
        content_type=content_type, codename="change_targetgroup", name="Can change target group"
    )
    get("auth", "Group").objects.create(name="VVG administracija").permissions.add(permission)


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_every_row_history_permission_and_figure(migrator):
    old = migrator.apply_initial_migration(BEFORE_THE_MOVE)
    _fill_old_schema(old.apps)

    migrator.apply_tested_migration(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert list(TargetGroup.objects.values_list("name", flat=True)) == ["Senjorai", "Jaunimas"]
    assert Indicator.objects.get(name="Senjorai").target_group.slug == "senjorai"
    assert ProjectTargetGroup.objects.get().target_group.name == "Senjorai"
    assert sorted(ReportBreakdown.objects.values_list("target_group__name", "participants")) == [
        ("Jaunimas", 3),
        ("Senjorai", 7),
    ]
    assert (Project.history.count(), ProgressReport.history.count(), ReportBreakdown.history.count()) == (1, 1, 1)
    assert ProgressReport.history.get().history_user.username == "vida"

    progress = strategy_progress(Strategy.objects.get(), AS_OF)
    achieved = {item.indicator.name: item.achieved for item in progress.find("1.1.1").indicators}
    assert achieved == {"Senjorai": 7, "Dalyviai": 10}
    assert progress.figures.spent == Decimal("1500.00")
    project = Project.objects.select_related("node__strategy").get()
    groups = {group.name: figure.achieved for group, figure in project_progress(project, AS_OF).target_groups}
    assert groups == {"Senjorai": 7, "Jaunimas": 3}

    permission = Group.objects.get(name="VVG administracija").permissions.get()
    assert (permission.content_type.app_label, permission.content_type.model) == ("strategies", "targetgroup")
    assert permission.content_type.model_class() is TargetGroup


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone(migrator):
    migrator.apply_initial_migration(MigrationExecutor(connection).loader.graph.leaf_nodes())
    TargetGroup.objects.create(name="Senjorai", slug="senjorai")

    old = migrator.apply_tested_migration(BEFORE_THE_MOVE)

    assert list(old.apps.get_model("participants", "TargetGroup").objects.values_list("slug", flat=True)) == [
        "senjorai"
    ]
