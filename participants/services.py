"""Writes to progress reports: saving with optimistic locking and the draft → submitted → approved workflow.

Every write bumps `version` with a compare-and-swap UPDATE, so a form, a button, the admin or an import that
read the report at an older version is refused instead of silently overwriting someone else's change.
The workspace, the admin and the workbook import all write through these functions, so an approved report
is locked and approval is recorded (who, when) whichever way the change comes in; `reason` says which way
in the report's history.

Saving locks the project's row while it checks the period, so two requests at the same moment cannot both
add a report for overlapping periods (on SQLite, writes run one at a time and the check runs inside the write).
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import bulk
from common.constraints import constraint_message
from common.history import copy_to_history
from common.versioning import Conflict, check_version, claim_version
from projects.models import Project
from projects.services import WORKSPACE, change_reason, save_with_history, saved_or_conflict

from .models import ProgressReport, ReportBreakdown, overlap_message, period_bounds_errors

Status = ProgressReport.Status
# The exclusion constraint PostgreSQL keeps (migration 0003), for a request that slips past the check.
_OVERLAP = {"report_periods_do_not_overlap": _("The period overlaps another report of this project.")}


class ReportConflict(Conflict):
    """The report changed since the user read it, or is not in a state that allows the change."""


STALE_MESSAGE = _(
    "Someone else changed this report while you were editing it. Your changes were not saved: "
    "compare them with the current version below and save again."
)


# A step (submit, approve, return) asked on a page read before someone else's change: nothing typed is lost.
STALE_STEP_MESSAGE = _(
    "Someone else changed this report since you opened the page, so nothing was done: read the report as it is now "
    "and take the step again if it still applies."
)


def _claim(report, version, message=STALE_MESSAGE):
    """Bump the version in the database if it is still `version`; refuse otherwise."""
    claim_version(report, version, message, ReportConflict)


def _save(report, user, reason):
    saved_or_conflict(report, user, reason, _OVERLAP, ReportConflict)


def _save_step(report, user, reason):
    """A workflow step changes no field a database constraint guards: saved without a savepoint."""
    save_with_history(report, user, reason)


def _check_period(report):
    """The period rules again, inside the write, with the project's row locked until the transaction ends."""
    report.project = Project.objects.select_for_update().get(pk=report.project_id)
    errors = report.period_errors()
    if errors:
        raise ReportConflict(next(iter(errors.values())))


@transaction.atomic
def report_save(*, report, breakdown, user, version=None, reason=None):
    """Create or update `report` (figures already validated) and its breakdown {TargetGroup: count or None}.

    A new report is a draft entered by `user`. An existing one is saved only if it is still at `version`
    and is not approved (approved reports are locked until returned). `breakdown=None` leaves the breakdown
    as it is (the admin saves it itself).
    """
    created = report.pk is None
    if created:
        _check_period(report)
        report.created_by = user
        report.status = Status.DRAFT
        report.version = 1
        _save(report, user, reason or change_reason(WORKSPACE, "create"))
    else:
        current = ProgressReport.objects.only("status").get(pk=report.pk)
        if current.status == Status.APPROVED:
            raise ReportConflict(_("An approved report is locked. Return it first to change it."))
        _check_period(report)
        _claim(report, version)
        _save(report, user, reason or change_reason(WORKSPACE, "save"))
    if breakdown is not None:
        _save_breakdown(report, breakdown, user, reason or change_reason(WORKSPACE, "save"), created)
    return report


def _save_breakdown(report, breakdown, user, reason, created=False):
    existing = {} if created else {row.target_group_id: row for row in report.breakdown.all()}
    for group, count in breakdown.items():
        row = existing.get(group.pk)
        if count is None:
            if row:
                row._history_user, row._change_reason = user, reason
                row.delete()
            continue
        if row is None:
            row = ReportBreakdown(report=report, target_group=group, participants=count)
        elif row.participants == count:
            continue
        row.participants = count
        row._history_user, row._change_reason = user, reason
        row.save()


# What each workflow step changes: the single steps below and reports_create share them.


def _submitted(report, user, when):
    report.status = Status.SUBMITTED
    report.submitted_by = user
    report.submitted_at = when


def _approved(report, user, when):
    report.status = Status.APPROVED
    report.approved_by = user
    report.approved_at = when
    report.return_comment = ""


def _returned(report, user, when, comment):
    report.status = Status.RETURNED
    report.returned_by = user
    report.returned_at = when
    report.return_comment = comment
    report.approved_by = None
    report.approved_at = None


_STEPS = {
    # step: (the statuses it may start from, the refusal otherwise)
    "submit": ({Status.DRAFT, Status.RETURNED}, _("Only a draft or a returned report can be submitted.")),
    "approve": ({Status.SUBMITTED}, _("Only a submitted report can be approved.")),
    "return": ({Status.SUBMITTED, Status.APPROVED}, _("Only a submitted or an approved report can be returned.")),
}


def _transition(report, *, version, allowed_from, refusal):
    if report.status not in allowed_from:
        raise ReportConflict(refusal)
    _claim(report, version, STALE_STEP_MESSAGE)


@transaction.atomic
def report_submit(*, report, user, version=None, reason=None):
    """Draft or returned → submitted: the figures are ready for approval."""
    _transition(
        report,
        version=version,
        allowed_from={Status.DRAFT, Status.RETURNED},
        refusal=_("Only a draft or a returned report can be submitted."),
    )
    _submitted(report, user, timezone.now())
    _save_step(report, user, reason or change_reason(WORKSPACE, "submit"))
    return report


FOUR_EYES_MESSAGE = _("You submitted this report, so someone else must approve it (the four-eyes rule).")


def four_eyes_refuses(report, user):
    """Whether the four-eyes rule (`FOUR_EYES`) keeps `user` from approving `report`: they submitted it."""
    return settings.FOUR_EYES and report.submitted_by_id is not None and report.submitted_by_id == user.pk


@transaction.atomic
def report_approve(*, report, user, version=None, reason=None):
    """Submitted → approved: the figures now count on public pages and in board reports; the report is locked.

    With `FOUR_EYES` on, the person who submitted the report may not approve it, whichever way they try.
    """
    if four_eyes_refuses(report, user):
        raise ReportConflict(FOUR_EYES_MESSAGE)
    _transition(
        report,
        version=version,
        allowed_from={Status.SUBMITTED},
        refusal=_("Only a submitted report can be approved."),
    )
    _approved(report, user, timezone.now())
    _save_step(report, user, reason or change_reason(WORKSPACE, "approve"))
    return report


@transaction.atomic
def report_return(*, report, user, comment, version=None, reason=None):
    """Submitted or approved → returned with a comment; returning an approved report unlocks it."""
    _transition(
        report,
        version=version,
        allowed_from={Status.SUBMITTED, Status.APPROVED},
        refusal=_("Only a submitted or an approved report can be returned."),
    )
    _returned(report, user, timezone.now(), comment)
    _save_step(report, user, reason or change_reason(WORKSPACE, "return"))
    return report


@transaction.atomic
def report_delete(*, report, user, version=None, reason=None):
    """Delete a report that is not approved (approved figures are public; return the report first), as it was
    at `version` (the page that asked showed it)."""
    current = ProgressReport.objects.select_for_update().only("status", "version").filter(pk=report.pk).first()
    if current is not None and current.status == Status.APPROVED:
        raise ReportConflict(_("An approved report is locked. Return it first to delete it."))
    check_version(current and current.version, version, ReportConflict)
    report._history_user = user
    report._change_reason = reason or change_reason(WORKSPACE, "delete")
    report.delete()


# The fields the workflow steps change (_submitted, _approved, _returned, and the version); the rest of a report
# is the same in every state reports_create leaves it in.
_WORKFLOW_FIELDS = [
    ProgressReport._meta.get_field(name)
    for name in (
        "status",
        "version",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "returned_by",
        "returned_at",
        "return_comment",
    )
]


def _workflow_state(report):
    return tuple(getattr(report, field.attname) for field in _WORKFLOW_FIELDS)


class ReportsConflict(ReportConflict):
    """reports_create refused one of its reports (`index` in the list it was given); nothing was saved."""

    def __init__(self, message, index):
        super().__init__(message)
        self.index = index


def _locked_projects(project_ids, batch):
    ids, projects = sorted(project_ids), {}
    for start in range(0, len(ids), batch):
        rows = Project.objects.select_for_update().filter(pk__in=ids[start : start + batch])
        projects.update((project.pk, project) for project in rows)
    return projects


def _saved_periods(project_ids, batch):
    ids, periods = sorted(project_ids), {}
    for start in range(0, len(ids), batch):
        rows = ProgressReport.objects.filter(project_id__in=ids[start : start + batch])
        for project_id, begins, ends in rows.values_list("project_id", "period_start", "period_end"):
            periods.setdefault(project_id, []).append((begins, ends))
    return periods


@transaction.atomic
def reports_create(*, entries, user, reason, return_comment="", batch=2000):
    """Create many new reports at once (an import's new rows) by the rules of report_save and the workflow steps.

    `entries`: [(report, breakdown {TargetGroup: count or None}, steps)] — each report new, its figures set and
    validated, its steps those after "create" ("submit", "approve", "return"). The same checks as one at a time
    (the period within the project's dates and overlapping no report of the project, with the projects' rows
    locked; each step allowed from the status before it) and the same result (entered, submitted, approved or
    returned by `user`, the version counting the steps, a history row for every step with `reason`), written with
    bulk inserts. Raises ReportsConflict naming the entry, and saves nothing.
    """
    if not entries:
        return []
    projects = _locked_projects({report.project_id for report, _breakdown, _steps in entries}, batch)
    periods = _saved_periods(projects, batch)
    now = timezone.now()
    states = []  # per entry: its workflow fields after "create" and after each step, for its history
    for index, (report, _breakdown, steps) in enumerate(entries):
        report.project = projects[report.project_id]
        errors = period_bounds_errors(
            report.period_start, report.period_end, report.project.start_date, report.project.end_date
        )
        saved = periods.get(report.project_id, [])
        clash = next(((b, e) for b, e in saved if b <= report.period_end and report.period_start <= e), None)
        if clash:
            errors["__all__"] = overlap_message(*clash)
        if errors:
            raise ReportsConflict(next(iter(errors.values())), index)
        periods.setdefault(report.project_id, []).append((report.period_start, report.period_end))
        report.created_by, report.status, report.version = user, Status.DRAFT, 1
        steps_of = [_workflow_state(report)]
        for step in steps:
            allowed_from, refusal = _STEPS[step]
            if report.status not in allowed_from:
                raise ReportsConflict(refusal, index)
            if step == "submit":
                _submitted(report, user, now)
            elif step == "approve":
                _approved(report, user, now)
            else:
                _returned(report, user, now, return_comment)
            report.version += 1
            steps_of.append(_workflow_state(report))
        states.append(steps_of)
    reports = [report for report, _breakdown, _steps in entries]
    try:
        bulk.insert(reports, batch=batch)
    except IntegrityError as exc:  # a request that slipped past the check: the database's own rule
        raise ReportsConflict(constraint_message(exc, _OVERLAP), 0) from exc
    # The history, copied from the rows just written: per step, one statement for the reports that were in the
    # same state after it ("+" for the new draft, "~" for each step), each report's rows in the order of its steps.
    by_state = {}
    for report, steps_of in zip(reports, states, strict=True):
        for position, state in enumerate(steps_of):
            by_state.setdefault((position, state), []).append(report.pk)
    for (position, state), pks in sorted(by_state.items(), key=lambda item: item[0][0]):
        copy_to_history(
            ProgressReport,
            pks,
            user=user,
            reason=reason,
            date=now,
            history_type="~" if position else "+",
            overrides={field.name: value for field, value in zip(_WORKFLOW_FIELDS, state, strict=True)},
            batch=batch,
        )
    rows = [
        (report.pk, group.pk, count)
        for report, breakdown, _steps in entries
        for group, count in breakdown.items()
        if count is not None
    ]
    bulk.insert_values(ReportBreakdown, ("report", "target_group", "participants"), rows, batch=batch)
    copy_to_history(
        ReportBreakdown, [report.pk for report in reports], user=user, reason=reason, date=now, by="report", batch=batch
    )
    return reports
