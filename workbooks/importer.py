"""Importing the register, as a pipeline: read → typed rows → plan (pure) → write through the services.

    sheets = reader.read_files(files)                    # bounded work, whatever the file
    plan = check(sheets, user=user, source="r.xlsx")     # every error in one pass; what would change, old → new
    apply(plan, user=user)                               # exactly that plan, all or nothing, compare-and-swap

`check` reads the database once (in a fixed number of queries) into plain data and leaves the rest to
`rows.type_rows` and `plan.compute_plan`, which never touch it. The plan can be kept (uploads.store_plan) and
applied later without reading the file again. Unchanged rows are not written, so a second import of the same
file changes nothing and adds no history.
"""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from participants.models import ProgressReport, ReportBreakdown
from projects.models import Organisation, Project, ProjectPartner, ProjectTargetGroup
from strategies.models import Node, Strategy, TargetGroup

from .plan import SavedOrganisation, SavedProject, SavedReport, Snapshot, compute_plan
from .reader import SHEETS
from .rows import Reference, RowError, type_rows
from .writer import BATCH, ImportConflict, apply_plan


def check(sheets, *, user, source=""):
    """The Plan for `sheets` ({name: reader.Sheet}) as `user` would import them; writes nothing."""
    reference = load_reference()
    typed = type_rows(sheets, reference)
    permissions = frozenset(user.get_all_permissions()) if user is not None else frozenset()
    name = (user.get_full_name() or user.get_username()) if user is not None else ""
    plan = compute_plan(typed, load_snapshot(typed, reference), permissions, name)
    if not any(name in sheets for name in SHEETS):
        plan.errors.append(RowError(", ".join(SHEETS), None, None, _("None of the expected sheets was found.")))
    plan.source = source
    return plan


def apply(plan, *, user):
    """Write a checked plan without errors; on a conflict the plan gets that error and nothing is saved."""
    try:
        apply_plan(plan, user)
    except ImportConflict as conflict:
        plan.errors = [conflict.error]
    return plan


def import_sheets(sheets, *, user, source="", dry_run=False):
    """Check `sheets` and, when no row has an error and this is not a dry run, write all of it at once."""
    plan = check(sheets, user=user, source=source)
    if not plan.errors and not dry_run:
        apply(plan, user=user)
    return plan


# --- reading the database into plain data ---------------------------------------------------------------


def load_reference():
    return Reference(
        strategies=dict(Strategy.objects.values_list("code", "pk")),
        nodes={(strategy, code): pk for pk, strategy, code in Node.objects.values_list("pk", "strategy_id", "code")},
        groups=dict(TargetGroup.objects.values_list("pk", "name")),
    )


def _chunks(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load_snapshot(typed, reference):
    """The saved organisations, and the projects and reports the file names, as plain data."""
    organisations = {
        row["name"]: SavedOrganisation(**row)
        for row in Organisation.objects.values(
            "pk", "version", "name", "legal_form", "sector", "company_code", "email", "phone", "website"
        )
    }
    codes = {row.code for row in typed.projects} | {row.project for row in typed.reports}
    projects, promoters = {}, {o.pk: o.name for o in organisations.values()}
    links = ("promoter", "partners", "target_groups", "planned")
    project_fields = [f for f in SavedProject.__slots__ if f not in links]
    for chunk in _chunks(codes):
        for row in Project.objects.filter(code__in=chunk).values(*project_fields, "promoter_id"):
            promoter_id = row.pop("promoter_id")
            projects[row["code"]] = SavedProject(**row, promoter=promoters.get(promoter_id))
    by_id = {project.pk: project for project in projects.values()}
    partners, groups = defaultdict(set), defaultdict(set)
    reports = defaultdict(list)
    report_fields = [f for f in SavedReport.__slots__ if f not in ("project", "breakdown")]
    saved_reports = {}
    for chunk in _chunks(by_id):
        for project_id, name in ProjectPartner.objects.filter(project_id__in=chunk).values_list(
            "project_id", "organisation__name"
        ):
            partners[project_id].add(name)
        for project_id, group_id, planned in ProjectTargetGroup.objects.filter(project_id__in=chunk).values_list(
            "project_id", "target_group_id", "planned_participants"
        ):
            groups[project_id].add(group_id)
            by_id[project_id].planned[group_id] = planned
        for row in ProgressReport.objects.filter(project_id__in=chunk).values(*report_fields, "project_id"):
            project_id = row.pop("project_id")
            report = SavedReport(**row, project=by_id[project_id].code)
            reports[report.project].append(report)
            saved_reports[report.pk] = report
        for report_id, group_id, count in ReportBreakdown.objects.filter(report__project_id__in=chunk).values_list(
            "report_id", "target_group_id", "participants"
        ):
            saved_reports[report_id].breakdown[group_id] = count
    for project in projects.values():
        project.partners = frozenset(partners[project.pk])
        project.target_groups = frozenset(groups[project.pk])
    return Snapshot(
        organisations=organisations,
        projects=projects,
        reports=dict(reports),
        node_codes={pk: code for (_strategy, code), pk in reference.nodes.items()},
        group_names=dict(reference.groups),
    )
