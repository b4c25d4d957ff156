"""The open data page and the list of operations as CSV, XLSX and JSON."""

import csv
import io
import json
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from common.text import safe_text

from .cache import cached_file
from .operations import COLUMNS, LICENCE, LICENCE_URL, last_changed, operation_rows, operations

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"


@require_safe
def index(request):
    ctx = {
        "operation_count": operations().count(),
        "last_changed": last_changed(),
        "columns": COLUMNS,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
    }
    return render(request, "opendata/index.html", ctx)


def _text_cell(column, value):
    """A cell's text for the CSV: dates as YYYY-MM-DD, numbers with a point, text a spreadsheet will not run."""
    if value is None:
        return ""
    if column.kind == "text":
        return safe_text(str(value))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="operacijos.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([str(column.heading) for column in COLUMNS])
    for row in operation_rows(request):
        writer.writerow([_text_cell(column, row[column.key]) for column in COLUMNS])
    return response


def _xlsx(request):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Operations"))
    bold = Font(bold=True)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=str(column.heading))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in operation_rows(request):
        cells = []
        for column in COLUMNS:
            value = row[column.key]
            cell = WriteOnlyCell(sheet, value=safe_text(value) if column.kind == "text" else value)
            if column.kind == "date":
                cell.number_format = DATE_FORMAT
            cells.append(cell)
        sheet.append(cells)
    output = io.BytesIO()
    book.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="operacijos.xlsx"'
    return response


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _json(request):
    changed = last_changed()
    document = {
        "title": _("List of operations (Regulation (EU) 2021/1060, Article 49(3))"),
        "publisher": settings.VVG_NAME,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "as_of": timezone.localdate(),
        "last_changed": changed,
        "columns": [{"key": column.key, "heading": str(column.heading)} for column in COLUMNS],
        "operations": operation_rows(request),
    }
    content = json.dumps(document, ensure_ascii=False, indent=1, default=_json_value)
    return HttpResponse(content, content_type="application/json; charset=utf-8")


@require_safe
def operations_csv(request):
    return cached_file(request, lambda: _csv(request))


@require_safe
def operations_xlsx(request):
    return cached_file(request, lambda: _xlsx(request))


@require_safe
def operations_json(request):
    return cached_file(request, lambda: _json(request))
