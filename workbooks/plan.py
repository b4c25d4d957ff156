"""Step 3 of the import: what the file would change, computed from the typed rows and the saved state alone.

`compute_plan(typed, snapshot, permissions)` is a pure function: no database, no clock. It compares each
typed row with the saved row the snapshot holds and returns a Plan — per sheet, the new, updated and
unchanged rows with every field old → new, the workflow steps each report takes, and the version each saved
row had when it was read — together with the errors only the saved state shows: a change to an approved
(locked) report, overlapping periods, a period outside the project's dates, a workflow step that does not
exist, a step the importing user has no right to take. The writer applies exactly this plan.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participants.models import ProgressReport, breakdown_errors, overlap_message, period_bounds_errors
from projects.models import Project, alike_name, planned_group_error, promoter_partner_error

from .columns import REPORT_STATUS_WORDS, breakdown_header, display, header_of, planned_header
from .reader import ORGANISATIONS, PROJECTS, REPORTS, SHEETS
from .rows import ABSENT, INVALID, OrganisationRow, ProjectRow, ReportRow, RowError, RowWarning

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"
Status = ProgressReport.Status

# --- the saved state, as plain data -------------------------------------------------------------------


@dataclass(slots=True)
class SavedOrganisation:
    pk: int
    version: int
    name: str
    legal_form: str = ""
    sector: str = ""
    company_code: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""


@dataclass(slots=True)
class SavedProject:
    pk: int
    version: int
    code: str
    title: str = ""
    node_id: int | None = None
    status: str = ""
    start_date: object = None
    end_date: object = None
    total_cost: object = None
    grant: object = None
    own_contribution: object = None
    planned_participants: object = None
    planned_volunteers: object = None
    planned_jobs: object = None
    promoter: str | None = None  # name
    partners: frozenset = frozenset()  # names
    target_groups: frozenset = frozenset()  # ids
    planned: dict = field(default_factory=dict)  # {TargetGroup id: planned participants} of its target groups


@dataclass(slots=True)
class SavedReport:
    pk: int
    version: int
    project: str  # code
    period_start: object
    period_end: object
    status: str
    participants: object = None
    volunteers: object = None
    jobs_created: object = None
    jobs_retained: object = None
    services: object = None
    spent: object = None
    achievements: str = ""
    difficulties: str = ""
    next_steps: str = ""
    breakdown: dict = field(default_factory=dict)  # {TargetGroup id: count}


@dataclass
class Snapshot:
    organisations: dict  # name -> SavedOrganisation
    projects: dict  # code -> SavedProject
    reports: dict  # project code -> [SavedReport]
    node_codes: dict  # node id -> code
    group_names: dict  # TargetGroup id -> name


# --- the plan ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class FieldChange:
    column: str
    old: str
    new: str


@dataclass(slots=True)
class Change:
    sheet: str
    row: int | None  # None: an organisation named in Projektai and found nowhere, created by name
    kind: str
    label: str
    typed: object  # the typed row, or the name of an organisation created by name
    pk: int | None = None  # the saved row's
    version: int | None = None  # the saved row's version when the file was checked
    steps: tuple = ()  # reports: create, save, submit, approve, return
    diffs: list = field(default_factory=list)  # FieldChange of an updated row
    needs: tuple = ()  # the permissions the change needs
    origin: int | None = None  # the Projektai row that names an organisation created by name


@dataclass
class Plan:
    source: str = ""
    sheets: tuple = ()
    rows: dict = field(default_factory=lambda: {sheet: [] for sheet in SHEETS})  # new and updated Changes
    counts: dict = field(default_factory=lambda: {sheet: Counter() for sheet in SHEETS})
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    cautions: list = field(default_factory=list)  # RowWarning: changes allowed, but worth a second look
    node_codes: dict = field(default_factory=dict)
    group_names: dict = field(default_factory=dict)
    applied: bool = False

    def add(self, change):
        self.counts[change.sheet][change.kind] += 1
        if change.kind != UNCHANGED:
            self.rows[change.sheet].append(change)

    @property
    def changes(self):
        return sum(c[NEW] + c[UPDATED] for c in self.counts.values())

    def summary(self):
        """[(sheet, new, updated, unchanged)] for the sheets that had rows."""
        return [(sheet, c[NEW], c[UPDATED], c[UNCHANGED]) for sheet, c in self.counts.items() if sum(c.values())]

    def changes_by_sheet(self):
        """[(sheet, [Change])] of new and updated rows."""
        return [(sheet, rows) for sheet, rows in self.rows.items() if rows]

    def field_changes(self, change):
        """[FieldChange] of a change: every field of a new row (— → value), the changed fields of an update."""
        if change.kind != NEW:
            return change.diffs
        typed = change.typed
        if isinstance(typed, str):
            return [FieldChange(header_of(ORGANISATIONS, "name"), "—", typed)]
        fields = [FieldChange(column, "—", new) for column, new in _new_values(typed, self) if new != "—"]
        return fields


# --- what each field is called and how it is shown --------------------------------------------------------

_ORGANISATION_KINDS = {"legal_form": "legal_form", "sector": "sector"}
_PROJECT_KINDS = {
    "status": "project_status",
    "planned_participants": "whole",
    "planned_volunteers": "whole",
}
_REPORT_KINDS = {"status": "report_status"}


def _show(kinds, name, value, plan=None):
    if name == "node_id" and plan is not None:
        return display("text", plan.node_codes.get(value, value))
    if name == "target_groups" and plan is not None:
        return display("names", [plan.group_names.get(pk, str(pk)) for pk in value])
    return display(kinds.get(name, "text"), value)


def _header(sheet, name):
    return header_of(sheet, {"node_id": "node", "period_start": "period_start"}.get(name, name))


def _new_values(typed, plan):
    """[(column, shown value)] of every field a new row gives."""
    if isinstance(typed, OrganisationRow):
        pairs = [("name", typed.name), *((name, getattr(typed, name)) for name in OrganisationRow.FIELDS)]
        return [(_header(ORGANISATIONS, n), _show(_ORGANISATION_KINDS, n, v)) for n, v in pairs if v is not ABSENT]
    if isinstance(typed, ProjectRow):
        names = ["code", "title", "node_id", "promoter", "partners", *ProjectRow.FIELDS[2:], "target_groups"]
        pairs = [(name, getattr(typed, name)) for name in names]
        shown = []
        for name, value in pairs:
            if value is ABSENT:
                continue
            kind = "names" if name == "partners" else None
            text = display(kind, value) if kind else _show(_PROJECT_KINDS, name, value, plan)
            shown.append((_header(PROJECTS, name), text))
        for group, count in typed.planned.items():
            shown.append((planned_header(plan.group_names.get(group, str(group))), display("whole", count)))
        return shown
    names = ["period_start", "period_end", "status", *ReportRow.FIELDS]
    shown = [
        (_header(REPORTS, name), _show(_REPORT_KINDS, name, getattr(typed, name)))
        for name in names
        if getattr(typed, name) is not ABSENT
    ]
    for group, count in typed.breakdown.items():
        shown.append((breakdown_header(plan.group_names.get(group, str(group))), display("whole", count)))
    return shown


# --- computing the plan --------------------------------------------------------------------------------

_RIGHTS = {
    "projects.add_organisation": _("create organisations"),
    "projects.change_organisation": _("change organisations"),
    "projects.add_project": _("create projects"),
    "projects.change_project": _("change projects"),
    "participants.add_progressreport": _("enter progress reports"),
    "participants.change_progressreport": _("change and submit progress reports"),
    "participants.approve_progressreport": _("approve or return progress reports"),
}
_STEP_RIGHTS = {
    "create": "participants.add_progressreport",
    "save": "participants.change_progressreport",
    "submit": "participants.change_progressreport",
    "approve": "participants.approve_progressreport",
    "return": "participants.approve_progressreport",
}
# (saved status, status in the file) -> the workflow steps between them; a pair missing here is refused.
_WORKFLOW = {
    (None, Status.DRAFT): ("create",),
    (None, Status.SUBMITTED): ("create", "submit"),
    (None, Status.APPROVED): ("create", "submit", "approve"),
    (None, Status.RETURNED): ("create", "submit", "return"),
    (Status.DRAFT, Status.SUBMITTED): ("submit",),
    (Status.DRAFT, Status.APPROVED): ("submit", "approve"),
    (Status.DRAFT, Status.RETURNED): ("submit", "return"),
    (Status.RETURNED, Status.SUBMITTED): ("submit",),
    (Status.RETURNED, Status.APPROVED): ("submit", "approve"),
    (Status.SUBMITTED, Status.APPROVED): ("approve",),
    (Status.SUBMITTED, Status.RETURNED): ("return",),
}


def compute_plan(typed, snapshot, permissions, user_name=""):
    """The Plan for `typed` (rows.TypedRows) against `snapshot`, for a user with `permissions` ({"app.perm"})."""
    plan = Plan(sheets=typed.sheets, node_codes=snapshot.node_codes, group_names=snapshot.group_names)
    planner = _Planner(typed, snapshot, plan)
    planner.organisations()
    planner.projects()
    planner.reports()
    planner.rights(permissions, user_name)
    plan.errors = sorted([*typed.errors, *plan.errors], key=lambda error: (SHEETS.index(error.sheet), error.row or 0))
    plan.warnings = [*typed.warnings, *plan.warnings]
    return plan


def _spelled_otherwise(name, known):
    return _("“%(name)s” is not in the portal, but “%(known)s” is: write the name as the portal has it.") % {
        "name": name,
        "known": known,
    }


class _Planner:
    def __init__(self, typed, snapshot, plan):
        self.typed = typed
        self.snapshot = snapshot
        self.plan = plan
        self.organisation_names = set(snapshot.organisations)
        # the names the portal has, as they look when case, spaces and quotes are set aside; then also the names
        # the file adds, as it is read: no two organisations differ by these alone
        self.names_alike = {alike_name(name): name for name in snapshot.organisations}
        self.created_by_name = {}  # name -> Change
        self.project_dates = {}  # code -> (start, end) as the file leaves the project
        self.planned_codes = set()  # projects the file creates or keeps without an error

    def error(self, sheet, row, column, message, value=""):
        self.plan.errors.append(RowError(sheet, row, column, message, value))

    # --- organisations

    def organisations(self):
        seen = set()
        codes = {o.company_code: o.name for o in self.snapshot.organisations.values() if o.company_code}
        for row in self.typed.organisations:
            name_column = _header(ORGANISATIONS, "name")
            if row.name in seen:
                self.error(ORGANISATIONS, row.row, name_column, _("“%(name)s” is listed twice.") % {"name": row.name})
                continue
            seen.add(row.name)
            known = self.names_alike.get(alike_name(row.name), row.name)  # the portal's names and the file's so far
            if known != row.name and row.name not in self.snapshot.organisations:
                if known in self.snapshot.organisations:
                    message = _spelled_otherwise(row.name, known)
                else:
                    message = _(
                        "“%(name)s” and “%(known)s”, above in the file, differ only in capitals, spaces or quotes: "
                        "write the organisation's name one way."
                    ) % {"name": row.name, "known": known}
                self.error(ORGANISATIONS, row.row, name_column, message, row.name)
                continue
            self.organisation_names.add(row.name)
            self.names_alike[alike_name(row.name)] = row.name
            code = row.company_code
            if isinstance(code, str) and code:
                if codes.get(code, row.name) != row.name:
                    message = _("The company code is already used by “%(name)s”.") % {"name": codes[code]}
                    self.error(ORGANISATIONS, row.row, _header(ORGANISATIONS, "company_code"), message, code)
                    continue
                codes[code] = row.name
            if not row.valid:
                continue
            saved = self.snapshot.organisations.get(row.name)
            diffs = _diffs(ORGANISATIONS, row, saved, OrganisationRow.FIELDS, _ORGANISATION_KINDS)
            self.plan.add(_change(ORGANISATIONS, row, saved, diffs, row.name, "organisation"))

    def organisation_named(self, name, project_row, column):
        if name in self.organisation_names or name in self.created_by_name:
            return
        known = self.names_alike.get(alike_name(name))
        if known is not None:  # a new organisation only by the way its name is written
            self.error(PROJECTS, project_row, column, _spelled_otherwise(name, known), name)
            return
        change = Change(ORGANISATIONS, None, NEW, name, name, needs=("projects.add_organisation",))
        change.origin = project_row
        self.created_by_name[name] = change
        self.names_alike[alike_name(name)] = name
        self.plan.add(change)

    # --- projects

    def projects(self):
        seen = set()
        for row in self.typed.projects:
            if row.code in seen:
                message = _("The code “%(code)s” is given twice.") % {"code": row.code}
                self.error(PROJECTS, row.row, _header(PROJECTS, "code"), message)
                continue
            seen.add(row.code)
            saved = self.snapshot.projects.get(row.code)
            dates = self.project_rules(row, saved)
            self.planned_rules(row, saved)
            self.partner_rules(row, saved)
            if not row.valid:
                continue
            self.project_dates[row.code] = dates
            self.planned_codes.add(row.code)
            self.organisation_named(row.promoter, row.row, _header(PROJECTS, "promoter"))
            for name in row.partners if isinstance(row.partners, list) else []:
                self.organisation_named(name, row.row, _header(PROJECTS, "partners"))
            diffs = _diffs(PROJECTS, row, saved, ProjectRow.FIELDS, _PROJECT_KINDS, self.plan)
            diffs += self.project_link_diffs(row, saved)
            diffs += self.planned_diffs(row, saved)
            self.plan.add(_change(PROJECTS, row, saved, diffs, row.label, "project"))

    def project_rules(self, row, saved):
        """The model's cross-field rules on the project as the file leaves it; its (start, end)."""
        merged = {}
        for name in ("start_date", "end_date", "total_cost", "grant"):
            value = getattr(row, name)
            merged[name] = (getattr(saved, name) if saved else None) if value is ABSENT else value
        if INVALID in merged.values():
            return INVALID, INVALID
        # a saved project whose dates the file changes is held to its reports' periods too (one query each)
        moved = saved and (merged["start_date"], merged["end_date"]) != (saved.start_date, saved.end_date)
        try:
            Project(pk=saved.pk if moved else None, **merged).clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(PROJECTS, row.row, _header(PROJECTS, name), message)
            row.valid = False
        return merged["start_date"], merged["end_date"]

    @staticmethod
    def groups_left(row, saved):
        """The project's target groups as the row leaves them (the saved ones when the file does not give them)."""
        if row.target_groups is ABSENT:
            return saved.target_groups if saved else frozenset()
        return row.target_groups

    def partner_rules(self, row, saved):
        """The promoter is not among the partners, as the file leaves both."""
        promoter, partners = row.promoter, row.partners
        if promoter is ABSENT:
            promoter = saved.promoter if saved else None
        if partners is ABSENT:
            partners = sorted(saved.partners) if saved else []
        if promoter is INVALID or not isinstance(partners, list):
            return
        # said in the column the file gives: the partners', or the promoter's when the file leaves the partners be
        column = _header(PROJECTS, "promoter" if row.partners is ABSENT else "partners")
        for name in partners:
            message = promoter_partner_error(promoter, name)
            if message:
                self.error(PROJECTS, row.row, column, message, name)
                row.valid = False

    def planned_rules(self, row, saved):
        """Planned participants only for the target groups the project has, as the file leaves them."""
        groups = self.groups_left(row, saved)
        if groups is INVALID:
            return
        for group, count in row.planned.items():
            if count is None or count is INVALID or group in groups:
                continue
            name = self.plan.group_names.get(group, str(group))
            message = _("“%(group)s” is not among the project's target groups.") % {"group": name}
            self.error(PROJECTS, row.row, planned_header(name), message)
            row.valid = False
        # none planned beyond the project's own planned participants, as the file leaves both
        total = row.planned_participants
        if total is ABSENT:
            total = saved.planned_participants if saved else None
        if total is INVALID:
            return
        planned = {**(saved.planned if saved else {}), **row.planned}
        for group, count in planned.items():
            if count is INVALID or group not in groups:
                continue
            name = self.plan.group_names.get(group, str(group))
            message = planned_group_error(total, name, count)
            if message:
                self.error(PROJECTS, row.row, planned_header(name), message, display("whole", count))
                row.valid = False

    def planned_diffs(self, row, saved):
        old = saved.planned if saved else {}
        groups = self.groups_left(row, saved)
        diffs = []
        for group, count in row.planned.items():
            if group in groups and old.get(group) != count:
                name = self.plan.group_names.get(group, str(group))
                diffs.append(
                    FieldChange(planned_header(name), display("whole", old.get(group)), display("whole", count))
                )
        return diffs

    def project_link_diffs(self, row, saved):
        diffs = []
        old_promoter = saved.promoter if saved else None
        if row.promoter != old_promoter:
            diffs.append(FieldChange(_header(PROJECTS, "promoter"), display(None, old_promoter), row.promoter))
        if isinstance(row.partners, list):
            old = sorted(saved.partners) if saved else []
            if set(row.partners) != set(old):
                diffs.append(
                    FieldChange(_header(PROJECTS, "partners"), display("names", old), display("names", row.partners))
                )
        if isinstance(row.target_groups, list):
            old = saved.target_groups if saved else frozenset()
            if set(row.target_groups) != set(old):
                old_names = sorted(self.plan.group_names.get(pk, str(pk)) for pk in old)
                new = _show(_PROJECT_KINDS, "target_groups", row.target_groups, self.plan)
                diffs.append(FieldChange(_header(PROJECTS, "target_groups"), display("names", old_names), new))
        return diffs

    # --- reports

    def reports(self):
        seen = set()
        kept = []  # (row, change or None, saved) of every report with a readable period: overlaps are checked last
        for row in self.typed.reports:
            code_column = _header(REPORTS, "project")
            known = row.project in self.planned_codes or (
                row.project in self.snapshot.projects and row.project not in self.typed.listed_projects
            )
            if not known:
                if row.project not in self.typed.listed_projects:
                    self.error(REPORTS, row.row, code_column, _("There is no project with this code."), row.project)
                continue  # a project row in error says so already
            if row.period_start is INVALID or row.period_end is INVALID:
                continue
            key = (row.project, row.period_start, row.period_end)
            if key in seen:
                self.error(REPORTS, row.row, _header(REPORTS, "period_start"), _("This report is given twice."))
                continue
            seen.add(key)
            saved = next(
                (
                    report
                    for report in self.snapshot.reports.get(row.project, ())
                    if (report.period_start, report.period_end) == (row.period_start, row.period_end)
                ),
                None,
            )
            # a row in error is checked for overlaps too, so that the file's errors all show at once
            kept.append((row, self.report_change(row, saved), saved))
        bad = self.overlaps(kept)
        for row, change, _saved in kept:
            if change is not None and row.row not in bad:
                self.plan.add(change)

    def report_change(self, row, saved):
        ok = self.report_rules(row, saved)
        if not ok or not row.valid:
            return None
        diffs = _diffs(REPORTS, row, saved, ReportRow.FIELDS, _REPORT_KINDS)
        diffs += self.breakdown_diffs(row, saved)
        current = saved.status if saved else None
        status_changes = current != row.status
        if current == Status.APPROVED:
            if diffs or status_changes:
                self.locked(row, diffs, status_changes)
                return None
            return _change(REPORTS, row, saved, [], row.label, "progressreport")
        steps = () if current == row.status else _WORKFLOW.get((current, row.status))
        if steps is None:
            self.refused_step(row, current)
            return None
        if saved is not None and diffs:
            steps = ("save", *steps)
        if current == Status.RETURNED and row.status == Status.APPROVED:
            message = _(
                "The portal has this report returned, with a comment on what to correct; the file approves it again "
                "and clears the comment. Import only if the correction is made."
            )
            self.plan.cautions.append(RowWarning(REPORTS, row.row, _header(REPORTS, "status"), message))
        if status_changes and saved is not None:
            diffs.insert(
                0,
                FieldChange(
                    _header(REPORTS, "status"), display("report_status", current), display("report_status", row.status)
                ),
            )
        change = _change(REPORTS, row, saved, diffs, row.label, "progressreport")
        change.steps = steps
        change.needs = tuple(dict.fromkeys(_STEP_RIGHTS[step] for step in steps))
        return change

    def report_rules(self, row, saved):
        """The period within the project's dates and the breakdown within the total, as the file leaves them."""
        ok = True
        start, end = self.project_dates.get(row.project, (None, None))
        if row.project not in self.project_dates:
            project = self.snapshot.projects[row.project]
            start, end = project.start_date, project.end_date
        if start is not INVALID and end is not INVALID:
            for name, message in period_bounds_errors(row.period_start, row.period_end, start, end).items():
                self.error(REPORTS, row.row, _header(REPORTS, name), message)
                ok = False
        total = row.participants if row.participants is not ABSENT else (saved.participants if saved else None)
        if total is INVALID:
            return False
        counts = dict(saved.breakdown) if saved else {}
        counts.update(row.breakdown)
        for group, count in counts.items():
            if count is INVALID:
                ok = False
                continue
            name = self.plan.group_names.get(group, str(group))
            for message in breakdown_errors(total, {name: count}):
                self.error(REPORTS, row.row, breakdown_header(name), message, display("whole", count))
                ok = False
        return ok

    def breakdown_diffs(self, row, saved):
        old = saved.breakdown if saved else {}
        diffs = []
        for group, count in row.breakdown.items():
            if old.get(group) != count:
                name = self.plan.group_names.get(group, str(group))
                diffs.append(
                    FieldChange(breakdown_header(name), display("whole", old.get(group)), display("whole", count))
                )
        return diffs

    def locked(self, row, diffs, status_changes):
        shown = [f"{d.column}: {d.old} → {d.new}" for d in diffs[:3]]
        if status_changes:
            shown.insert(
                0,
                f"{_header(REPORTS, 'status')}: {display('report_status', Status.APPROVED)} → "
                f"{display('report_status', row.status)}",
            )
        message = _(
            "The report of project %(project)s for %(period)s is approved, so it is locked, and this row would "
            "change it (%(changes)s). Return the report in the portal first, then import the file again."
        ) % {
            "project": row.project,
            "period": f"{row.period_start:%Y-%m-%d} – {row.period_end:%Y-%m-%d}",
            "changes": "; ".join(shown),
        }
        self.error(REPORTS, row.row, None, message)

    def refused_step(self, row, current):
        message = _(
            "The report is “%(current)s” in the portal; the workflow cannot take it back to “%(status)s”. "
            "Write “%(current)s” or a later status."
        ) % {"current": REPORT_STATUS_WORDS[current], "status": REPORT_STATUS_WORDS[row.status]}
        self.error(REPORTS, row.row, _header(REPORTS, "status"), message, REPORT_STATUS_WORDS[row.status])

    def overlaps(self, kept):
        """No two periods of a project may overlap, counting the saved reports this file does not touch."""
        periods = {}  # project code -> [(start, end, row or None)]
        touched = set()
        for row, _change, saved in kept:
            periods.setdefault(row.project, []).append((row.period_start, row.period_end, row.row))
            if saved is not None:
                touched.add(saved.pk)
        for code, items in periods.items():
            for report in self.snapshot.reports.get(code, ()):
                if report.pk not in touched:
                    items.append((report.period_start, report.period_end, None))
        bad = set()
        for items in periods.values():
            items.sort(key=lambda item: (item[0], item[1]))
            latest = None
            for item in items:
                if latest and item[0] <= latest[1] and (item[2] or latest[2]):
                    row = item[2] or latest[2]
                    other = latest if row == item[2] else item
                    self.error(REPORTS, row, _header(REPORTS, "period_start"), overlap_message(other[0], other[1]))
                    bad.add(row)
                if latest is None or item[1] > latest[1]:
                    latest = item
        return bad

    # --- rights

    def rights(self, permissions, user_name):
        for sheet, changes in self.plan.rows.items():
            for change in changes:
                for needed in change.needs:
                    if needed in permissions:
                        continue
                    message = _("This needs the right to %(action)s, which %(user)s does not have.") % {
                        "action": _RIGHTS[needed],
                        "user": user_name or _("the importing account"),
                    }
                    if change.row is None:
                        message = _("Creating the organisation “%(name)s”: %(message)s") % {
                            "name": change.label,
                            "message": message,
                        }
                        self.error(PROJECTS, change.origin, None, message)
                    else:
                        self.error(sheet, change.row, None, message)


def _diffs(sheet, row, saved, names, kinds, plan=None):
    """[FieldChange] of the fields the row gives that differ from the saved row (every given one if new)."""
    diffs = []
    if saved is None:
        return diffs
    for name in names:
        new = getattr(row, name)
        if new is ABSENT:
            continue
        old = getattr(saved, name)
        if old != new:
            diffs.append(
                FieldChange(_header(sheet, name), _show(kinds, name, old, plan), _show(kinds, name, new, plan))
            )
    return diffs


def _change(sheet, row, saved, diffs, label, model):
    if saved is None:
        return Change(sheet, row.row, NEW, label, row, needs=(f"{_app(model)}.add_{model}",))
    kind = UPDATED if diffs else UNCHANGED
    needs = (f"{_app(model)}.change_{model}",) if diffs else ()
    return Change(sheet, row.row, kind, label, row, pk=saved.pk, version=saved.version, diffs=diffs, needs=needs)


def _app(model):
    return "participants" if model == "progressreport" else "projects"
