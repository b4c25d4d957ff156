"""The list of operations that Regulation (EU) 2021/1060, Art. 49(3) asks every managing body to publish.

One row per selected operation: the public projects that `Project.objects.counted()` gives — selected,
contract signed, in progress or completed. Planned projects are not operations yet. Terminated ones are left
out as well: the portal cannot tell a project withdrawn before selection from one terminated after it, the
support of a terminated operation is withdrawn, and without them the list holds exactly the projects that
the strategy pages count ("projects counted", the money committed).

The columns are one list (`COLUMNS`) read by the CSV, the XLSX and the JSON alike; the letters are the
regulation's. Achieved figures come from `progress.calculation.projects_achieved`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from participants.models import ProgressReport
from progress.calculation import projects_achieved
from progress.fingerprint import HISTORY_MODELS
from projects.models import Project
from strategies.models import Node

COUNTRY = "LT"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Column:
    key: str  # the JSON key and the XLSX/CSV column's identity
    heading: str  # the CSV and XLSX heading, in the active language
    kind: str = "text"  # text, date, number


COLUMNS = [
    Column("operation_code", _("Operation code")),
    Column("beneficiary", _("(a) Beneficiary")),
    Column("beneficiary_code", _("Beneficiary's company code")),
    Column("name", _("(d) Name of the operation")),
    Column("purpose", _("(e) Purpose")),
    Column("achievements", _("(e) Achievements reported")),
    Column("participants_planned", _("(e) Participants planned"), "number"),
    Column("participants_achieved", _("(e) Participants achieved"), "number"),
    Column("volunteers_planned", _("(e) Volunteers planned"), "number"),
    Column("volunteers_achieved", _("(e) Volunteers achieved"), "number"),
    Column("jobs_planned", _("(e) Jobs planned, FTE"), "number"),
    Column("jobs_created", _("(e) Jobs created, FTE"), "number"),
    Column("status", _("Status")),
    Column("start_date", _("(f) Start date"), "date"),
    Column("end_date", _("(g) End date"), "date"),
    Column("end_date_kind", _("(g) End date is")),
    Column("total_cost", _("(h) Total cost, EUR"), "number"),
    Column("grant", _("Grant, EUR"), "number"),
    Column("fund", _("(i) Fund")),
    Column("specific_objective", _("(j) Specific objective")),
    Column("co_financing_rate", _("(k) Union co-financing rate, %"), "number"),
    Column("location", _("(l) Location")),
    Column("country", _("(l) Country")),
    Column("intervention_type", _("(n) Type of intervention")),
    Column("strategy", _("Strategy")),
    Column("node", _("Action")),
    Column("last_updated", _("Last updated"), "date"),
    Column("url", _("Address")),
]

END_ACTUAL = "actual"
END_EXPECTED = "expected"


def operations():
    """The selected operations, in the order of the list: by strategy (newest first), action code and title."""
    return (
        Project.objects.public()
        .counted()
        .select_related("node__strategy", "promoter")
        .annotate(last_approved=Max("reports__approved_at", filter=Q(reports__status=ProgressReport.Status.APPROVED)))
        .order_by("-node__strategy__start_year", "node__sort_key", "title", "pk")
    )


def operation_code(project, taken):
    """The project's own code, or one made from its number when it has none; unique among `taken`."""
    if project.code:
        return project.code
    code, n = f"VVG-{project.pk}", 2
    while code in taken:
        code, n = f"VVG-{project.pk}-{n}", n + 1
    return code


def _achievements(projects, as_of):
    """{project id: the words "what was achieved" of its approved reports, period by period}."""
    texts = {}
    reports = ProgressReport.objects.approved_as_of(as_of).filter(project__in=projects).exclude(achievements="")
    for report in reports.order_by("project_id", "period_start").only(
        "project_id", "period_start", "period_end", "achievements"
    ):
        texts.setdefault(report.project_id, []).append(f"{report.period_label}: {report.achievements.strip()}")
    return {project_id: "\n".join(lines) for project_id, lines in texts.items()}


def _last_updated(project):
    latest = project.updated_at
    if project.last_approved and project.last_approved > latest:
        latest = project.last_approved
    return timezone.localtime(latest).date()


def operation_rows(request, as_of=None):
    """The list of operations: one dict a row, keyed as `COLUMNS`, values as Python types (dates, Decimals)."""
    as_of = as_of or timezone.localdate()
    projects = list(operations())
    achieved = projects_achieved(projects, as_of)
    achievements = _achievements([project.pk for project in projects], as_of)
    classifications = Node.objects.filter(pk__in={project.node_id for project in projects}).classifications()
    taken = {project.code for project in projects if project.code}
    rows = []
    for project in projects:
        figures = achieved[project.pk]
        classification = classifications[project.node_id]
        promoter = project.promoter
        code = operation_code(project, taken)
        taken.add(code)
        with translation.override(settings.LANGUAGE_CODE):
            url = request.build_absolute_uri(project.get_absolute_url())
        rows.append(
            {
                "operation_code": code,
                "beneficiary": promoter.published_name if promoter else "",
                "beneficiary_code": promoter.company_code if promoter and not promoter.is_natural_person else "",
                "name": project.title,
                "purpose": project.description,
                "achievements": achievements.get(project.pk, ""),
                "participants_planned": project.planned_participants,
                "participants_achieved": figures.participants,
                "volunteers_planned": project.planned_volunteers,
                "volunteers_achieved": figures.volunteers,
                "jobs_planned": project.planned_jobs,
                "jobs_created": figures.jobs_created,
                "status": project.status,
                "start_date": project.start_date,
                "end_date": project.end_date,
                "end_date_kind": END_ACTUAL if project.status == Project.Status.COMPLETED else END_EXPECTED,
                "total_cost": project.total_cost,
                "grant": project.grant,
                "fund": classification.fund,
                "specific_objective": classification.specific_objective,
                "co_financing_rate": classification.co_financing_rate,
                "location": project.location_or_default,
                "country": COUNTRY,
                "intervention_type": classification.intervention_type,
                "strategy": project.node.strategy.code,
                "node": project.node.code,
                "last_updated": _last_updated(project),
                "url": url,
            }
        )
    return rows


def last_changed():
    """When the data behind the open data last changed: the latest history row of the projects, organisations,
    partners, target groups and reports, or the latest admin change (strategies, nodes, indicators).

    It may be later than the last change a file shows (a draft report saved counts too), never earlier.
    """
    dates = [model.history.aggregate(latest=Max("history_date"))["latest"] for model in HISTORY_MODELS]
    dates.append(LogEntry.objects.aggregate(latest=Max("action_time"))["latest"])
    dates = [date for date in dates if date is not None]
    return timezone.localtime(max(dates)).date() if dates else None
