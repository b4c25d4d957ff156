"""Small hostile workbooks are refused after bounded work: seconds, and little memory, whatever they declare.

Each file is built here, in the test, the way an attacker would build it: a few hundred kilobytes that
unpack to far more, a row of millions of cells, a sheet that declares the whole grid as its dimension.
"""

import io
import time
import tracemalloc
import zipfile

import pytest

from tests.workbook_helpers import REPORT_HEADERS, report_row, standard_sheets, xlsx_bytes
from workbooks import reader
from workbooks.reader import WorkbookFileError, read_files

REPORTS_PART = "xl/worksheets/sheet2.xml"  # the Ataskaitos sheet of xlsx_bytes(standard_sheets())
SECONDS = 10  # generous for a shared 2-core machine; the refusals take well under a second
MEGABYTES = 64  # the most a refusal may allocate on the way


def sheet_xml(rows_xml, dimension="A1"):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    )


def replace_parts(data, parts, extra=()):
    """The XLSX `data` with some parts' content replaced ({name: bytes, or a callable writing to a stream})."""
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = parts.get(item.filename, source.read(item.filename))
            if callable(content):
                with out.open(item.filename, "w") as stream:
                    content(stream)
            else:
                out.writestr(item.filename, content)
        for name, content in extra:
            if callable(content):
                with out.open(name, "w") as stream:
                    content(stream)
            else:
                out.writestr(name, content)
    return target.getvalue()


def refused(data, match, name="registras.xlsx"):
    """Read `data` as file `name`; assert it is refused with a message matching `match`, quickly and with little
    memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(WorkbookFileError, match=match) as refusal:
            read_files([(name, io.BytesIO(data))])
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < SECONDS, f"took {elapsed:.1f} s"
    assert peak < MEGABYTES * 2**20, f"allocated {peak / 2**20:.0f} MB"
    return str(refusal.value)


def test_it_refuses_a_row_of_ten_million_cells_within_seconds():
    def ten_million_cells(stream):
        stream.write(sheet_xml("").split("<sheetData>")[0].encode() + b'<sheetData><row r="1">')
        chunk = b"<c/>" * 100_000
        for _n in range(100):
            stream.write(chunk)
        stream.write(b"</row></sheetData></worksheet>")

    data = replace_parts(xlsx_bytes(standard_sheets()), {REPORTS_PART: ten_million_cells})
    assert len(data) < 600_000  # half a megabyte of file

    message = refused(data, "langelių|cells")
    assert "Ataskaitos" in message and "500" in message


def test_it_refuses_shared_strings_that_unpack_to_450_megabytes_within_seconds():
    def huge_strings(stream):
        stream.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        piece = b"<si><t>" + b"x" * 4000 + b"</t></si>"
        for _n in range(450 * 2**20 // len(piece)):
            stream.write(piece)
        stream.write(b"</sst>")

    data = _with_shared_strings(xlsx_bytes(standard_sheets()), huge_strings)
    assert len(data) < 2 * 2**20  # about a megabyte of file

    message = refused(data, "MB")
    assert "50" in message


def test_it_ignores_a_declared_dimension_of_the_whole_grid():
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{value}</t></is></c></row>'
        for n, value in ((1, "Projekto kodas"), (2, "11-400-K-0003"))
    )
    base = xlsx_bytes(standard_sheets())
    data = replace_parts(base, {REPORTS_PART: sheet_xml(rows, "A1:XFD1048576").encode()})

    started = time.perf_counter()
    sheets = read_files([("registras.xlsx", io.BytesIO(data))])

    assert time.perf_counter() - started < SECONDS
    assert sheets["Ataskaitos"].headers == [(0, "Projekto kodas")]
    assert sheets["Ataskaitos"].rows == [(2, ("11-400-K-0003",))]  # one cell: nothing padded to column XFD


def test_it_refuses_a_zip_that_unpacks_to_more_than_it_declares():
    def bomb(stream):
        stream.write(sheet_xml("").split("<sheetData>")[0].encode() + b"<sheetData>")
        for _n in range(60):
            stream.write(b" " * 2**20)
        stream.write(b"</sheetData></worksheet>")

    data = bytearray(replace_parts(xlsx_bytes(standard_sheets()), {REPORTS_PART: bomb}))
    # Make the zip claim the sheet unpacks to 1 kB, in its central directory, where zipfile reads sizes from.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(REPORTS_PART)
    directory = data.rfind(b"PK\x01\x02", 0, len(data))
    while directory >= 0:
        name_length = int.from_bytes(data[directory + 28 : directory + 30], "little")
        name = bytes(data[directory + 46 : directory + 46 + name_length]).decode()
        if name == info.filename:
            data[directory + 24 : directory + 28] = (1024).to_bytes(4, "little")
            break
        directory = data.rfind(b"PK\x01\x02", 0, directory)

    refused(bytes(data), "MB|readable|skaitomas")


def test_it_refuses_more_shared_strings_than_the_limit(monkeypatch):
    monkeypatch.setattr(reader, "MAX_SHARED_STRINGS", 1000)

    def many_strings(stream):
        stream.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        stream.write(b"<si><t>a</t></si>" * 1001)
        stream.write(b"</sst>")

    data = _with_shared_strings(xlsx_bytes(standard_sheets()), many_strings)
    refused(data, "tekstų|texts")


def test_it_refuses_a_cell_far_to_the_right():
    rows = '<row r="1"><c r="XFD1" t="inlineStr"><is><t>Kodas</t></is></c></row>'
    data = replace_parts(xlsx_bytes(standard_sheets()), {REPORTS_PART: sheet_xml(rows).encode()})
    refused(data, "langelių|cells")


def test_it_refuses_rows_far_down_the_sheet():
    rows = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    data = replace_parts(xlsx_bytes(standard_sheets()), {REPORTS_PART: sheet_xml(rows).encode()})
    refused(data, "eilučių|rows")


def test_it_refuses_xml_entities():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    data = replace_parts(xlsx_bytes(standard_sheets()), {REPORTS_PART: laughs.encode()})
    refused(data, "skaitomas|readable")


def test_it_refuses_a_zip_of_thousands_of_parts():
    extra = [(f"xl/media/image{n}.png", b"") for n in range(reader.MAX_ZIP_ENTRIES + 1)]
    data = replace_parts(xlsx_bytes(standard_sheets()), {}, extra=extra)
    refused(data, "skaitomas|readable")


def test_it_refuses_more_cell_formats_than_excel_allows(monkeypatch):
    monkeypatch.setattr(reader, "MAX_STYLES", 100)
    styles = (
        '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<cellXfs>" + '<xf numFmtId="0"/>' * 101 + "</cellXfs></styleSheet>"
    )
    data = replace_parts(xlsx_bytes(standard_sheets()), {"xl/styles.xml": styles.encode()})
    refused(data, "formatų|formats")


def test_a_csv_line_of_millions_of_separators_is_refused():
    data = ("Projekto kodas;Nuo\n" + ";" * 5_000_000 + "\n").encode()
    refused(data, "langelių", name="Ataskaitos.csv")


def test_a_csv_row_of_millions_of_cells_joined_by_quoted_line_breaks_is_refused():
    """Each line holds fewer separators than a row may, but quoted line breaks join them all into one row."""
    line = "x;" * 480 + '"a\nb";'
    data = ("Projekto kodas;Nuo;Iki;Būsena\n" + 'P1;2024-01-01;2024-02-01;"a\nb";' + line * 5_000 + "\n").encode()
    refused(data, "Lapo Ataskaitos 2 eilutėje", name="Ataskaitos.csv")


def test_a_csv_text_holding_semicolons_and_line_breaks_still_reads():
    text = "Susitikome; kalbėjome.\n" * 300  # 300 semicolons in one quoted cell, over 300 lines
    data = f'Projekto kodas;Nuo;Iki;Būsena;Pasiekimai\nP1;2024-01-01;2024-02-01;pateikta;"{text}"\n'.encode()
    sheet = read_files([("Ataskaitos.csv", io.BytesIO(data))])["Ataskaitos"]
    assert sheet.rows[0][1][4] == text


def test_an_ordinary_workbook_still_reads():
    sheets = read_files([("r.xlsx", io.BytesIO(xlsx_bytes(standard_sheets(reports=[report_row()]))))])
    assert [header for _index, header in sheets["Ataskaitos"].headers] == REPORT_HEADERS
    assert sheets["Ataskaitos"].rows[0][1][0] == "11-400-K-0003"


def _with_shared_strings(data, writer):
    """`data` with a shared-strings part (written by `writer`) that the workbook's relationships point to."""
    rels = "xl/_rels/workbook.xml.rels"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        relationships = archive.read(rels).decode()
        types = archive.read("[Content_Types].xml").decode()
    relationships = relationships.replace(
        "</Relationships>",
        '<Relationship Id="rIdStrings" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
    )
    types = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    parts = {rels: relationships.encode(), "[Content_Types].xml": types.encode()}
    return replace_parts(data, parts, extra=[("xl/sharedStrings.xml", writer)])


def test_a_csv_file_with_old_mac_line_ends_reads_like_any_other():
    rows = ["Projekto kodas;Nuo;Iki;Būsena"] + [f"P{n};2024-01-01;2024-02-01;pateikta" for n in range(40)]
    sheet = read_files([("Ataskaitos.csv", io.BytesIO("\r".join(rows).encode()))])["Ataskaitos"]
    assert len(sheet.rows) == 40
