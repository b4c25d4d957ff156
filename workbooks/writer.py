"""Step 4 of the import: apply a checked Plan through the same services as the workspace, all or nothing.

Each row the plan changes is written with a compare-and-swap against the version the check saw: if someone
changed that organisation, project or report in between, the whole import stops with a message naming the row
and who changed it when, and nothing is saved. Reports move through the workflow step by step (create, save,
submit, approve, return), so approval records who approved and when, exactly as the workspace's buttons do.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import last_change
from participants import services as report_services
from participants.models import ProgressReport
from projects import services
from projects.models import Organisation, Project
from strategies.models import TargetGroup

from .plan import NEW
from .reader import ORGANISATIONS, PROJECTS, REPORTS
from .rows import ABSENT, RowError

BATCH = 500
BULK_BATCH = 2000  # rows per INSERT of the bulk paths


class ImportConflict(Exception):
    """The plan cannot be applied as checked; `error` (a RowError) says which row and why."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


def apply_plan(plan, user):
    """Write `plan` (no errors) in one transaction; raises ImportConflict and saves nothing if a row cannot be."""
    if plan.changes:
        reason = services.change_reason(services.IMPORT, plan.source)
        with transaction.atomic():
            _Writer(plan, user, reason).write()
    plan.applied = True
    return plan


def _chunks(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Writer:
    def __init__(self, plan, user, reason):
        self.plan = plan
        self.user = user
        self.reason = reason

    def write(self):
        self.organisations()
        self.projects()
        self.reports()

    def conflict(self, change, model, exc):
        """An ImportConflict for `change`: who changed the row since the check, or the service's refusal."""
        saved = model.objects.filter(pk=change.pk).values_list("version", flat=True).first() if change.pk else None
        if change.pk and saved != change.version:
            who, when = last_change(model(pk=change.pk))
            name = (who.get_full_name() or who.get_username()) if who else _("someone")
            message = _(
                "%(who)s changed this row in the portal at %(when)s, after the file was checked. Nothing was "
                "saved: check the file again, so that the import does not undo that change."
            ) % {"who": name, "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else "?"}
        else:
            message = exc.message
        return self.refusal(change, message)

    def refusal(self, change, message):
        """An ImportConflict naming `change`'s row (or, for a row made by another sheet, where it came from)."""
        sheet = change.sheet if change.row else PROJECTS
        return ImportConflict(RowError(sheet, change.row or change.origin, None, f"{change.label}: {message}"))

    def saved(self, change, model):
        """The saved row `change` updates; an ImportConflict when someone deleted it after the check."""
        row = model.objects.filter(pk=change.pk).first()
        if row is None:
            message = _(
                "someone deleted this row in the portal after the file was checked. Nothing was saved: check the "
                "file again."
            )
            raise self.refusal(change, message)
        return row

    # --- organisations

    def organisations(self):
        new = []
        for change in self.plan.rows[ORGANISATIONS]:
            organisation = Organisation(name=change.label) if change.kind == NEW else self.saved(change, Organisation)
            if not isinstance(change.typed, str):
                for name in change.typed.FIELDS:
                    value = getattr(change.typed, name)
                    if value is not ABSENT:
                        setattr(organisation, name, value)
            if change.kind == NEW:
                new.append((change, organisation))
                continue
            try:
                services.organisation_save(
                    organisation=organisation, user=self.user, version=change.version, reason=self.reason
                )
            except services.Conflict as exc:
                raise self.conflict(change, Organisation, exc) from exc
        # New organisations (all of a first import) in bulk, by the same rules as one by one.
        try:
            services.organisations_create(
                organisations=[organisation for _change, organisation in new],
                user=self.user,
                reason=self.reason,
                batch=BULK_BATCH,
            )
        except services.Conflict as exc:
            raise self.conflict(new[0][0], Organisation, exc) from exc

    def organisation_ids(self, names):
        ids = {}
        for chunk in _chunks(set(names)):
            ids.update(Organisation.objects.filter(name__in=chunk).values_list("name", "pk"))
        return ids

    # --- projects

    def projects(self):
        changes = self.plan.rows[PROJECTS]
        names = set()
        for change in changes:
            names.add(change.typed.promoter)
            if isinstance(change.typed.partners, list):
                names.update(change.typed.partners)
        organisation_ids = self.organisation_ids(names)
        new = [change for change in changes if change.kind == NEW]
        for change in changes:
            if change.kind == NEW:
                continue
            typed = change.typed
            project = self.saved(change, Project)  # new projects are created in bulk below
            for name in typed.FIELDS:
                value = getattr(typed, name)
                if value is not ABSENT:
                    setattr(project, name, value)
            project.promoter_id = organisation_ids[typed.promoter]
            try:
                services.project_save(project=project, user=self.user, version=change.version, reason=self.reason)
            except services.Conflict as exc:
                raise self.conflict(change, Project, exc) from exc
            if isinstance(typed.partners, list):
                services.project_set_partners(
                    project=project,
                    organisation_ids=[organisation_ids[name] for name in typed.partners],
                    user=self.user,
                    reason=self.reason,
                )
            if isinstance(typed.target_groups, list):
                services.project_set_target_groups(
                    project=project, target_group_ids=typed.target_groups, user=self.user, reason=self.reason
                )
            if typed.planned:
                services.project_set_planned_participants(
                    project=project, planned=typed.planned, user=self.user, reason=self.reason
                )
        # New projects (most of a first import) in bulk, by the same rules as one by one.
        entries = []
        for change in new:
            typed = change.typed
            project = Project(code=typed.code)
            for name in typed.FIELDS:
                value = getattr(typed, name)
                if value is not ABSENT:
                    setattr(project, name, value)
            project.promoter_id = organisation_ids[typed.promoter]
            partners = typed.partners if isinstance(typed.partners, list) else None
            groups = typed.target_groups if isinstance(typed.target_groups, list) else None
            partner_ids = partners and [organisation_ids[name] for name in partners]
            entries.append((project, partner_ids, groups, typed.planned))
        try:
            services.projects_create(entries=entries, user=self.user, reason=self.reason, batch=BULK_BATCH)
        except services.Conflict as exc:
            raise self.conflict(new[0], Project, exc) from exc

    # --- reports

    def reports(self):
        changes = self.plan.rows[REPORTS]
        if not changes:
            return
        groups = {group.pk: group for group in TargetGroup.objects.all()}
        codes = {change.typed.project for change in changes}
        project_ids = {}
        for chunk in _chunks(codes):
            project_ids.update(Project.objects.filter(code__in=chunk).values_list("code", "pk"))
        new = [change for change in changes if change.kind == NEW]
        for change in changes:
            if change.kind == NEW:
                continue
            try:
                self.report(change, groups, project_ids)
            except report_services.ReportConflict as exc:
                raise self.conflict(change, ProgressReport, exc) from exc
        # New reports (most of a first import) in bulk, by the same rules and with the same history as one by one.
        entries = [self.new_report(change, groups, project_ids) for change in new]
        comment = _("Returned in the imported file %(name)s.") % {"name": self.plan.source}
        try:
            report_services.reports_create(
                entries=entries, user=self.user, reason=self.reason, return_comment=comment, batch=BULK_BATCH
            )
        except report_services.ReportsConflict as exc:
            raise self.conflict(new[exc.index], ProgressReport, exc) from exc

    def new_report(self, change, groups, project_ids):
        """(report, breakdown, steps after "create") of a new row, for reports_create."""
        typed = change.typed
        report = ProgressReport(
            project_id=project_ids[typed.project], period_start=typed.period_start, period_end=typed.period_end
        )
        for name in typed.FIELDS:
            value = getattr(typed, name)
            if value is not ABSENT:
                setattr(report, name, value)
        breakdown = {groups[group]: count for group, count in typed.breakdown.items()}
        return report, breakdown, tuple(step for step in change.steps if step not in ("create", "save"))

    def report(self, change, groups, project_ids):
        typed = change.typed
        if change.kind == NEW:
            report = ProgressReport(
                project_id=project_ids[typed.project], period_start=typed.period_start, period_end=typed.period_end
            )
        else:
            report = self.saved(change, ProgressReport)
        for name in typed.FIELDS:
            value = getattr(typed, name)
            if value is not ABSENT:
                setattr(report, name, value)
        breakdown = {groups[group]: count for group, count in typed.breakdown.items()}
        version = change.version
        for step in change.steps:
            if step in ("create", "save"):
                report_services.report_save(
                    report=report, breakdown=breakdown, user=self.user, version=version, reason=self.reason
                )
            elif step == "submit":
                report_services.report_submit(report=report, user=self.user, version=version, reason=self.reason)
            elif step == "approve":
                report_services.report_approve(report=report, user=self.user, version=version, reason=self.reason)
            elif step == "return":
                comment = _("Returned in the imported file %(name)s.") % {"name": self.plan.source}
                report_services.report_return(
                    report=report, user=self.user, comment=comment, version=version, reason=self.reason
                )
            version = report.version  # the next step continues from the version this one wrote
