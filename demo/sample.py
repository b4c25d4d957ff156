"""A fictional sample for the 2023–2029 demo strategy: `python manage.py load_demo --sample`.

The plain demo holds only the source articles' facts, and the 2023–2029 strategy has no projects yet, so its
figures do not move. The sample adds eight invented projects (every status, a terminated one), twenty progress
reports over 2024–2025 (every status, through the same report services as the workspace), budgets,
milestones and a few indicators, so that a new user sees every figure move. Everything it adds is marked:
the strategy says it holds a sample, the projects are flagged and named „… (pavyzdys)“, the indicators too.
Loading it twice changes nothing.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from participants.models import ProgressReport
from participants.services import report_approve, report_return, report_save, report_submit
from projects.models import Organisation, Project, ProjectTargetGroup
from strategies.models import Indicator, Milestone, Node, Strategy, TargetGroup

SAMPLE_STRATEGY = "2023-2029"
SAMPLE_MARK = "(pavyzdys)"
SAMPLE_PROMOTER = "VšĮ „Pavyzdžių centras“ (išgalvota organizacija)"
SAMPLE_DESCRIPTION = "Išgalvotas pavyzdys, kad matytųsi, kaip keičiasi rodikliai. Tikro projekto nėra."

Status = Project.Status
Report = ProgressReport.Status


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


STRATEGY_BUDGET = "1200000"
NODE_BUDGETS = {
    "1.1": "700000",
    "1.1.1": "400000",
    "1.1.2": "300000",
    "1.2": "500000",
    "1.2.1": "100000",
    "1.2.2": "100000",
    "1.2.3": "300000",
}

# node, name, fields
INDICATORS = [
    ("1.1.1", "Senjorai", {"name_en": "Seniors", "unit": "participants", "figure": "participants", "target": "80",
                           "target_group": "senjorai", "target_kind": "at_least"}),
    ("1.2.3", "Sukurtos darbo vietos", {"name_en": "Jobs created", "unit": "jobs", "figure": "jobs_created",
                                        "target": "6"}),
    ("1.2.3", "Veikiantys socialiniai verslai", {"name_en": "Social businesses operating", "unit": "services",
                                                 "figure": "services", "measure": "stock", "target": "3"}),
]  # fmt: skip

# (indicator: strategy-level name or (node code, name); None for the money), date, value
MILESTONES = [
    ("Tikslinių grupių dalyviai", "2025-12-31", "150"),
    (("1.1", "Socialinės atskirties mažinimo projektai"), "2025-12-31", "3"),
    (("1.2.3", f"Sukurtos darbo vietos {SAMPLE_MARK}"), "2026-12-31", "3"),
    (None, "2025-12-31", "300000"),
]

# title, node, status, start, end, grant, total cost, planned participants, volunteers, jobs, {group: planned}
PROJECTS = [
    ("Kartu stipresni", "1.1.1", Status.IN_PROGRESS, "2024-01-01", "2026-12-31", "120000", "130000", 120, 15, None,
     {"senjorai": 40, "vienisi-asmenys": 30}),
    ("Senjorų popietės", "1.1.1", Status.COMPLETED, "2024-02-01", "2025-06-30", "60000", "64000", 60, 5, None,
     {"senjorai": 60}),
    ("Šeimų dirbtuvės", "1.1.2", Status.IN_PROGRESS, "2024-03-01", "2026-02-28", "90000", "95000", 80, None, None,
     {"socialine-rizika-patiriancios-seimos": 50}),
    ("Jaunimo erdvė", "1.1.2", Status.TERMINATED, "2024-01-01", "2024-09-30", "50000", "52000", 40, None, None, {}),
    ("Darbo įgūdžių mokykla", "1.2.1", Status.CONTRACT_SIGNED, "2025-09-01", "2027-08-31", "80000", "85000", 40,
     None, None, {"bedarbiai": 30}),
    ("Jaunų verslų klubas", "1.2.2", Status.SELECTED, "2026-01-01", "2027-12-31", "70000", "75000", 30, None, None,
     {"jauno-verslo-subjektai": 15}),
    ("Socialinė kavinė", "1.2.3", Status.IN_PROGRESS, "2024-04-01", "2026-03-31", "150000", "165000", 20, None,
     "3", {}),
    ("Dviračių dirbtuvės", "1.2.3", Status.PLANNED, None, None, "100000", None, 15, None, "2", {}),
]  # fmt: skip

# project, start, end, final status, figures, {group: participants}, texts
REPORTS = [
    ("Kartu stipresni", "2024-01-01", "2024-06-30", Report.APPROVED,
     {"participants": 30, "volunteers": 5, "services": 10, "spent": "20000"}, {"senjorai": 12, "vienisi-asmenys": 9},
     "Veikia trys užimtumo grupės.", "Sunku pasiekti vienišus žmones."),
    ("Kartu stipresni", "2024-07-01", "2024-12-31", Report.APPROVED,
     {"participants": 25, "volunteers": 3, "services": 12, "spent": "25000"}, {"senjorai": 8, "vienisi-asmenys": 7},
     "Prisijungė savanoriai iš kolegijos.", ""),
    ("Kartu stipresni", "2025-01-01", "2025-06-30", Report.APPROVED,
     {"participants": 20, "volunteers": 2, "services": 12, "spent": "22000"}, {"senjorai": 6},
     "Surengta vasaros stovykla.", "Brango transportas."),
    ("Kartu stipresni", "2025-07-01", "2025-12-31", Report.SUBMITTED,
     {"participants": 18, "services": 11, "spent": "21000"}, {}, "Laukia valdybos patvirtinimo.", ""),
    ("Senjorų popietės", "2024-02-01", "2024-06-30", Report.APPROVED,
     {"participants": 20, "services": 8, "spent": "15000"}, {"senjorai": 20}, "Vyko 8 popietės.", ""),
    ("Senjorų popietės", "2024-07-01", "2024-12-31", Report.APPROVED,
     {"participants": 25, "services": 10, "spent": "20000"}, {"senjorai": 25}, "Vyko 10 popiečių.", ""),
    ("Senjorų popietės", "2025-01-01", "2025-03-31", Report.APPROVED,
     {"participants": 8, "services": 5, "spent": "9000"}, {"senjorai": 8}, "Baigiamieji susitikimai.", ""),
    ("Senjorų popietės", "2025-04-01", "2025-06-30", Report.APPROVED,
     {"participants": 7, "services": 4, "spent": "9500"}, {"senjorai": 7}, "Projektas baigtas.", ""),
    ("Šeimų dirbtuvės", "2024-03-01", "2024-06-30", Report.APPROVED,
     {"participants": 15, "services": 6, "spent": "12000"}, {"socialine-rizika-patiriancios-seimos": 10},
     "Atidarytos dirbtuvės.", ""),
    ("Šeimų dirbtuvės", "2024-07-01", "2024-12-31", Report.APPROVED,
     {"participants": 20, "services": 12, "spent": "18000"}, {"socialine-rizika-patiriancios-seimos": 12}, "", ""),
    ("Šeimų dirbtuvės", "2025-01-01", "2025-03-31", Report.APPROVED,
     {"participants": 10, "services": 6, "spent": "9000"}, {"socialine-rizika-patiriancios-seimos": 6}, "", ""),
    ("Šeimų dirbtuvės", "2025-04-01", "2025-06-30", Report.RETURNED,
     {"participants": 30, "services": 6, "spent": "30000"}, {}, "", ""),
    ("Šeimų dirbtuvės", "2025-07-01", "2025-12-31", Report.DRAFT, {"participants": 10}, {}, "", ""),
    ("Jaunimo erdvė", "2024-01-01", "2024-06-30", Report.APPROVED,
     {"participants": 12, "spent": "9000"}, {}, "Erdvė veikė pusmetį.", "Neliko patalpų."),
    ("Jaunimo erdvė", "2024-07-01", "2024-09-30", Report.DRAFT, {"participants": 3}, {}, "", ""),
    ("Socialinė kavinė", "2024-04-01", "2024-06-30", Report.APPROVED,
     {"participants": 5, "jobs_created": "1.5", "services": 1, "spent": "30000"}, {}, "Kavinė atidaryta.", ""),
    ("Socialinė kavinė", "2024-07-01", "2024-12-31", Report.APPROVED,
     {"participants": 6, "jobs_created": "1", "services": 1, "spent": "35000"}, {}, "", "Trūksta virėjų."),
    ("Socialinė kavinė", "2025-01-01", "2025-06-30", Report.APPROVED,
     {"participants": 4, "jobs_created": "0.5", "services": 2, "spent": "30000"}, {},
     "Atidarytas antras taškas.", ""),
    ("Socialinė kavinė", "2025-07-01", "2025-12-31", Report.SUBMITTED,
     {"participants": 3, "jobs_created": "0.5", "services": 2, "spent": "25000"}, {}, "", ""),
    ("Darbo įgūdžių mokykla", "2025-09-01", "2025-12-31", Report.DRAFT, {"participants": 8}, {}, "", ""),
]  # fmt: skip

RETURN_COMMENT = "Išlaidos viršija pusmečio planą: patikslinkite."


def _title(name):
    return f"{name} {SAMPLE_MARK}"


def _decimal(value):
    return None if value is None else Decimal(value)


def _actor():
    """The demo's staff account enters, submits and approves the sample reports (the workspace's services)."""
    return get_user_model().objects.filter(username="staff").first()


def _indicators(strategy, nodes, groups):
    for position, (node_code, name, fields) in enumerate(INDICATORS, start=10):
        fields = dict(fields)
        group = groups[fields.pop("target_group")] if "target_group" in fields else None
        Indicator.objects.get_or_create(
            strategy=strategy,
            node=nodes[node_code],
            name=_title(name),
            defaults={
                **fields,
                "target": _decimal(fields.get("target")),
                "source": Indicator.Source.REPORTED,
                "target_group": group,
                "position": position,
            },
        )


def _milestones(strategy, nodes):
    for owner, when, value in MILESTONES:
        indicator = None
        if isinstance(owner, tuple):
            indicator = Indicator.objects.get(strategy=strategy, node=nodes[owner[0]], name=owner[1])
        elif owner is not None:
            indicator = Indicator.objects.get(strategy=strategy, node=None, name=owner)
        Milestone.objects.get_or_create(
            strategy=strategy,
            indicator=indicator,
            date=_day(when),
            defaults={"value": Decimal(value), "note": "Išgalvota tarpinė reikšmė (pavyzdys)."},
        )


def _projects(nodes, groups, promoter):
    projects = {}
    for name, node, status, start, end, grant, cost, participants, volunteers, jobs, planned in PROJECTS:
        project = Project.objects.create(
            node=nodes[node],
            title=_title(name),
            description=SAMPLE_DESCRIPTION,
            promoter=promoter,
            status=status,
            start_date=_day(start),
            end_date=_day(end),
            grant=_decimal(grant),
            total_cost=_decimal(cost),
            planned_participants=participants,
            planned_volunteers=volunteers,
            planned_jobs=_decimal(jobs),
            how_to_join="Tai išgalvotas projektas: prisijungti negalima.",
            is_sample=True,
        )
        for slug, count in planned.items():
            ProjectTargetGroup.objects.create(project=project, target_group=groups[slug], planned_participants=count)
        projects[name] = project
    return projects


def _reports(projects, groups, user):
    for name, start, end, status, figures, breakdown, achievements, difficulties in REPORTS:
        report = ProgressReport(
            project=projects[name],
            period_start=_day(start),
            period_end=_day(end),
            achievements=achievements,
            difficulties=difficulties,
            **{key: Decimal(value) if isinstance(value, str) else value for key, value in figures.items()},
        )
        report_save(report=report, breakdown={groups[slug]: n for slug, n in breakdown.items()}, user=user)
        if status == Report.DRAFT:
            continue
        report_submit(report=report, user=user)
        if status == Report.APPROVED:
            report_approve(report=report, user=user)
        elif status == Report.RETURNED:
            report_return(report=report, user=user, comment=RETURN_COMMENT)


@transaction.atomic
def load_sample():
    """Add the fictional sample to the 2023–2029 demo strategy (load the demo first). Returns whether it did."""
    strategy = Strategy.objects.get(code=SAMPLE_STRATEGY)
    if Project.objects.filter(node__strategy=strategy, is_sample=True).exists():
        return False
    nodes = {node.code: node for node in Node.objects.filter(strategy=strategy)}
    groups = {group.slug: group for group in TargetGroup.objects.all()}
    if strategy.budget is None:
        strategy.budget = Decimal(STRATEGY_BUDGET)
    strategy.holds_sample = True
    strategy.save(update_fields=["budget", "holds_sample"])
    for code, budget in NODE_BUDGETS.items():
        Node.objects.filter(pk=nodes[code].pk, budget__isnull=True).update(budget=Decimal(budget))
    _indicators(strategy, nodes, groups)
    _milestones(strategy, nodes)
    promoter, _created = Organisation.objects.get_or_create(name=SAMPLE_PROMOTER, defaults={"legal_form": "vsi"})
    projects = _projects(nodes, groups, promoter)
    _reports(projects, groups, _actor())
    return True
