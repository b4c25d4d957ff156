"""Writing the register in the import format, so that export → import → export gives the same workbook."""

from django.db.models import Prefetch

from participants.models import ProgressReport, ReportBreakdown, TargetGroup
from projects.models import Organisation, Project, ProjectPartner

from .columns import (
    FORMULA_STARTS,
    ORGANISATION_COLUMNS,
    PROJECT_COLUMNS,
    PROJECT_STATUS_WORDS,
    REPORT_COLUMNS,
    REPORT_STATUS_WORDS,
    SECTOR_WORDS,
    breakdown_header,
    legal_form_words,
)
from .reader import ORGANISATIONS, PROJECTS, REPORTS

DATE_FORMAT = "yyyy-mm-dd"


def safe_text(value):
    """Text a spreadsheet would run as a formula is prefixed with a quote; import takes the quote off."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def workbook_rows(strategy=None):
    """{sheet: [header row, *rows]} of the register, or of one strategy's part of it.

    Projects without a code are left out: the code is what an import matches them by.
    """
    projects = (
        Project.objects.exclude(code="")
        .select_related("node__strategy", "promoter")
        .prefetch_related(
            Prefetch("partnerships", ProjectPartner.objects.select_related("organisation")),
            Prefetch("project_target_groups", queryset=_ordered_groups()),
        )
        .order_by("code")
    )
    reports = (
        ProgressReport.objects.exclude(project__code="")
        .select_related("project")
        .prefetch_related(Prefetch("breakdown", ReportBreakdown.objects.all()))
        .order_by("project__code", "period_start")
    )
    organisations = Organisation.objects.order_by("name")
    if strategy is not None:
        projects = projects.filter(node__strategy=strategy)
        reports = reports.filter(project__node__strategy=strategy)
        organisations = organisations.filter(pk__in=_organisation_ids(projects))
    projects = list(projects)
    reports = list(reports)
    groups = _breakdown_groups(reports)
    return {
        ORGANISATIONS: [[h for h, *_rest in ORGANISATION_COLUMNS], *map(_organisation_row(), organisations)],
        PROJECTS: [[h for h, *_rest in PROJECT_COLUMNS], *map(_project_row, projects)],
        REPORTS: [
            [h for h, *_rest in REPORT_COLUMNS] + [breakdown_header(g.name) for g in groups],
            *(_report_row(report, groups) for report in reports),
        ],
    }


def write_workbook(target, strategy=None):
    """Write the XLSX workbook to `target` (a path or a binary file object)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for name, rows in workbook_rows(strategy).items():
        sheet = book.create_sheet(name)
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=safe_text(value))
                if hasattr(value, "isoformat"):
                    cell.number_format = DATE_FORMAT
                cells.append(cell)
            sheet.append(cells)
    book.save(target)


def _ordered_groups():
    from projects.models import ProjectTargetGroup

    return ProjectTargetGroup.objects.select_related("target_group").order_by(
        "target_group__position", "target_group__name"
    )


def _organisation_ids(projects):
    ids = set()
    for promoter_id, partner_ids in projects.values_list("promoter_id", "partnerships__organisation_id"):
        ids.update(i for i in (promoter_id, partner_ids) if i)
    return ids


def _breakdown_groups(reports):
    used = {row.target_group_id for report in reports for row in report.breakdown.all()}
    return list(TargetGroup.objects.filter(pk__in=used).order_by("position", "name"))


def _organisation_row():
    forms = legal_form_words()

    def row(org):
        return [
            org.name,
            forms.get(org.legal_form),
            SECTOR_WORDS.get(org.sector),
            org.company_code or None,
            org.email or None,
            org.phone or None,
            org.website or None,
        ]

    return row


def _project_row(project):
    partners = sorted(p.organisation.name for p in project.partnerships.all())
    groups = [link.target_group.name for link in project.project_target_groups.all()]
    return [
        project.node.strategy.code,
        project.code,
        project.title,
        project.node.code,
        project.promoter.name if project.promoter else None,
        "; ".join(partners) or None,
        PROJECT_STATUS_WORDS[project.status],
        project.start_date,
        project.end_date,
        project.total_cost,
        project.grant,
        project.planned_participants,
        project.planned_volunteers,
        "; ".join(groups) or None,
    ]


def _report_row(report, groups):
    counts = {row.target_group_id: row.participants for row in report.breakdown.all()}
    return [
        report.project.code,
        report.period_start,
        report.period_end,
        REPORT_STATUS_WORDS[report.status],
        *(getattr(report, name) for name in ProgressReport.FIGURES),
        report.achievements or None,
        report.difficulties or None,
        report.next_steps or None,
        *(counts.get(group.pk) for group in groups),
    ]
