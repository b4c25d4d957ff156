"""Reading the register's sheets from an XLSX workbook or from CSV files named after the sheets.

An .xlsx file is a zip of XML parts. This reader streams the parts it needs through expat and keeps every
limit while it reads, so a hostile file is refused after a bounded amount of work, whatever it declares:
the file size, the unpacked size (counted as it is unpacked, not as the zip claims), the rows of a sheet,
the cells of a row, the shared strings and the styles. The sheet's declared dimension is never looked at,
XML with a DOCTYPE (entity tricks) is refused, macros are refused, and formulas are read as their saved
values. A cell with an error (#REF!) or a formula the file saved without its value (a file written by a program)
is kept as such, so that its column refuses it by name rather than take it as text or as empty. Only the three
expected sheets are read.
"""

import csv
import datetime
import io
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.parsers import expat

from django.utils.translation import gettext_lazy as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from common.text import excel_unescape

ORGANISATIONS = "Organizacijos"
PROJECTS = "Projektai"
REPORTS = "Ataskaitos"
SHEETS = (ORGANISATIONS, PROJECTS, REPORTS)

MAX_FILE_SIZE = 25 * 1024 * 1024  # bytes, per file
MAX_UNPACKED_SIZE = 50 * 1024 * 1024  # bytes of XML an .xlsx may unpack to, all parts together
MAX_ROWS = 100_000  # data rows per sheet
MAX_COLUMNS = 500  # cells per row, and the last column a cell may be in
# Separators a CSV row may hold, in quoted text too (a text with semicolons): the reader stops past them.
MAX_ROW_SEPARATORS = 20_000
MAX_FORMULA = 200  # characters of a formula kept, to name it in a message
MAX_SHARED_STRINGS = 1_000_000
MAX_STYLES = 65_000  # cell formats; Excel itself allows 64 000
MAX_ZIP_ENTRIES = 1_000  # an Excel workbook has a few dozen parts
ALLOWED_SUFFIXES = (".xlsx", ".csv")
_CHUNK = 64 * 1024


class WorkbookFileError(Exception):
    """The file cannot be read at all (wrong kind, too big, broken, hostile); nothing in it was looked at."""


def normalise(text):
    """A header or a word as compared: case and surrounding or repeated spaces ignored."""
    return " ".join(str(text).split()).casefold()


@dataclass
class Sheet:
    name: str
    headers: list = field(default_factory=list)  # [(column index, header as written)] of the first row
    rows: list = field(default_factory=list)  # [(row number, (value, …))], empty rows left out


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
        return _XlsxReader(files[0][1]).read()
    sheets = {}
    for name, handle in files:
        sheet_name = expected_sheet(Path(name).stem)
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


def expected_sheet(name):
    """The expected sheet a sheet or file name stands for (case and spaces ignored), or None."""
    wanted = {normalise(sheet): sheet for sheet in SHEETS}
    return wanted.get(normalise(name))


def _unreadable():
    return WorkbookFileError(_("The file is not a readable .xlsx workbook."))


def _too_many_rows(sheet_name):
    return WorkbookFileError(
        _("The sheet %(sheet)s has more than %(limit)s rows.") % {"sheet": sheet_name, "limit": MAX_ROWS}
    )


class ErrorCell(str):
    """A cell holding a spreadsheet error, as written: `#REF!`, `#N/A`."""


class UncalculatedCell(str):
    """A cell holding a formula saved without its value, as written: `=5*4`."""


def _too_many_cells(sheet_name, row):
    return WorkbookFileError(
        _("Row %(row)s of the sheet %(sheet)s has more than %(limit)s cells.")
        % {"row": row, "sheet": sheet_name, "limit": MAX_COLUMNS}
    )


class _Sheet:
    """Builds a Sheet from row tuples, keeping the row and cell limits."""

    def __init__(self, name):
        self.sheet = Sheet(name)
        self.row_elements = 0

    def add(self, number, cells):
        """`cells`: {column index: value}."""
        self.row_elements += 1
        if number > 2 * MAX_ROWS or self.row_elements > 2 * MAX_ROWS:  # far down, even empty rows cost time
            raise _too_many_rows(self.sheet.name)
        if number == 1:
            self.sheet.headers = [
                (index, str(value).strip()) for index, value in sorted(cells.items()) if _filled(value)
            ]
            return
        if not any(_filled(value) for value in cells.values()):
            return
        if len(self.sheet.rows) >= MAX_ROWS:
            raise _too_many_rows(self.sheet.name)
        width = max(cells) + 1
        self.sheet.rows.append((number, tuple(cells.get(index) for index in range(width))))


def _filled(value):
    return value is not None and str(value).strip() != ""


# --- .xlsx ----------------------------------------------------------------------------------------------


_LOCAL_NAMES = {}  # "{namespace}c" -> "c": a sheet has a few element names, each seen once a cell


def _local(name):
    local = _LOCAL_NAMES.get(name)
    if local is None:
        local = name.rsplit("}", 1)[-1]
        if len(_LOCAL_NAMES) < 1000:  # a hostile file's made-up names are not kept
            _LOCAL_NAMES[name] = local
    return local


def _column_index(reference):
    """0 for `A1`, 27 for `AB3`; None when the reference holds no column letters."""
    index = 0
    letters = 0
    for char in reference:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
            letters += 1
            if letters > 3:
                return 1 << 20  # beyond any worksheet
        else:
            break
    return index - 1 if letters else None


def _zip_entry_count(handle):
    """The number of entries the zip's end record declares, read before the central directory is parsed."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - 66_000))
    tail = handle.read()
    handle.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise _unreadable()
    return struct.unpack("<H", tail[at + 10 : at + 12])[0]


class _XlsxReader:
    def __init__(self, handle):
        self.handle = handle
        self.unpacked = 0

    def read(self):
        if _zip_entry_count(self.handle) > MAX_ZIP_ENTRIES:
            raise _unreadable()
        try:
            with zipfile.ZipFile(self.handle) as archive:
                self.archive = archive
                return self._read()
        except WorkbookFileError:
            raise
        except Exception as exc:  # zipfile, zlib and expat raise many kinds for a broken or disguised file
            raise _unreadable() from exc

    def _read(self):
        infos = self.archive.infolist()
        if any(info.filename.lower().endswith("vbaproject.bin") for info in infos):
            raise WorkbookFileError(_("Files with macros (.xlsm) are not accepted."))
        if sum(info.file_size for info in infos) > MAX_UNPACKED_SIZE:
            raise self._too_big()
        self.names = {info.filename for info in infos}
        workbook_path = self._office_document()
        book = _WorkbookPart()
        self._parse(workbook_path, book)
        rels = self._relationships(workbook_path)
        styles_path = next((path for kind, path in rels.values() if kind == "styles"), None)
        strings_path = next((path for kind, path in rels.values() if kind == "sharedStrings"), None)
        wanted = {}
        for title, rel_id in book.sheets:
            sheet_name = expected_sheet(title)
            if sheet_name and sheet_name not in wanted and rel_id in rels:
                wanted[sheet_name] = rels[rel_id][1]
        styles = _StylesPart()
        if styles_path in self.names:
            self._parse(styles_path, styles)
        strings = _SharedStringsPart()
        if strings_path in self.names and wanted:
            self._parse(strings_path, strings)
        epoch = CALENDAR_MAC_1904 if book.date1904 else CALENDAR_WINDOWS_1900
        sheets = {}
        for sheet_name, path in wanted.items():
            part = _SheetPart(sheet_name, strings.strings, styles.date_styles(), epoch)
            self._parse(path, part)
            sheets[sheet_name] = part.builder.sheet
        return sheets

    def _too_big(self):
        return WorkbookFileError(
            _("The workbook unpacks to more than %(limit)s MB; it cannot be a register this portal reads.")
            % {"limit": MAX_UNPACKED_SIZE // 2**20}
        )

    def _parse(self, path, part):
        """Stream one XML part through expat into `part`, counting what is unpacked."""
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartElementHandler = part.start
        parser.EndElementHandler = part.end
        parser.CharacterDataHandler = part.text
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.EntityDeclHandler = _refuse_doctype
        with self.archive.open(path) as stream:
            while chunk := stream.read(_CHUNK):
                self.unpacked += len(chunk)
                if self.unpacked > MAX_UNPACKED_SIZE:
                    raise self._too_big()
                parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def _office_document(self):
        for kind, path in self._relationships("").values():
            if kind == "officeDocument":
                return path
        return "xl/workbook.xml"

    def _relationships(self, source):
        """{id: (kind, part path)} of the part `source` ('' for the package)."""
        folder = PurePosixPath(source).parent if source else PurePosixPath("")
        rels_path = str(folder / "_rels" / f"{PurePosixPath(source).name}.rels") if source else "_rels/.rels"
        part = _RelationshipsPart()
        if rels_path in self.names:
            self._parse(rels_path, part)
        result = {}
        for rel_id, kind, target in part.items:
            path = target.lstrip("/") if target.startswith("/") else _resolve(folder, target)
            result[rel_id] = (kind.rsplit("/", 1)[-1], path)
        return result


def _resolve(folder, target):
    parts = []
    for piece in (folder / target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _refuse_doctype(*args):
    raise WorkbookFileError(_("The file is not a readable .xlsx workbook."))


class _Part:
    def start(self, name, attrs):
        pass

    def end(self, name):
        pass

    def text(self, data):
        pass


class _RelationshipsPart(_Part):
    def __init__(self):
        self.items = []

    def start(self, name, attrs):
        if _local(name) == "Relationship":
            if len(self.items) >= MAX_ZIP_ENTRIES:
                raise _unreadable()
            self.items.append((attrs.get("Id", ""), attrs.get("Type", ""), attrs.get("Target", "")))


class _WorkbookPart(_Part):
    def __init__(self):
        self.sheets = []  # [(title, relationship id)]
        self.date1904 = False

    def start(self, name, attrs):
        local = _local(name)
        if local == "sheet":
            if len(self.sheets) >= MAX_ZIP_ENTRIES:
                raise _unreadable()
            rel_id = next((value for key, value in attrs.items() if _local(key) == "id"), "")
            self.sheets.append((attrs.get("name", ""), rel_id))
        elif local == "workbookPr":
            self.date1904 = attrs.get("date1904", "0").lower() in ("1", "true")


class _StylesPart(_Part):
    """Which cell formats show dates: a number in such a cell is an Excel date."""

    def __init__(self):
        self.formats = dict(BUILTIN_FORMATS)
        self.cell_formats = []  # numFmtId of each cell format, in order
        self.in_cell_xfs = False

    def start(self, name, attrs):
        local = _local(name)
        if local == "numFmt":
            if len(self.formats) > MAX_STYLES:
                raise _unreadable()
            try:
                self.formats[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
            except ValueError:
                raise _unreadable() from None
        elif local == "cellXfs":
            self.in_cell_xfs = True
        elif local == "xf" and self.in_cell_xfs:
            if len(self.cell_formats) >= MAX_STYLES:
                raise WorkbookFileError(_("The workbook has more than %(limit)s cell formats.") % {"limit": MAX_STYLES})
            try:
                self.cell_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                raise _unreadable() from None

    def end(self, name):
        if _local(name) == "cellXfs":
            self.in_cell_xfs = False

    def date_styles(self):
        """The set of cell-format indexes whose number format shows a date."""
        dates = {number for number, code in self.formats.items() if is_date_format(code)}
        return {index for index, number in enumerate(self.cell_formats) if number in dates}


class _SharedStringsPart(_Part):
    def __init__(self):
        self.strings = []
        self.pieces = None
        self.capture = False
        self.phonetic = 0

    def start(self, name, attrs):
        local = _local(name)
        if local == "si":
            if len(self.strings) >= MAX_SHARED_STRINGS:
                raise WorkbookFileError(
                    _("The workbook has more than %(limit)s different texts.") % {"limit": f"{MAX_SHARED_STRINGS:,}"}
                )
            self.pieces = []
        elif local == "rPh":
            self.phonetic += 1
        elif local == "t" and self.pieces is not None and not self.phonetic:
            self.capture = True

    def end(self, name):
        local = _local(name)
        if local == "si":
            self.strings.append(excel_unescape("".join(self.pieces)))
            self.pieces = None
        elif local == "rPh":
            self.phonetic -= 1
        elif local == "t":
            self.capture = False

    def text(self, data):
        if self.capture:
            self.pieces.append(data)


class _SheetPart(_Part):
    def __init__(self, sheet_name, strings, date_styles, epoch):
        self.builder = _Sheet(sheet_name)
        self.name = sheet_name
        self.strings = strings
        self.date_styles = date_styles
        self.style_dates = {}  # the `s` attribute as written -> whether it shows a date
        self.epoch = epoch
        self.row_number = 0
        self.cells = None
        self.cell_count = 0
        self.column = -1
        self.kind = None
        self.style = None
        self.value = None  # pieces of <v> or of an inline string's <t>
        self.formula = None  # pieces of <f>
        self.capture = False
        self.phonetic = 0

    def start(self, name, attrs):
        local = _local(name)
        if local == "c":
            if self.cells is None:
                return
            self.formula = None
            self.cell_count += 1
            reference = attrs.get("r")
            index = _column_index(reference) if reference else None
            self.column = self.column + 1 if index is None else index
            if self.cell_count > MAX_COLUMNS or self.column >= MAX_COLUMNS:
                raise _too_many_cells(self.name, self.row_number)
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.value = None
        elif local == "row":
            reference = attrs.get("r")
            try:
                self.row_number = int(reference) if reference else self.row_number + 1
            except ValueError:
                raise _unreadable() from None
            self.cells, self.cell_count, self.column = {}, 0, -1
        elif local in ("v", "t") and self.cells is not None and not self.phonetic:
            if self.value is None:
                self.value = []
            self.capture = True
        elif local == "f" and self.cells is not None:
            self.formula = []
        elif local == "rPh":
            self.phonetic += 1

    def end(self, name):
        local = _local(name)
        if local in ("v", "t"):
            self.capture = False
        elif local == "rPh":
            self.phonetic -= 1
        elif local == "c" and self.cells is not None:
            saved = None if self.value is None else "".join(self.value)
            if self.formula is not None and not saved and self.kind not in ("str", "inlineStr", "s"):
                # a formula and no saved value (no <v>, or an empty one): not the empty cell it would read as
                self.cells[self.column] = UncalculatedCell("=" + "".join(self.formula)[:MAX_FORMULA])
            elif saved is not None:
                value = self.cell_value(saved)
                if value is not None:
                    self.cells[self.column] = value
        elif local == "row" and self.cells is not None:
            self.builder.add(self.row_number, self.cells)
            self.cells = None

    def text(self, data):
        if self.capture:
            self.value.append(data)
        elif self.formula is not None and len(self.formula) < MAX_FORMULA:
            self.formula.append(data)

    def is_date_style(self, style):
        shows_date = self.style_dates.get(style)
        if shows_date is None:
            shows_date = style.isdigit() and int(style) in self.date_styles
            if len(self.style_dates) <= MAX_STYLES:
                self.style_dates[style] = shows_date
        return shows_date

    def cell_value(self, written):
        kind = self.kind
        try:
            if kind == "s":
                return self.strings[int(written)]
            if kind in ("inlineStr", "str"):
                return excel_unescape(written)
            if kind == "b":
                return written.strip() in ("1", "true")
            if kind == "e":
                return ErrorCell(written.strip())  # an error such as #N/A: every column refuses it by name
            if kind == "d":
                return datetime.datetime.fromisoformat(written.strip())
            written = written.strip()
            if not written:
                return None
            number = float(written) if "." in written or "e" in written or "E" in written else int(written)
        except (ValueError, IndexError):
            raise _unreadable() from None
        if self.style is not None and self.is_date_style(self.style):
            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                return number
        return number


# --- .csv -----------------------------------------------------------------------------------------------


def _read_csv(sheet_name, handle):
    raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkbookFileError(
            _(
                "The CSV file %(sheet)s is not in UTF-8. In Excel, save it again as “CSV UTF-8 (Comma delimited)” "
                "(or import the .xlsx workbook itself)."
            )
            % {"sheet": sheet_name}
        ) from exc
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # the line ends the CSV reader knows
    first_line = physical[0]
    # Lithuanian Excel writes CSV with semicolons; others with commas.
    delimiter = max(";,\t", key=first_line.count)
    # A line of millions of separators would become millions of cells before the row could be looked at.
    for number, line in enumerate(physical, start=1):
        if line.count(delimiter) >= MAX_COLUMNS:
            raise _too_many_cells(sheet_name, number)
    del physical
    # A quoted cell may hold line breaks, so one row may run over many lines, and the reader builds the whole row
    # before it can be looked at: the separators fed into one row are counted as the lines go in. Separators in
    # quoted text count too, so the bound is far above MAX_COLUMNS; a row of millions of cells stops early.
    fed = {"separators": 0, "row": 1}

    def lines():
        for line in io.StringIO(text, newline=""):
            fed["separators"] += line.count(delimiter)
            if fed["separators"] > MAX_ROW_SEPARATORS:
                raise _too_many_cells(sheet_name, fed["row"])
            yield line

    builder = _Sheet(sheet_name)
    rows = csv.reader(lines(), delimiter=delimiter)
    try:
        for number, row in enumerate(rows, start=1):
            fed.update(separators=0, row=number + 1)
            builder.add(number, dict(enumerate(row)))
    except csv.Error as exc:
        raise WorkbookFileError(_("The CSV file %(sheet)s cannot be read.") % {"sheet": sheet_name}) from exc
    return builder.sheet
