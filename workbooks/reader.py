"""Reading the register's sheets from an XLSX workbook or from CSV files named after the sheets.

Only the expected sheets are read, formulas are taken as their cached values, and the file size and
the number of rows are limited, so a hostile or broken file costs little.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

ORGANISATIONS = "Organizacijos"
PROJECTS = "Projektai"
REPORTS = "Ataskaitos"
SHEETS = (ORGANISATIONS, PROJECTS, REPORTS)

MAX_FILE_SIZE = 25 * 1024 * 1024  # bytes, per file
MAX_ROWS = 100_000  # data rows per sheet
MAX_UNPACKED_SIZE = 20 * MAX_FILE_SIZE  # an .xlsx is a zip: refuse one that would unpack to far more
ALLOWED_SUFFIXES = (".xlsx", ".csv")


class WorkbookFileError(Exception):
    """The file cannot be read at all (wrong kind, too big, broken); nothing in it was looked at."""


def normalise(text):
    """A header or a word as compared: case and surrounding or repeated spaces ignored."""
    return " ".join(str(text).split()).casefold()


@dataclass
class Sheet:
    name: str
    headers: dict  # normalised header -> header as written
    rows: list = field(default_factory=list)  # [(row number, {normalised header: value})]


def check_upload_name(name):
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsm":
        raise WorkbookFileError(_("Files with macros (.xlsm) are not accepted."))
    if suffix not in ALLOWED_SUFFIXES:
        raise WorkbookFileError(_("Only .xlsx workbooks and .csv files are accepted."))
    return suffix


def read_paths(paths):
    """{sheet name: Sheet} from one XLSX file, or from CSV files (or a folder of them) named after the sheets."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        else:
            files.append(path)
    opened = []
    try:
        for path in files:
            opened.append((path.name, path.open("rb")))
        return read_files(opened)
    finally:
        for _name, handle in opened:
            handle.close()


def read_files(files):
    """{sheet name: Sheet} from [(file name, binary file object)]: one XLSX, or CSV files named after sheets."""
    if not files:
        raise WorkbookFileError(_("No file was given."))
    kinds = [check_upload_name(name) for name, _handle in files]
    for name, handle in files:
        _check_size(name, handle)
    if ".xlsx" in kinds:
        if len(files) > 1:
            raise WorkbookFileError(_("Give one .xlsx workbook, or .csv files, not both."))
        return _read_xlsx(files[0][1])
    sheets = {}
    for name, handle in files:
        sheet_name = _expected_sheet(Path(name).stem)
        if sheet_name is None:
            continue  # only the expected sheets are read
        sheets[sheet_name] = _read_csv(sheet_name, handle)
    if not sheets:
        raise WorkbookFileError(
            _("Name the CSV files after the sheets: %(names)s.") % {"names": ", ".join(f"{s}.csv" for s in SHEETS)}
        )
    return sheets


def _check_size(name, handle):
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    if size > MAX_FILE_SIZE:
        raise WorkbookFileError(
            _("The file %(name)s is larger than %(limit)s MB.") % {"name": name, "limit": MAX_FILE_SIZE // 2**20}
        )


def _expected_sheet(name):
    wanted = {normalise(sheet): sheet for sheet in SHEETS}
    return wanted.get(normalise(name))


def _too_many_rows(sheet_name):
    return WorkbookFileError(
        _("The sheet %(sheet)s has more than %(limit)s rows.") % {"sheet": sheet_name, "limit": MAX_ROWS}
    )


def _sheet_from_rows(sheet_name, rows):
    """A Sheet from an iterator of row tuples, the first being the headers. Empty rows are skipped."""
    header_row = next(rows, None) or ()
    headers, positions = {}, {}
    for index, header in enumerate(header_row):
        if header is None or not str(header).strip():
            continue
        key = normalise(header)
        if key not in headers:  # a repeated header: the first one counts
            headers[key] = str(header).strip()
            positions[key] = index
    sheet = Sheet(sheet_name, headers)
    for number, row in enumerate(rows, start=2):
        if number > 2 * MAX_ROWS:  # rows far down a sheet, even empty ones, cost time to walk past
            raise _too_many_rows(sheet_name)
        if not any(value is not None and str(value).strip() != "" for value in row):
            continue
        if len(sheet.rows) >= MAX_ROWS:
            raise _too_many_rows(sheet_name)
        sheet.rows.append((number, {key: row[index] if index < len(row) else None for key, index in positions.items()}))
    return sheet


def _read_xlsx(handle):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(handle) as archive:
            if any(name.lower().endswith("vbaproject.bin") for name in archive.namelist()):
                raise WorkbookFileError(_("Files with macros (.xlsm) are not accepted."))
            if sum(item.file_size for item in archive.infolist()) > MAX_UNPACKED_SIZE:
                raise WorkbookFileError(_("The file is not a readable .xlsx workbook."))
        handle.seek(0)
        # read_only streams the rows; data_only gives each formula's cached value, never the formula.
        book = load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except WorkbookFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken or disguised file
        raise WorkbookFileError(_("The file is not a readable .xlsx workbook.")) from exc
    try:
        sheets = {}
        for title in book.sheetnames:
            sheet_name = _expected_sheet(title)
            if sheet_name is None or sheet_name in sheets:
                continue
            rows = book[title].iter_rows(values_only=True)
            sheets[sheet_name] = _sheet_from_rows(sheet_name, rows)
        return sheets
    except WorkbookFileError:
        raise
    except Exception as exc:  # a sheet whose XML is broken fails only when its rows are read
        raise WorkbookFileError(_("The file is not a readable .xlsx workbook.")) from exc
    finally:
        book.close()


def _read_csv(sheet_name, handle):
    raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkbookFileError(_("The CSV file %(sheet)s is not in UTF-8.") % {"sheet": sheet_name}) from exc
    first_line = text.split("\n", 1)[0]
    # Lithuanian Excel writes CSV with semicolons; others with commas.
    delimiter = max(";,\t", key=first_line.count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _sheet_from_rows(sheet_name, (tuple(row) for row in rows))
    except csv.Error as exc:
        raise WorkbookFileError(_("The CSV file %(sheet)s cannot be read.") % {"sheet": sheet_name}) from exc
