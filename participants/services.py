"""Writes to progress reports: saving with optimistic locking and the draft → submitted → approved workflow.

Every write bumps `version` with a compare-and-swap UPDATE, so a form or button that read the report at an
older version is refused instead of silently overwriting someone else's change.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ProgressReport, ReportBreakdown

Status = ProgressReport.Status


class ReportConflict(Exception):
    """The report changed since the user read it, or is not in a state that allows the change."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


STALE_MESSAGE = _(
    "Someone else changed this report while you were editing it. Your changes were not saved: "
    "compare them with the current version below and save again."
)


def _claim(report, version):
    """Bump the version in the database if it is still `version`; refuse otherwise."""
    expected = report.version if version is None else version
    bumped = ProgressReport.objects.filter(pk=report.pk, version=expected).update(version=expected + 1)
    if not bumped:
        raise ReportConflict(STALE_MESSAGE)
    report.version = expected + 1


def _save(report, user):
    report._history_user = user  # history records the user outside requests too (imports, shell)
    report.save()


@transaction.atomic
def report_save(*, report, breakdown, user, version=None):
    """Create or update `report` (figures already validated) and its breakdown {TargetGroup: count or None}.

    A new report is a draft entered by `user`. An existing one is saved only if it is still at `version`
    and is not approved (approved reports are locked until returned).
    """
    if report.pk is None:
        report.created_by = user
        report.status = Status.DRAFT
        report.version = 1
        _save(report, user)
    else:
        current = ProgressReport.objects.only("status").get(pk=report.pk)
        if current.status == Status.APPROVED:
            raise ReportConflict(_("An approved report is locked. Return it first to change it."))
        _claim(report, version)
        _save(report, user)
    _save_breakdown(report, breakdown, user)
    return report


def _save_breakdown(report, breakdown, user):
    existing = {row.target_group_id: row for row in report.breakdown.all()}
    for group, count in breakdown.items():
        row = existing.get(group.pk)
        if count is None:
            if row:
                row._history_user = user
                row.delete()
            continue
        if row is None:
            row = ReportBreakdown(report=report, target_group=group, participants=count)
        elif row.participants == count:
            continue
        row.participants = count
        row._history_user = user
        row.save()


def _transition(report, *, version, allowed_from, refusal):
    if report.status not in allowed_from:
        raise ReportConflict(refusal)
    _claim(report, version)


@transaction.atomic
def report_submit(*, report, user, version=None):
    """Draft or returned → submitted: the figures are ready for approval."""
    _transition(
        report,
        version=version,
        allowed_from={Status.DRAFT, Status.RETURNED},
        refusal=_("Only a draft or a returned report can be submitted."),
    )
    report.status = Status.SUBMITTED
    report.submitted_by = user
    report.submitted_at = timezone.now()
    _save(report, user)
    return report


@transaction.atomic
def report_approve(*, report, user, version=None):
    """Submitted → approved: the figures now count on public pages and in board reports; the report is locked."""
    _transition(
        report,
        version=version,
        allowed_from={Status.SUBMITTED},
        refusal=_("Only a submitted report can be approved."),
    )
    report.status = Status.APPROVED
    report.approved_by = user
    report.approved_at = timezone.now()
    report.return_comment = ""
    _save(report, user)
    return report


@transaction.atomic
def report_return(*, report, user, comment, version=None):
    """Submitted or approved → returned with a comment; returning an approved report unlocks it."""
    _transition(
        report,
        version=version,
        allowed_from={Status.SUBMITTED, Status.APPROVED},
        refusal=_("Only a submitted or an approved report can be returned."),
    )
    report.status = Status.RETURNED
    report.returned_by = user
    report.returned_at = timezone.now()
    report.return_comment = comment
    report.approved_by = None
    report.approved_at = None
    _save(report, user)
    return report


@transaction.atomic
def report_delete(*, report, user):
    """Delete a report that is not approved (approved figures are public; return the report first)."""
    if report.status == Status.APPROVED:
        raise ReportConflict(_("An approved report is locked. Return it first to delete it."))
    report._history_user = user
    report.delete()
