"""Importing the register: check every row first, then write everything in one transaction or nothing.

`plan_import(sheets)` reads and checks and says what would change; `import_sheets(sheets)` does the same
and, when there is no error, writes. Unchanged rows are not saved, so a second import of the same file
changes nothing and adds no history.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from participants.models import ProgressReport, ReportBreakdown, TargetGroup, breakdown_errors
from projects.models import Organisation, Project, ProjectPartner, ProjectTargetGroup
from strategies.models import Node, Strategy

from .columns import COLUMNS, CellError, Parsers, breakdown_group_name, text
from .reader import ORGANISATIONS, PROJECTS, REPORTS, SHEETS, normalise

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"
BATCH = 500
MAX_LISTED = 200  # changed rows listed per sheet in the preview


@dataclass
class RowError:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self):
        if self.row and self.column:
            return str(
                _("Sheet %(sheet)s, row %(row)s, column “%(column)s”: %(message)s")
                % {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}
            )
        if self.row:
            return str(
                _("Sheet %(sheet)s, row %(row)s: %(message)s")
                % {"sheet": self.sheet, "row": self.row, "message": self.message}
            )
        return str(_("Sheet %(sheet)s: %(message)s") % {"sheet": self.sheet, "message": self.message})


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {sheet: Counter() for sheet in SHEETS})
    applied: bool = False
    changed_rows: dict = field(default_factory=lambda: {sheet: [] for sheet in SHEETS})  # [(row, kind, what)]

    def count(self, sheet, kind, row, label):
        self.counts[sheet][kind] += 1
        if kind != UNCHANGED and len(self.changed_rows[sheet]) < MAX_LISTED:
            self.changed_rows[sheet].append((row, kind, label))

    @property
    def changes(self):
        return sum(c[NEW] + c[UPDATED] for c in self.counts.values())

    def summary(self):
        """[(sheet, new, updated, unchanged)] for the sheets that had rows."""
        return [(sheet, c[NEW], c[UPDATED], c[UNCHANGED]) for sheet, c in self.counts.items() if sum(c.values())]

    def changes_by_sheet(self):
        """[(sheet, [(row, kind, what)])] of new and updated rows, at most MAX_LISTED a sheet."""
        return [(sheet, rows) for sheet, rows in self.changed_rows.items() if rows]


def plan_import(sheets):
    """Check `sheets` ({name: reader.Sheet}) and count what would change; writes nothing."""
    return _Import(sheets).check()


def import_sheets(sheets, *, user=None, dry_run=False):
    """Check `sheets` and, when no row has an error and this is not a dry run, write all of it at once."""
    job = _Import(sheets)
    result = job.check()
    if not result.errors and not dry_run:
        with transaction.atomic():
            job.write(user)
        result.applied = True
    return result


def _field_messages(error):
    """[(model field or None, message)] from a ValidationError."""
    if hasattr(error, "error_dict"):
        return [
            (None if name == NON_FIELD_ERRORS else name, message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [(None, message) for message in error.messages]


def _new_slug(text, taken):
    """The slug `projects.models.unique_slug` would give, against a set of slugs taken (kept in memory)."""
    base = slugify(text)[:74].strip("-") or "be-pavadinimo"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def _chunks(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Import:
    def __init__(self, sheets):
        self.sheets = sheets
        self.parsers = Parsers()
        self.result = ImportResult()
        self.org_rows = {}  # name -> {field: value} of the Organizacijos rows
        self.new_org_names = []  # organisations named in projects but found nowhere: created by name
        self.project_rows = {}  # code -> plan dict
        self.listed_codes = set()
        self.report_rows = []  # plan dicts

    # --- errors --------------------------------------------------------------------------------------

    def error(self, sheet, row, column, message):
        self.result.errors.append(RowError(sheet, row, column, message))

    def header(self, sheet, key):
        return sheet.headers.get(key, key)

    # --- reading rows --------------------------------------------------------------------------------

    def parsed_rows(self, sheet):
        """[(row number, {field: value})] with only the columns present; a row with an error is left out."""
        columns = COLUMNS[sheet.name]
        missing = [
            header for header, _f, _k, required in columns if required and normalise(header) not in sheet.headers
        ]
        for header in missing:
            self.error(sheet.name, 1, header, _("The required column is missing."))
        if missing:
            return []
        present = [
            (normalise(h), h, name, kind, req) for h, name, kind, req in columns if normalise(h) in sheet.headers
        ]
        rows = []
        for number, cells in sheet.rows:
            values, ok = {}, True
            for key, _header, name, kind, required in present:
                try:
                    value = self.parsers.parse(kind, cells.get(key))
                except CellError as exc:
                    self.error(sheet.name, number, sheet.headers[key], exc.args[0])
                    ok = False
                    continue
                if required and value in (None, "", []):
                    self.error(sheet.name, number, sheet.headers[key], _("A value is required."))
                    ok = False
                values[name] = value
            if ok:
                rows.append((number, values))
        return rows

    def model_errors(self, sheet, number, instance, exclude, columns_by_field):
        """Field rules and `clean()` of the model, each message put on its column."""
        for call in (lambda: instance.clean_fields(exclude=exclude), instance.clean):
            try:
                call()
            except ValidationError as exc:
                for name, message in _field_messages(exc):
                    self.error(sheet.name, number, columns_by_field.get(name), message)
                return False
        return True

    # --- the checks ----------------------------------------------------------------------------------

    def check(self):
        if not any(name in self.sheets for name in SHEETS):
            self.error(", ".join(SHEETS), None, None, _("None of the expected sheets was found."))
            return self.result
        self.load()
        if ORGANISATIONS in self.sheets:
            self.check_organisations(self.sheets[ORGANISATIONS])
        if PROJECTS in self.sheets:
            self.check_projects(self.sheets[PROJECTS])
        if REPORTS in self.sheets:
            self.check_reports(self.sheets[REPORTS])
        self.result.errors.sort(key=lambda error: (SHEETS.index(error.sheet), error.row or 0))
        return self.result

    def load(self):
        self.strategies = {s.code: s for s in Strategy.objects.all()}
        self.nodes = {(n.strategy_id, n.code): n for n in Node.objects.all()}
        self.groups = {normalise(g.name): g for g in TargetGroup.objects.all()}
        self.organisations = {o.name: o for o in Organisation.objects.all()}
        self.projects = {p.code: p for p in Project.objects.exclude(code="")}

    def check_organisations(self, sheet):
        headers = {name: header for header, name, _k, _r in COLUMNS[ORGANISATIONS]}
        codes = {o.company_code: o.name for o in self.organisations.values() if o.company_code}
        for number, values in self.parsed_rows(sheet):
            name = " ".join(values["name"].split())
            if name in self.org_rows:
                self.error(sheet.name, number, headers["name"], _("“%(name)s” is listed twice.") % {"name": name})
                continue
            values = {key: ("" if value is None else value) for key, value in values.items()}
            values["name"] = name
            current = self.organisations.get(name)
            instance = Organisation(**{**_org_fields(current), **values})
            if not self.model_errors(sheet, number, instance, ["slug"], headers):
                continue
            code = values.get("company_code")
            if code and codes.get(code, name) != name:
                self.error(
                    sheet.name,
                    number,
                    headers["company_code"],
                    _("The company code is already used by “%(name)s”.") % {"name": codes[code]},
                )
                continue
            if code:
                codes[code] = name
            self.org_rows[name] = values
            self.result.count(ORGANISATIONS, _compare(current, values), number, name)

    def organisation_known(self, name):
        if name not in self.organisations and name not in self.org_rows and name not in self.new_org_names:
            self.new_org_names.append(name)
            self.result.count(ORGANISATIONS, NEW, None, name)

    def check_projects(self, sheet):
        headers = {name: header for header, name, _k, _r in COLUMNS[PROJECTS]}
        # Reports of a project whose row has an error are not reported again as of an unknown project.
        self.listed_codes = {text(cells.get(normalise(headers["code"]))) for _number, cells in sheet.rows}
        for number, values in self.parsed_rows(sheet):
            code = values["code"]
            if code in self.project_rows:
                self.error(
                    sheet.name, number, headers["code"], _("The code “%(code)s” is given twice.") % {"code": code}
                )
                continue
            strategy = self.strategies.get(values.pop("strategy"))
            if strategy is None:
                self.error(sheet.name, number, headers["strategy"], _("There is no strategy with this code."))
                continue
            node = self.nodes.get((strategy.pk, values.pop("node")))
            if node is None:
                self.error(
                    sheet.name,
                    number,
                    headers["node"],
                    _("The strategy %(strategy)s has no action with this code.") % {"strategy": strategy.code},
                )
                continue
            groups, ok = [], True
            for name in values.pop("target_groups", None) or []:
                group = self.groups.get(normalise(name))
                if group is None:
                    self.error(sheet.name, number, headers["target_groups"], _unknown_group(name))
                    ok = False
                groups.append(group)
            partners = values.pop("partners", None)
            promoter = " ".join(values.pop("promoter").split())
            current = self.projects.get(code)
            fields = {**values, "node_id": node.pk}
            instance = Project(**{**_project_fields(current), **fields})
            if not ok or not self.model_errors(sheet, number, instance, ["node", "promoter", "slug"], headers):
                continue
            for name in [promoter, *(partners or [])]:
                self.organisation_known(name)
            plan = {
                "row": number,
                "current": current,
                "fields": fields,
                "promoter": promoter,
                "partners": partners,  # None: the column is absent, so partners stay as they are
                "groups": None if "target_groups" not in _present(sheet, PROJECTS) else groups,
                "start": instance.start_date,
                "end": instance.end_date,
            }
            self.project_rows[code] = plan
        self.compare_projects()

    def compare_projects(self):
        current = [plan["current"] for plan in self.project_rows.values() if plan["current"]]
        partners, groups = defaultdict(set), defaultdict(set)
        for chunk in _chunks(p.pk for p in current):
            for project_id, name in ProjectPartner.objects.filter(project_id__in=chunk).values_list(
                "project_id", "organisation__name"
            ):
                partners[project_id].add(name)
            for project_id, group_id in ProjectTargetGroup.objects.filter(project_id__in=chunk).values_list(
                "project_id", "target_group_id"
            ):
                groups[project_id].add(group_id)
        for plan in self.project_rows.values():
            project = plan["current"]
            plan["old_partners"] = partners[project.pk] if project else set()
            plan["old_groups"] = groups[project.pk] if project else set()
            if project is None:
                kind = NEW
            else:
                promoter = self.organisations.get(plan["promoter"])
                same = (
                    _compare(project, plan["fields"]) == UNCHANGED
                    and promoter is not None
                    and project.promoter_id == promoter.pk
                    and (plan["partners"] is None or set(plan["partners"]) == plan["old_partners"])
                    and (plan["groups"] is None or {g.pk for g in plan["groups"]} == plan["old_groups"])
                )
                kind = UNCHANGED if same else UPDATED
            plan["kind"] = kind
            self.result.count(PROJECTS, kind, plan["row"], f"{plan['fields']['code']} „{plan['fields']['title']}“")

    def breakdown_columns(self, sheet):
        """{normalised header: TargetGroup} for the `Dalyviai: <group>` columns; unknown groups are errors."""
        columns = {}
        for key, header in sheet.headers.items():
            name = breakdown_group_name(header)
            if name is None:
                continue
            group = self.groups.get(normalise(name))
            if group is None:
                self.error(sheet.name, 1, header, _unknown_group(name))
            else:
                columns[key] = group
        return columns

    def check_reports(self, sheet):
        headers = {name: header for header, name, _k, _r in COLUMNS[REPORTS]}
        group_columns = self.breakdown_columns(sheet)
        rows = self.parsed_rows(sheet)
        cells = dict(sheet.rows)
        plans, seen = [], set()
        for number, values in rows:
            code = values.pop("project")
            project_plan = self.project_rows.get(code)
            project = project_plan["current"] if project_plan else self.projects.get(code)
            if project_plan is None and project is None:
                if code in self.listed_codes:
                    continue
                self.error(sheet.name, number, headers["project"], _("There is no project with this code."))
                continue
            start, end = values["period_start"], values["period_end"]
            if (code, start, end) in seen:
                self.error(sheet.name, number, headers["period_start"], _("This report is given twice."))
                continue
            seen.add((code, start, end))
            breakdown, ok = {}, True
            for key, group in group_columns.items():
                try:
                    breakdown[group] = self.parsers.parse("whole", cells[number].get(key))
                except CellError as exc:
                    self.error(sheet.name, number, sheet.headers[key], exc.args[0])
                    ok = False
            if not ok:
                continue
            plans.append(
                {
                    "row": number,
                    "code": code,
                    "project": project,
                    "project_plan": project_plan,
                    "fields": values,
                    "breakdown": breakdown,
                }
            )
        self.match_reports(plans)
        for plan in plans:
            if self.check_report(sheet, plan, headers, group_columns):
                self.report_rows.append(plan)
        self.check_overlaps(sheet, headers)
        for plan in self.report_rows:
            label = f"{plan['code']}: {plan['start']:%Y-%m-%d} – {plan['end']:%Y-%m-%d}"
            self.result.count(REPORTS, plan["kind"], plan["row"], label)

    def match_reports(self, plans):
        """Attach the saved report of the same project and period, and its breakdown, to each plan."""
        project_ids = {plan["project"].pk for plan in plans if plan["project"]}
        self.saved_reports = defaultdict(list)
        saved_breakdowns = defaultdict(dict)
        for chunk in _chunks(project_ids):
            for report in ProgressReport.objects.filter(project_id__in=chunk):
                self.saved_reports[report.project_id].append(report)
            for row in ReportBreakdown.objects.filter(report__project_id__in=chunk):
                saved_breakdowns[row.report_id][row.target_group_id] = row
        for plan in plans:
            plan["current"] = None
            plan["old_breakdown"] = {}
            if plan["project"]:
                for report in self.saved_reports[plan["project"].pk]:
                    if (report.period_start, report.period_end) == (
                        plan["fields"]["period_start"],
                        plan["fields"]["period_end"],
                    ):
                        plan["current"] = report
                        plan["old_breakdown"] = saved_breakdowns[report.pk]

    def check_report(self, sheet, plan, headers, group_columns):
        current, fields = plan["current"], plan["fields"]
        instance = ProgressReport(**{**_report_fields(current), **fields})
        try:
            instance.clean_fields(exclude=["project", "created_by", "submitted_by", "approved_by", "returned_by"])
        except ValidationError as exc:
            for name, message in _field_messages(exc):
                self.error(sheet.name, plan["row"], headers.get(name), message)
            return False
        if instance.period_end < instance.period_start:
            self.error(sheet.name, plan["row"], headers["period_end"], _("The period must end after it starts."))
            return False
        # The same rules as ProgressReport.period_errors(), against the project as this file leaves it.
        project_plan, project = plan["project_plan"], plan["project"]
        start = project_plan["start"] if project_plan else project.start_date
        end = project_plan["end"] if project_plan else project.end_date
        ok = True
        if start and instance.period_start < start:
            message = _("The period starts before the project (%(date)s).") % {"date": date_format(start, "Y-m-d")}
            self.error(sheet.name, plan["row"], headers["period_start"], message)
            ok = False
        if end and instance.period_end > end:
            message = _("The period ends after the project (%(date)s).") % {"date": date_format(end, "Y-m-d")}
            self.error(sheet.name, plan["row"], headers["period_end"], message)
            ok = False
        key_of = {group: key for key, group in group_columns.items()}
        for group, count in plan["breakdown"].items():
            for message in breakdown_errors(instance.participants, {group.name: count}):
                self.error(sheet.name, plan["row"], sheet.headers[key_of[group]], message)
                ok = False
        if not ok:
            return False
        plan["start"], plan["end"] = instance.period_start, instance.period_end
        old = {group_id: row.participants for group_id, row in plan["old_breakdown"].items()}
        new = {**old, **{group.pk: count for group, count in plan["breakdown"].items()}}
        new = {group_id: count for group_id, count in new.items() if count is not None}
        if current is None:
            plan["kind"] = NEW
        else:
            plan["kind"] = UNCHANGED if _compare(current, fields) == UNCHANGED and old == new else UPDATED
        return True

    def check_overlaps(self, sheet, headers):
        """No two periods of a project may overlap, counting the saved reports this file does not touch."""
        periods = defaultdict(list)  # project code -> [(start, end, row or None)]
        touched = set()
        for plan in self.report_rows:
            periods[plan["code"]].append((plan["start"], plan["end"], plan["row"]))
            if plan["current"]:
                touched.add(plan["current"].pk)
        for code in list(periods):
            project = self.projects.get(code)
            if project:
                for report in self.saved_reports.get(project.pk, []):
                    if report.pk not in touched:
                        periods[code].append((report.period_start, report.period_end, None))
        bad_rows = set()
        for items in periods.values():
            items.sort(key=lambda item: (item[0], item[1]))
            latest = None
            for item in items:
                if latest and item[0] <= latest[1] and (item[2] or latest[2]):
                    row = item[2] or latest[2]
                    other = latest if row == item[2] else item
                    label = f"{date_format(other[0], 'Y-m-d')} – {date_format(other[1], 'Y-m-d')}"
                    message = _("The period overlaps the report for %(period)s.") % {"period": label}
                    self.error(sheet.name, row, headers["period_start"], message)
                    bad_rows.add(row)
                if latest is None or item[1] > latest[1]:
                    latest = item
        self.report_rows = [plan for plan in self.report_rows if plan["row"] not in bad_rows]

    # --- writing -------------------------------------------------------------------------------------

    def write(self, user):
        self.write_organisations(user)
        self.write_projects(user)
        self.write_reports(user)

    def save(self, instance, user):
        instance._history_user = user
        instance.save()

    def write_organisations(self, user):
        taken = set(Organisation.objects.values_list("slug", flat=True))
        created = []
        for name, values in self.org_rows.items():
            current = self.organisations.get(name)
            if current is None:
                created.append(Organisation(slug=_new_slug(name, taken), **values))
            elif _compare(current, values) == UPDATED:
                for key, value in values.items():
                    setattr(current, key, value)
                self.save(current, user)
        for name in self.new_org_names:
            created.append(Organisation(name=name, slug=_new_slug(name, taken)))
        for organisation in bulk_create_with_history(created, Organisation, batch_size=BATCH, default_user=user):
            self.organisations[organisation.name] = organisation

    def write_projects(self, user):
        taken = set(Project.objects.values_list("slug", flat=True))
        created = []
        for plan in self.project_rows.values():
            if plan["kind"] == UNCHANGED:
                continue
            promoter = self.organisations[plan["promoter"]]
            project = plan["current"]
            if project is None:
                project = Project(slug=_new_slug(plan["fields"]["title"], taken), promoter=promoter, **plan["fields"])
                created.append(project)
            else:
                for key, value in plan["fields"].items():
                    setattr(project, key, value)
                project.promoter = promoter
                self.save(project, user)
        for project in bulk_create_with_history(created, Project, batch_size=BATCH, default_user=user):
            self.projects[project.code] = project
        self.write_project_links()

    def write_project_links(self):
        """Partners and target groups: add the missing, remove those the file no longer lists."""
        new_partners, new_groups = [], []
        for code, plan in self.project_rows.items():
            if plan["kind"] == UNCHANGED:
                continue
            project = self.projects[code]
            if plan["partners"] is not None:
                wanted = set(plan["partners"])
                for name in wanted - plan["old_partners"]:
                    new_partners.append(ProjectPartner(project=project, organisation=self.organisations[name]))
                gone = plan["old_partners"] - wanted
                if gone:
                    ProjectPartner.objects.filter(project=project, organisation__name__in=gone).delete()
            if plan["groups"] is not None:
                wanted = {group.pk for group in plan["groups"]}
                for group_id in wanted - plan["old_groups"]:
                    new_groups.append(ProjectTargetGroup(project=project, target_group_id=group_id))
                gone = plan["old_groups"] - wanted
                if gone:
                    ProjectTargetGroup.objects.filter(project=project, target_group_id__in=gone).delete()
        ProjectPartner.objects.bulk_create(new_partners, batch_size=BATCH)
        ProjectTargetGroup.objects.bulk_create(new_groups, batch_size=BATCH)

    def write_reports(self, user):
        created, created_breakdowns = [], []
        for plan in self.report_rows:
            if plan["kind"] == UNCHANGED:
                continue
            report = plan["current"]
            if report is None:
                report = ProgressReport(project=self.projects[plan["code"]], created_by=user, **plan["fields"])
                created.append(report)
                plan["current"] = report
            else:
                for key, value in plan["fields"].items():
                    setattr(report, key, value)
                report.version += 1  # a form opened before the import (even on the breakdown) may not overwrite it
                self.save(report, user)
                self.write_breakdown_changes(plan, user, created_breakdowns)
        bulk_create_with_history(created, ProgressReport, batch_size=BATCH, default_user=user)
        for plan in self.report_rows:
            if plan["kind"] == NEW:
                for group, count in plan["breakdown"].items():
                    if count is not None:
                        created_breakdowns.append(
                            ReportBreakdown(report=plan["current"], target_group=group, participants=count)
                        )
        bulk_create_with_history(created_breakdowns, ReportBreakdown, batch_size=BATCH, default_user=user)

    def write_breakdown_changes(self, plan, user, created):
        for group, count in plan["breakdown"].items():
            row = plan["old_breakdown"].get(group.pk)
            if row is None and count is not None:
                created.append(ReportBreakdown(report=plan["current"], target_group=group, participants=count))
            elif row is not None and count is None:
                row._history_user = user
                row.delete()
            elif row is not None and row.participants != count:
                row.participants = count
                self.save(row, user)


def _unknown_group(name):
    return _("There is no target group “%(name)s”.") % {"name": name}


def _present(sheet, sheet_name):
    return {name for header, name, _k, _r in COLUMNS[sheet_name] if normalise(header) in sheet.headers}


def _compare(current, values):
    if current is None:
        return NEW
    return UNCHANGED if all(getattr(current, key) == value for key, value in values.items()) else UPDATED


def _instance_fields(instance, names):
    if instance is None:
        return {}
    return {name: getattr(instance, name) for name in names}


def _org_fields(current):
    return _instance_fields(current, ["name", "legal_form", "sector", "company_code", "email", "phone", "website"])


def _project_fields(current):
    names = ["code", "title", "node_id", "status", "start_date", "end_date", "total_cost", "grant"]
    return _instance_fields(current, [*names, "own_contribution", "planned_participants", "planned_volunteers"])


def _report_fields(current):
    return _instance_fields(current, ["period_start", "period_end", "status", *ProgressReport.FIGURES])
