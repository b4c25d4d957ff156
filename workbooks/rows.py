"""Step 2 of the import: each row of each sheet as a typed row, and every error of every cell, in one pass.

A cell that cannot be read is an error naming its sheet, row, column and value as written; the row's other
cells and its references (strategy, action, target groups) are still checked, so one upload lists everything
wrong with the file. Unknown columns are warnings (with the closest known header); repeated ones are errors.
Nothing here reads the database: `Reference` holds what the rows may refer to.
"""

import difflib
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from participants.models import ProgressReport
from projects.models import Organisation, Project, ProjectTargetGroup

from .columns import CellError, Parsers, breakdown_group_name, columns, planned_group_name, written
from .reader import ORGANISATIONS, PROJECTS, REPORTS, SHEETS, normalise


def organisation_name_problem(name):
    """What the organisation's own rules (its form's, its admin's) say against `name` as a new organisation's name;
    "" when none: a promoter or partner named in the Projektai sheet is created by that name."""
    exclude = [field.name for field in Organisation._meta.fields if field.name != "name"]
    instance = Organisation(name=name)
    try:
        instance.clean_fields(exclude=exclude)
        instance.clean_name_text()
    except ValidationError as exc:
        return " ".join(exc.message_dict.get("name", exc.messages))
    return ""


class _Marker:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name

    def __reduce__(self):
        return self.name  # pickled as the module's one object of that name


# A column the file does not have: the saved value stays as it is.
ABSENT = _Marker("ABSENT")
# A cell that could not be read: the row is checked as far as it can be, but never saved.
INVALID = _Marker("INVALID")


@dataclass
class RowError:
    sheet: str
    row: int | None
    column: str | None
    message: str
    value: str = ""  # the cell as written, when the error is about a value

    def __str__(self):
        message = str(self.message)
        values = {"sheet": self.sheet, "row": self.row, "column": self.column, "value": self.value, "message": message}
        if self.row and self.column and self.value and self.value not in message:
            return str(_("Sheet %(sheet)s, row %(row)s, column “%(column)s”, value “%(value)s”: %(message)s") % values)
        if self.row and self.column:
            return str(_("Sheet %(sheet)s, row %(row)s, column “%(column)s”: %(message)s") % values)
        if self.row:
            return str(_("Sheet %(sheet)s, row %(row)s: %(message)s") % values)
        if self.column:
            return str(_("Sheet %(sheet)s, column “%(column)s”: %(message)s") % values)
        return str(_("Sheet %(sheet)s: %(message)s") % values)


class RowWarning(RowError):
    """Something the import ignored; it does not stop the import."""


@dataclass(slots=True)
class OrganisationRow:
    row: int
    name: str
    legal_form: object = ABSENT
    sector: object = ABSENT
    company_code: object = ABSENT
    email: object = ABSENT
    phone: object = ABSENT
    website: object = ABSENT
    valid: bool = True

    FIELDS = ("legal_form", "sector", "company_code", "email", "phone", "website")


@dataclass(slots=True)
class ProjectRow:
    row: int
    code: str
    strategy: str = ABSENT
    node_id: object = INVALID
    title: object = ABSENT
    promoter: object = ABSENT  # the promoter's name
    partners: object = ABSENT  # [name], or ABSENT: partners stay as they are
    status: object = ABSENT
    start_date: object = ABSENT
    end_date: object = ABSENT
    total_cost: object = ABSENT
    grant: object = ABSENT
    own_contribution: object = ABSENT
    planned_participants: object = ABSENT
    planned_volunteers: object = ABSENT
    planned_jobs: object = ABSENT
    target_groups: object = ABSENT  # [TargetGroup id], or ABSENT
    planned: dict = field(default_factory=dict)  # {TargetGroup id: planned participants, None (cleared) or INVALID}
    valid: bool = True

    FIELDS = (
        "title",
        "node_id",
        "status",
        "start_date",
        "end_date",
        "total_cost",
        "grant",
        "own_contribution",
        "planned_participants",
        "planned_volunteers",
        "planned_jobs",
    )

    @property
    def label(self):
        title = self.title if isinstance(self.title, str) else ""
        return f"{self.code} „{title}“" if title else self.code


@dataclass(slots=True)
class ReportRow:
    row: int
    project: str  # the project's code
    period_start: object = INVALID
    period_end: object = INVALID
    status: object = INVALID
    participants: object = ABSENT
    volunteers: object = ABSENT
    jobs_created: object = ABSENT
    jobs_retained: object = ABSENT
    services: object = ABSENT
    spent: object = ABSENT
    achievements: object = ABSENT
    difficulties: object = ABSENT
    next_steps: object = ABSENT
    breakdown: dict = field(default_factory=dict)  # {TargetGroup id: count, None (cleared) or INVALID}
    valid: bool = True

    FIELDS = (*ProgressReport.FIGURES, "achievements", "difficulties", "next_steps")

    @property
    def label(self):
        start = self.period_start.isoformat() if hasattr(self.period_start, "isoformat") else "?"
        end = self.period_end.isoformat() if hasattr(self.period_end, "isoformat") else "?"
        return f"{self.project}: {start} – {end}"


@dataclass
class Reference:
    """What rows may refer to, read once from the database."""

    strategies: dict  # code -> id
    nodes: dict  # (strategy id, node code) -> id
    groups: dict  # id -> name

    def __post_init__(self):
        self.groups_by_name = {name: pk for pk, name in self.groups.items()}
        by_key = {}
        for pk, name in self.groups.items():
            by_key.setdefault(normalise(name), []).append(pk)
        self.groups_by_key = by_key

    def group(self, name):
        """The id of the target group named `name`: exactly, or ignoring case and spaces if that is unambiguous."""
        if name in self.groups_by_name:
            return self.groups_by_name[name]
        found = self.groups_by_key.get(normalise(name), [])
        return found[0] if len(found) == 1 else None

    def closest_group(self, name):
        match = difflib.get_close_matches(normalise(name), list(self.groups_by_key), n=1, cutoff=0.6)
        return self.groups[self.groups_by_key[match[0]][0]] if match else None


@dataclass
class TypedRows:
    organisations: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    listed_projects: set = field(default_factory=set)  # every code the Projektai sheet names, rows in error too
    sheets: tuple = ()  # the sheets the file has


# --- the columns of a sheet ---------------------------------------------------------------------------


@dataclass
class _Layout:
    columns: list  # [(Column, index, header as written)]
    groups: list  # [(TargetGroup id, index, header as written)]: `Dalyviai: X` or `Planuojami dalyviai: X`
    complete: bool  # every required column is there


def _letter(index):
    return get_column_letter(index + 1)


# The sheets with one column per target group, and how such a header names its group.
_GROUP_COLUMNS = {REPORTS: breakdown_group_name, PROJECTS: planned_group_name}


def _layout(sheet, reference, typed):
    known = {normalise(column.header): column for column in columns(sheet.name)}
    group_of = _GROUP_COLUMNS.get(sheet.name)
    found, group_columns, seen, groups_seen = [], [], {}, {}
    for index, header in sheet.headers:
        key = normalise(header)
        group_name = group_of(header) if group_of else None
        if key in known:
            if key in seen:
                typed.errors.append(_duplicate(sheet.name, header, seen[key], index))
                continue
            seen[key] = index
            found.append((known[key], index, header))
        elif group_name is not None:
            group = reference.group(group_name)
            if group is None:
                typed.errors.append(_unknown_group_column(sheet.name, header, group_name, reference))
            elif group in groups_seen:
                typed.errors.append(_duplicate(sheet.name, header, groups_seen[group], index))
            else:
                groups_seen[group] = index
                group_columns.append((group, index, header))
        else:
            typed.warnings.append(_unknown_column(sheet.name, header, list(known.values())))
    present = {column.field for column, _index, _header in found}
    complete = True
    for column in columns(sheet.name):
        if column.required and column.field not in present:
            typed.errors.append(RowError(sheet.name, 1, column.header, _("The required column is missing.")))
            complete = False
    return _Layout(found, group_columns, complete)


def _duplicate(sheet_name, header, first, second):
    message = _("The column is given twice (columns %(first)s and %(second)s); keep one.") % {
        "first": _letter(first),
        "second": _letter(second),
    }
    return RowError(sheet_name, 1, header, message)


def _unknown_column(sheet_name, header, known):
    headers = {normalise(column.header): column.header for column in known}
    match = difflib.get_close_matches(normalise(header), list(headers), n=1, cutoff=0.6)
    if match:
        message = _("The import does not know this column and leaves it out. Did you mean “%(header)s”?") % {
            "header": headers[match[0]]
        }
    else:
        message = _("The import does not know this column and leaves it out.")
    return RowWarning(sheet_name, 1, header, message)


def _unknown_group_column(sheet_name, header, name, reference):
    message = unknown_group_message(name, reference)
    return RowError(sheet_name, 1, header, message, name)


def unknown_group_message(name, reference):
    closest = reference.closest_group(name)
    if closest:
        return _("There is no target group “%(name)s”. Did you mean “%(closest)s”?") % {
            "name": name,
            "closest": closest,
        }
    return _("There is no target group “%(name)s”.") % {"name": name}


# --- the rows -----------------------------------------------------------------------------------------


def type_rows(sheets, reference):
    """TypedRows from {sheet name: reader.Sheet}: rows, errors and warnings, every sheet checked fully."""
    typed = TypedRows(sheets=tuple(name for name in SHEETS if name in sheets))
    parsers = Parsers()
    for sheet_name in SHEETS:
        sheet = sheets.get(sheet_name)
        if sheet is None:
            continue
        layout = _layout(sheet, reference, typed)
        if layout.complete:
            _Typer(sheet, layout, reference, parsers, typed).type_all()
    return typed


class _Typer:
    def __init__(self, sheet, layout, reference, parsers, typed):
        self.sheet = sheet
        self.layout = layout
        self.reference = reference
        self.parsers = parsers
        self.typed = typed
        self.header = {column.field: header for column, _index, header in layout.columns}

    def error(self, row, field_name, message, value=""):
        column = self.header.get(field_name, field_name)
        self.typed.errors.append(RowError(self.sheet.name, row, column, message, value))

    def type_all(self):
        rows, finish = {
            ORGANISATIONS: (self.typed.organisations, self.organisation),
            PROJECTS: (self.typed.projects, self.project),
            REPORTS: (self.typed.reports, self.report),
        }[self.sheet.name]
        for number, cells in self.sheet.rows:
            values, raw = self.cells(number, cells)
            row = finish(number, cells, values, raw)
            if row is not None:
                rows.append(row)

    def cells(self, number, cells):
        """({field: value or INVALID}, {field: cell}) of the known columns of one row (`written` only for errors)."""
        values, raw = {}, {}
        for column, index, _header in self.layout.columns:
            cell = cells[index] if index < len(cells) else None
            raw[column.field] = cell
            try:
                value = self.parsers.parse(column.kind, cell)
            except CellError as exc:
                self.error(number, column.field, exc.args[0], written(cell))
                values[column.field] = INVALID
                continue
            if column.required and value in (None, "", []):
                self.error(number, column.field, _("A value is required."))
                value = INVALID
            values[column.field] = value
        return values, raw

    def model_errors(self, number, model, values, raw, clean=False):
        """The model's own field rules (and `clean()`) on the values read; a field in error becomes INVALID."""
        checked = {name: value for name, value in values.items() if value is not ABSENT and value is not INVALID}
        instance = model(**checked)
        exclude = [f.name for f in model._meta.fields if f.name not in checked]
        steps = [lambda: instance.clean_fields(exclude=exclude)]
        if clean:
            steps.append(instance.clean)
        for step in steps:
            try:
                step()
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    key = None if name == NON_FIELD_ERRORS else name
                    for message in messages:
                        self.error(number, key, message, written(raw.get(key)))
                    if key in values:
                        values[key] = INVALID
                return

    # --- per sheet

    def organisation(self, number, cells, values, raw):
        name = values.pop("name")
        if name is INVALID:
            return None
        # An empty choice cell is stored as "" (text fields are never NULL).
        values = {"name": name, **{key: "" if value is None else value for key, value in values.items()}}
        self.model_errors(number, Organisation, values, raw, clean=True)
        if values["name"] is INVALID:  # said already; a row without a name has nothing to plan by
            return None
        row = OrganisationRow(number, **values)
        row.valid = INVALID not in values.values()
        return row

    def project(self, number, cells, values, raw):
        code = values.pop("code")
        if code is INVALID:
            return None
        self.typed.listed_projects.add(code)
        strategy = values.pop("strategy")
        node_id = self.node(number, strategy, values.pop("node"))
        groups = self.groups(number, values.pop("target_groups", ABSENT))
        planned = self.group_counts(number, cells, ProjectTargetGroup._meta.get_field("planned_participants"))
        for key in ("promoter", "partners"):
            names = values.get(key, ABSENT)
            for name in [names] if isinstance(names, str) else names if isinstance(names, list) else ():
                problem = organisation_name_problem(name)
                if problem:
                    self.error(number, key, problem, name)
                    values[key] = INVALID
        own = {"code": code, **{key: value for key, value in values.items() if key not in ("promoter", "partners")}}
        self.model_errors(number, Project, own, raw)
        values.update({key: value for key, value in own.items() if key != "code"})
        row = ProjectRow(
            number, code, strategy=strategy, node_id=node_id, target_groups=groups, planned=planned, **values
        )
        row.valid = INVALID not in (own["code"], strategy, node_id, groups, *values.values(), *planned.values())
        return row

    def node(self, number, strategy, node_code):
        if strategy is INVALID:
            return INVALID
        strategy_id = self.reference.strategies.get(strategy)
        if strategy_id is None:
            self.error(number, "strategy", _("There is no strategy with this code."), strategy)
            return INVALID
        if node_code is INVALID:
            return INVALID
        node_id = self.reference.nodes.get((strategy_id, node_code))
        if node_id is None:
            message = _("The strategy %(strategy)s has no action with the code “%(code)s”.") % {
                "strategy": strategy,
                "code": node_code,
            }
            self.error(number, "node", message, node_code)
            return INVALID
        return node_id

    def groups(self, number, names):
        if names is ABSENT or names is INVALID:
            return names
        ids = []
        for name in names:
            group = self.reference.group(name)
            if group is None:
                self.error(number, "target_groups", unknown_group_message(name, self.reference), name)
                ids = INVALID
            elif ids is not INVALID and group not in ids:
                ids.append(group)
        return ids

    def group_counts(self, number, cells, model_field=None):
        """{TargetGroup id: whole number, None or INVALID} of the row's per-target-group columns.

        With `model_field`, a count must also pass that field's validators (the range the database can hold).
        """
        counts = {}
        for group, index, header in self.layout.groups:
            cell = cells[index] if index < len(cells) else None
            try:
                counts[group] = self.parsers.parse("whole", cell)
                if model_field is not None and counts[group] is not None:
                    model_field.run_validators(counts[group])
            except CellError as exc:
                self.typed.errors.append(RowError(self.sheet.name, number, header, exc.args[0], written(cell)))
                counts[group] = INVALID
            except ValidationError as exc:
                for message in exc.messages:
                    self.typed.errors.append(RowError(self.sheet.name, number, header, message, written(cell)))
                counts[group] = INVALID
        return counts

    def report(self, number, cells, values, raw):
        code = values.pop("project")
        if code is INVALID:
            return None
        breakdown = self.group_counts(number, cells)
        start, end = values["period_start"], values["period_end"]
        if start is not INVALID and end is not INVALID and end < start:
            self.error(number, "period_end", _("The period cannot end before it starts."), written(raw["period_end"]))
            values["period_end"] = INVALID
        own = {key: value for key, value in values.items() if key != "status"}
        self.model_errors(number, ProgressReport, own, raw)
        values.update(own)
        row = ReportRow(number, code, breakdown=breakdown, **values)
        row.valid = INVALID not in (*values.values(), *breakdown.values())
        return row
