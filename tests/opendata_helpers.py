"""The data the open data tests share: a strategy in force with every kind of report, and a draft beside it."""

import datetime
from decimal import Decimal

from participants.models import ProgressReport
from projects.models import Organisation, Project, ProjectPartner, ProjectTargetGroup
from strategies.models import Fund, Indicator, Strategy

from .conftest import (
    make_indicator,
    make_node,
    make_organisation,
    make_project,
    make_report,
    make_strategy,
    make_target_group,
)

Status = ProgressReport.Status


def build_world():
    """Utena's 2023–2029 strategy with two objectives and three actions, five projects of every status that
    matters, approved, submitted, returned and draft reports, a natural person promoting one project, and a
    draft strategy with a project and an approved report of its own (none of which may be published)."""
    strategy = make_strategy(
        "2023-2029",
        2023,
        2029,
        title="Utenos miesto 2023–2029 m. vietos plėtros strategija",
        specific_objective="ESO4.11",
        budget=Decimal("900000"),
    )
    goal = make_node(strategy, "1", title="Socialinė įtrauktis", intervention_type="163 Socialinė integracija")
    social = make_node(strategy, "1.1", parent=goal, title="Socialinės iniciatyvos")
    action = make_node(strategy, "1.1.1", parent=social, title="Sociokultūrinė integracija", budget=Decimal("300000"))
    work = make_node(strategy, "1.2", parent=goal, title="Darbo ir verslumo įgūdžiai")
    business = make_node(
        strategy,
        "1.2.3",
        parent=work,
        title="Socialinis verslas",
        fund=Fund.ERDF,
        co_financing_rate=Decimal("70"),
        intervention_type="151 Socialinis verslas",
    )
    seniors = make_target_group("Senjorai", "Seniors")
    youth = make_target_group("Jaunimas iki 29 m.", "Youth under 29", slug="jaunimas")
    make_indicator(strategy, "Tikslinių grupių dalyviai", target=360, target_kind=Indicator.TargetKind.AT_LEAST)
    make_indicator(
        social,
        "Socialinės atskirties mažinimo projektai",
        unit=Indicator.Unit.PROJECTS,
        source=Indicator.Source.PROJECTS_COUNTED,
        target=6,
        target_max=7,
        target_kind=Indicator.TargetKind.RANGE,
    )
    make_indicator(action, "Senjorai dalyviai", target=40, target_group=seniors)
    make_indicator(
        business,
        "Sukurtos darbo vietos",
        unit=Indicator.Unit.JOBS,
        figure=Indicator.Figure.JOBS_CREATED,
        target=Decimal("2.5"),
    )
    school = make_organisation(
        "Utenos švietimo centras",
        legal_form=Organisation.LegalForm.BUDGETARY,
        sector=Organisation.Sector.PUBLIC,
        company_code="190166986",
        email="info@svietimo.lt",
    )
    museum = make_organisation("Utenos kraštotyros muziejus", sector=Organisation.Sector.PUBLIC)
    farmer = make_organisation("Jonas Jonaitis", legal_form=Organisation.LegalForm.NATURAL_PERSON)
    gera = make_project(
        action,
        "Gera būti",
        promoter=school,
        code="08.6.1-ESFA-T-927-01-0525",
        description="Užimtumas senjorams ir jaunimui.",
        start_date=datetime.date(2023, 3, 1),
        end_date=datetime.date(2024, 12, 31),
        planned_participants=125,
        planned_volunteers=10,
        total_cost=Decimal("129850.00"),
        grant=Decimal("120000.00"),
        contact="koordinatore@svietimo.lt",
    )
    ProjectPartner.objects.create(project=gera, organisation=museum, role="ekskursijos")
    ProjectTargetGroup.objects.create(project=gera, target_group=seniors, planned_participants=40)
    make_report(
        gera,
        "2023-03-01",
        "2023-08-31",
        participants=70,
        volunteers=4,
        spent=30000,
        achievements="Stovykla įvyko.",
        breakdown={seniors: 30},
    )
    make_report(gera, "2023-09-01", "2023-12-31", participants=55, volunteers=2, spent=20000, breakdown={seniors: 12})
    make_report(gera, "2024-01-01", "2024-03-31", status=Status.SUBMITTED, participants=500, achievements="LAUKIA")
    make_report(gera, "2024-04-01", "2024-06-30", status=Status.RETURNED, participants=600, achievements="GRĄŽINTA")
    make_report(gera, "2024-07-01", "2024-09-30", status=Status.DRAFT, participants=700, achievements="JUODRAŠTIS")
    farm = make_project(
        business,
        "Ūkio socialinis verslas",
        promoter=farmer,
        status=Project.Status.COMPLETED,
        description='=HYPERLINK("http://blogas.lt")',
        start_date=datetime.date(2023, 5, 1),
        end_date=datetime.date(2024, 4, 30),
        total_cost=Decimal("50000.00"),
        grant=Decimal("35000.00"),
        planned_jobs=Decimal("2.5"),
        location="28001",
    )
    make_report(farm, "2023-05-01", "2024-04-30", jobs_created=Decimal("2.5"), jobs_retained=Decimal("0.25"))
    make_project(social, "Planuojamas projektas", promoter=school, status=Project.Status.PLANNED)
    stopped = make_project(action, "Nutrauktas projektas", promoter=museum, status=Project.Status.TERMINATED)
    make_report(stopped, "2023-01-01", "2023-06-30", participants=9)

    draft = make_strategy("2030-2036", 2030, 2036, status=Strategy.Status.DRAFT, title="Slapta juodraštinė strategija")
    draft_node = make_node(draft, "9.9", title="Slaptas veiksmas")
    secret = make_project(draft_node, "Slaptas projektas", promoter=school, code="SLAPTAS-1")
    make_report(secret, "2030-01-01", "2030-06-30", participants=87654321)  # more than any other figure, money included
    return {
        "strategy": strategy,
        "action": action,
        "business": business,
        "social": social,
        "gera": gera,
        "farm": farm,
        "farmer": farmer,
        "school": school,
        "seniors": seniors,
        "youth": youth,
        "draft": draft,
    }
