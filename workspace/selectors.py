"""Reads of the staff workspace: the dashboard and readable change history."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, F, ForeignKey, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.formatting import format_money, format_number
from participants.models import ProgressReport, ReportBreakdown
from projects.models import Project, ProjectPartner, ProjectTargetGroup
from strategies.models import Strategy

ENDING_SOON_DAYS = 60


def last_complete_quarter(today):
    """(first day, last day) of the calendar quarter before the one `today` falls in."""
    first_of_current = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_of_current - datetime.timedelta(days=1)
    start = datetime.date(end.year, end.month - 2, 1)
    return start, end


@dataclass
class Dashboard:
    today: datetime.date
    quarter: tuple
    waiting: list
    returned: list
    drafts: list
    missing_report: list
    ending_soon: list
    overdue: list


def dashboard(today=None):
    """The six lists of the staff dashboard, in six queries whatever the data size."""
    today = today or timezone.localdate()
    q_start, q_end = last_complete_quarter(today)
    reports = ProgressReport.objects.select_related("project", "submitted_by", "returned_by")
    covering = ProgressReport.objects.approved().filter(
        project=OuterRef("pk"), period_start__lte=q_end, period_end__gte=q_start
    )
    missing = (
        # running: in progress, or under a signed contract once it has started (a status not moved on yet)
        Project.objects.filter(status__in=[Project.Status.IN_PROGRESS, Project.Status.CONTRACT_SIGNED])
        .exclude(start_date__gt=q_end)
        .exclude(end_date__lt=q_start)  # it had ended: no report can cover the quarter
        .exclude(node__strategy__status=Strategy.Status.CLOSED)  # its strategy is closed: no more reports are due
        .exclude(Exists(covering))
        .select_related("promoter")
        .order_by(F("end_date").asc(nulls_last=True), "title")
    )
    ending = (
        Project.objects.filter(end_date__gte=today, end_date__lte=today + datetime.timedelta(days=ENDING_SOON_DAYS))
        .exclude(status__in=[Project.Status.COMPLETED, Project.Status.TERMINATED])
        .select_related("promoter")
        .order_by(F("end_date").asc(nulls_last=True), "title")
    )
    # Past their end date but still selected, contracted or in progress: the record wants "completed" or
    # "terminated" (the public pages show them as still running until then).
    overdue = (
        Project.objects.counted()
        .exclude(status=Project.Status.COMPLETED)
        .filter(end_date__lt=today)
        .select_related("promoter")
        .order_by("end_date", "title")
    )
    return Dashboard(
        today=today,
        quarter=(q_start, q_end),
        waiting=list(reports.pending().order_by("submitted_at")),
        returned=list(reports.filter(status=ProgressReport.Status.RETURNED).order_by("-returned_at")),
        drafts=list(reports.filter(status=ProgressReport.Status.DRAFT).order_by("period_end", "project__title")),
        missing_report=list(missing),
        ending_soon=list(ending),
        overdue=list(overdue),
    )


def report_list(status=None):
    reports = ProgressReport.objects.select_related("project", "project__promoter", "submitted_by").order_by(
        "-period_end", "project__title"
    )
    if status:
        reports = reports.filter(status=status)
    return reports


# --- history -------------------------------------------------------------------------------------------

_HIDDEN_FIELDS = {"id", "version", "submission", "created_at", "updated_at", "slug", "sort_key", "depth"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: object
    action: str
    subject: str = ""
    changes: list = field(default_factory=list)
    reason: str = ""  # where the change came from: the workspace, the admin, an imported file


_ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
_WORKSPACE_STEPS = {
    "create": _("created"),
    "save": _("saved"),
    "submit": _("submitted"),
    "approve": _("approved"),
    "return": _("returned"),
    "delete": _("deleted"),
}


def reason_label(reason):
    """The change reason a service recorded (`workspace: submit`, `admin`, `import: r.xlsx`), as people read it."""
    if not reason:
        return ""
    source, _colon, detail = reason.partition(": ")
    if source == "workspace":
        return _("workspace: %(step)s") % {"step": _WORKSPACE_STEPS.get(detail, detail)}
    if source == "admin":
        return _("admin")
    if source == "import":
        return _("import of %(file)s") % {"file": detail}
    return reason


def _tracked_fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in _HIDDEN_FIELDS]


def _related_names(model, records):
    """{field name: {pk: str(object)}} for the foreign keys the records point to: one query per key."""
    names = {}
    for f in _tracked_fields(model):
        if not isinstance(f, ForeignKey):
            continue
        ids = {getattr(r, f.attname) for r in records} - {None}
        objects = f.related_model._default_manager.filter(pk__in=ids) if ids else []
        names[f.name] = {obj.pk: _name_of(obj) for obj in objects}
    return names


def _name_of(obj):
    """A person by their name, as the history's "who" column shows them; anything else as it writes itself."""
    if hasattr(obj, "get_full_name"):
        return obj.get_full_name() or obj.get_username()
    return str(obj)


# Amounts of money, written with cents and the euro sign like everywhere else
_MONEY_FIELDS = {"total_cost", "grant", "own_contribution", "spent", "budget"}


def _display(f, value, names):
    if value is None or value == "":
        return "—"
    if f.name in names:
        return names[f.name].get(value, f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if f.name in _MONEY_FIELDS:
        return format_money(value)
    if isinstance(value, (int, Decimal)):
        return format_number(value)
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def readable_history(model, records, subject=None):
    """HistoryEntry items, newest first, from historical `records` of `model` (any order).

    Each entry lists the fields changed since the previous record of the same object, with labels and
    values as people read them.
    """
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    names = _related_names(model, records)
    fields = _tracked_fields(model)
    previous = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        for f in fields:
            new = getattr(record, f.attname)
            old = getattr(before, f.attname) if before else None
            if (
                record.history_type == "-"
                or (before is not None and old == new)
                or (before is None and new in (None, ""))
            ):
                continue
            changes.append(Change(str(f.verbose_name), _display(f, old, names), _display(f, new, names)))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=_ACTIONS[record.history_type],
                subject=subject(record, names) if subject else "",
                changes=changes,
                reason=reason_label(getattr(record, "history_change_reason", "")),
            )
        )
        previous[record.id] = record
    entries.reverse()
    return entries


def report_history(report):
    """The report's own changes and its breakdown's, in one timeline: three queries plus one per foreign key."""
    own = report.history.select_related("history_user")
    rows = ReportBreakdown.history.filter(report_id=report.pk).select_related("history_user")
    entries = readable_history(ProgressReport, own) + readable_history(
        ReportBreakdown,
        rows,
        subject=lambda record, names: (
            _("Participants: %(group)s") % {"group": names["target_group"].get(record.target_group_id, "")}
        ),
    )
    for entry in entries:
        # The breakdown's own report link says nothing on the report's page.
        entry.changes = [
            c for c in entry.changes if c.label != str(ReportBreakdown._meta.get_field("report").verbose_name)
        ]
    return sorted(entries, key=lambda e: e.when, reverse=True)


def project_history(project):
    """The project's own changes with its partners' and target groups' in one timeline."""
    entries = readable_history(Project, project.history.select_related("history_user"))
    entries += readable_history(
        ProjectPartner,
        ProjectPartner.history.filter(project_id=project.pk).select_related("history_user"),
        subject=lambda record, names: (
            _("Partner: %(name)s") % {"name": names["organisation"].get(record.organisation_id, "")}
        ),
    )
    entries += readable_history(
        ProjectTargetGroup,
        ProjectTargetGroup.history.filter(project_id=project.pk).select_related("history_user"),
        subject=lambda record, names: (
            _("Target group: %(group)s") % {"group": names["target_group"].get(record.target_group_id, "")}
        ),
    )
    own_link = str(ProjectPartner._meta.get_field("project").verbose_name)
    for entry in entries:
        # The rows' link back to the project says nothing on the project's own history page.
        entry.changes = [c for c in entry.changes if c.label != own_link]
    return sorted(entries, key=lambda e: e.when, reverse=True)
