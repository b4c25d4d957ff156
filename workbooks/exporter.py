"""Writing the register in the import format, so that export → import → export gives the same workbook.

The workbook is made to be read by people too: bold headers frozen above the rows, columns wide enough for
their contents, dates as dates and money, FTE and counts as numbers with their formats.

Text is written the way Excel writes it: a control character saved before the portal refused them comes out
as `_x000B_` (Excel's own escape) instead of breaking the file, and the import reads it back as that character
and asks for it to be removed.
"""

from django.db.models import Prefetch, Q
from django.db.models.functions import Length
from django.utils import timezone, translation

from common.text import XLSX_CELL_LIMIT, excel_escape, safe_text
from participants.models import ProgressReport, ReportBreakdown
from progress.calculation import strategy_years
from projects.models import Organisation, Project, ProjectPartner, ProjectTargetGroup
from strategies.models import Strategy, TargetGroup

from .columns import (
    LEGAL_FORM_WORDS,
    ORGANISATION_COLUMNS,
    PROJECT_COLUMNS,
    PROJECT_STATUS_WORDS,
    REPORT_COLUMNS,
    REPORT_STATUS_WORDS,
    SECTOR_WORDS,
    breakdown_header,
    planned_header,
)
from .reader import ORGANISATIONS, PROJECTS, REPORTS

DATE_FORMAT = "yyyy-mm-dd"
# Excel's built-in formats, which it shows in the user's own locale (1 200,50 in Lithuanian Excel).
MONEY_FORMAT = "#,##0.00"
DECIMAL_FORMAT = "0.00"
WHOLE_FORMAT = "0"
MIN_WIDTH, MAX_WIDTH = 8, 60  # characters

# The year-by-year table of the strategy pages (`/strategijos/<code>/metai/`), for reading only: the import
# reads only its three sheets and passes this one by.
YEARS = "Metai"
YEARS_HEADER = [
    "Strategija",
    "Lygmuo",
    "Rodiklis",
    "Vienetas",
    "Metai",
    "Per metus",
    "Sukaupta",
    "Tarpinė reikšmė ar tikslas",
    "Būsena",
    "Siektina reikšmė",
    "Planuoja atrinkti projektai",
    "Duomenys datai",
]


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
    strategies = [strategy] if strategy is not None else list(Strategy.objects.order_by("-start_year", "code"))
    planned_groups = _planned_groups(projects)
    return {
        ORGANISATIONS: [[h for h, *_rest in ORGANISATION_COLUMNS], *map(_organisation_row, organisations)],
        PROJECTS: [
            [h for h, *_rest in PROJECT_COLUMNS] + [planned_header(g.name) for g in planned_groups],
            *(_project_row(project, planned_groups) for project in projects),
        ],
        REPORTS: [
            [h for h, *_rest in REPORT_COLUMNS] + [breakdown_header(g.name) for g in groups],
            *(_report_row(report, groups) for report in reports),
        ],
        YEARS: [YEARS_HEADER, *_year_rows(strategies)],
    }


def too_long_for_a_cell():
    """Reports whose words are longer than a spreadsheet cell holds (saved before the limit): Excel would cut them."""
    names = ("achievements", "difficulties", "next_steps")
    longer = Q()
    for name in names:
        longer |= Q(**{f"{name}_length__gt": XLSX_CELL_LIMIT})
    lengths = {f"{name}_length": Length(name) for name in names}
    return ProgressReport.objects.annotate(**lengths).filter(longer).select_related("project").order_by("pk")


def _number_formats(columns):
    """{column index: number format} of a sheet's columns by their kind."""
    kinds = {"date": DATE_FORMAT, "whole": WHOLE_FORMAT, "number": DECIMAL_FORMAT}
    formats = {}
    for index, (header, _name, kind, _required) in enumerate(columns):
        number_format = kinds.get(kind)
        if number_format == DECIMAL_FORMAT and header.endswith("EUR"):
            number_format = MONEY_FORMAT
        if number_format:
            formats[index] = number_format
    return formats


_COLUMNS_OF = {ORGANISATIONS: ORGANISATION_COLUMNS, PROJECTS: PROJECT_COLUMNS, REPORTS: REPORT_COLUMNS}


def _width(value):
    if value is None:
        return 0
    if hasattr(value, "isoformat"):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_workbook(target, strategy=None):
    """Write the XLSX workbook to `target` (a path or a binary file object)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    book = Workbook(write_only=True)
    for name, rows in workbook_rows(strategy).items():
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        columns = _COLUMNS_OF.get(name)  # None for the year table, which is for reading only
        formats = _number_formats(columns or [])
        # The target-group columns after the fixed ones hold whole numbers.
        extra = len(columns) if columns else len(rows[0]) if rows else 0
        # Widths from the header and the values, within bounds (a long description wraps in its cell instead).
        widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))] if rows else []
        for index, width in enumerate(widths):
            letter = get_column_letter(index + 1)
            sheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
        for number, row in enumerate(rows):
            cells = []
            for index, value in enumerate(row):
                cell = WriteOnlyCell(sheet, value=excel_escape(safe_text(value)))
                if number == 0:
                    cell.font = bold
                elif hasattr(value, "isoformat"):
                    cell.number_format = DATE_FORMAT
                elif index in formats and value is not None:
                    cell.number_format = formats[index]
                elif index >= extra and value is not None:
                    cell.number_format = WHOLE_FORMAT
                if number and isinstance(value, str) and len(value) > MAX_WIDTH:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                cells.append(cell)
            sheet.append(cells)
    book.save(target)


def _ordered_groups():
    return ProjectTargetGroup.objects.select_related("target_group").order_by(
        "target_group__position", "target_group__name"
    )


def _organisation_ids(projects):
    ids = set()
    for promoter_id, partner_ids in projects.values_list("promoter_id", "partnerships__organisation_id"):
        ids.update(i for i in (promoter_id, partner_ids) if i)
    return ids


def _planned_groups(projects):
    """The target groups any of the projects plans participants for, in the list's order."""
    used = {link.target_group for project in projects for link in project.project_target_groups.all()}
    return sorted(used, key=lambda group: (group.position, group.name))


def _breakdown_groups(reports):
    used = {row.target_group_id for report in reports for row in report.breakdown.all()}
    return list(TargetGroup.objects.filter(pk__in=used).order_by("position", "name"))


def _organisation_row(org):
    return [
        org.name,
        LEGAL_FORM_WORDS.get(org.legal_form),
        SECTOR_WORDS.get(org.sector),
        org.company_code or None,
        org.email or None,
        org.phone or None,
        org.website or None,
    ]


def _project_row(project, planned_groups):
    partners = sorted(p.organisation.name for p in project.partnerships.all())
    links = list(project.project_target_groups.all())
    groups = [link.target_group.name for link in links]
    planned = {link.target_group_id: link.planned_participants for link in links}
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
        project.own_contribution,
        project.planned_participants,
        project.planned_volunteers,
        project.planned_jobs,
        "; ".join(groups) or None,
        *(planned.get(group.pk) for group in planned_groups),
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


def _year_rows(strategies, as_of=None):
    """One row per indicator (and for the money paid and contracted) per year, as the year page shows them.

    One `strategy_years` per strategy: a VVG has two or three.
    """
    as_of = as_of or timezone.localdate()
    rows = []
    with translation.override("lt"):
        for strategy in strategies:
            table = strategy_years(strategy, as_of)
            for row in table.rows:
                indicator, item = row.indicator, row.progress
                name, unit = indicator.name, str(indicator.unit_display)
                planned = item.planned if item.plannable else None
                for cell in row.cells:
                    rows.append(
                        _year_row(strategy, row.node, name, unit, cell, cell.value, cell.cumulative)
                        + [indicator.target, planned, as_of]
                    )
            for row in table.money:
                for cell in row.cells:
                    paid = _year_row(strategy, row.node, "Išmokėta", "EUR", cell, cell.value, cell.cumulative)
                    contracted = _year_row(
                        strategy, row.node, "Sutarta (finansavimas)", "EUR", cell, None, cell.contracted
                    )
                    contracted[7:9] = [None, None]
                    rows += [paid + [row.money.planned, None, as_of], contracted + [row.money.planned, None, as_of]]
    return rows


def _year_row(strategy, node, name, unit, cell, value, cumulative):
    return [
        strategy.code,
        node.code if node else None,
        name,
        unit,
        cell.year,
        value,
        cumulative,
        cell.due,
        str(cell.status_label) or None,
    ]
