"""Small builders shared by the workbook tests: a register to import into and workbooks built in the test."""

import io
import zipfile

from django.contrib.auth import get_user_model
from openpyxl import Workbook, load_workbook

from common.roles import STAFF_GROUP
from tests.conftest import _user, make_node, make_strategy, make_target_group

PROJECT_HEADERS = [
    "Strategija",
    "Kodas",
    "Pavadinimas",
    "Veiksmas",
    "Vykdytojas",
    "Partneriai",
    "Būsena",
    "Pradžia",
    "Pabaiga",
    "Biudžetas, EUR",
    "Finansavimas, EUR",
    "Planuojami dalyviai",
    "Planuojami savanoriai",
    "Tikslinės grupės",
]
REPORT_HEADERS = [
    "Projekto kodas",
    "Nuo",
    "Iki",
    "Būsena",
    "Nauji dalyviai",
    "Nauji savanoriai",
    "Sukurtos darbo vietos",
    "Išlaikytos darbo vietos",
    "Paslaugos",
    "Išlaidos, EUR",
    "Pasiekimai",
    "Sunkumai",
    "Kiti žingsniai",
    "Dalyviai: Senjorai",
]
ORGANISATION_HEADERS = [
    "Pavadinimas",
    "Teisinė forma",
    "Sektorius",
    "Įmonės kodas",
    "El. paštas",
    "Telefonas",
    "Svetainė",
]


def staff_account(username="rasa"):
    """A staff account (the role that imports and approves), created on first use."""
    existing = get_user_model().objects.filter(username=username).first()
    return existing or _user(username, STAFF_GROUP, first_name="Rasa", last_name="Importuotoja", is_staff=True)


def make_register():
    """Strategy 2023–2029 with goal 1, objective 1.1, actions 1.1.1 and 1.1.2; groups Senjorai and Neįgalieji."""
    strategy = make_strategy()
    goal = make_node(strategy, "1")
    objective = make_node(strategy, "1.1", parent=goal)
    actions = {code: make_node(strategy, code, parent=objective) for code in ("1.1.1", "1.1.2")}
    seniors = make_target_group("Senjorai", "Seniors", position=1)
    disabled = make_target_group("Neįgalieji", "People with disabilities", position=2)
    return {"strategy": strategy, "objective": objective, **actions, "seniors": seniors, "disabled": disabled}


def project_row(**changes):
    values = {
        "Strategija": "2023-2029",
        "Kodas": "11-400-K-0003",
        "Pavadinimas": "Gera būti",
        "Veiksmas": "1.1.1",
        "Vykdytojas": "Utenos švietimo centras",
        "Partneriai": "Utenos kraštotyros muziejus; Asociacija Aukštaitijos rakta",
        "Būsena": "įgyvendinamas",
        "Pradžia": "2024-01-01",
        "Pabaiga": "2025-12-31",
        "Biudžetas, EUR": "129 850,50",
        "Finansavimas, EUR": 100000,
        "Planuojami dalyviai": 120,
        "Planuojami savanoriai": 10,
        "Tikslinės grupės": "Senjorai; Neįgalieji",
    }
    values.update(changes)
    return [values[h] for h in PROJECT_HEADERS]


def report_row(**changes):
    values = {
        "Projekto kodas": "11-400-K-0003",
        "Nuo": "2024-01-01",
        "Iki": "2024-06-30",
        "Būsena": "patvirtinta",
        "Nauji dalyviai": 40,
        "Nauji savanoriai": 5,
        "Sukurtos darbo vietos": "2,5",
        "Išlaikytos darbo vietos": "0.25",
        "Paslaugos": 8,
        "Išlaidos, EUR": "12 000,00",
        "Pasiekimai": "Vyko stovykla",
        "Sunkumai": None,
        "Kiti žingsniai": "Rudens užsiėmimai",
        "Dalyviai: Senjorai": 15,
    }
    values.update(changes)
    return [values[h] for h in REPORT_HEADERS]


def standard_sheets(projects=None, reports=None, organisations=None):
    sheets = {
        "Projektai": [PROJECT_HEADERS, *(projects if projects is not None else [project_row()])],
        "Ataskaitos": [
            REPORT_HEADERS,
            *(
                reports
                if reports is not None
                else [report_row(), report_row(**{"Nuo": "2024-07-01", "Iki": "2024-12-31", "Nauji dalyviai": 30})]
            ),
        ],
    }
    if organisations is not None:
        sheets["Organizacijos"] = [ORGANISATION_HEADERS, *organisations]
    return sheets


def xlsx_bytes(sheets):
    """An XLSX file (bytes) with one sheet per {name: [rows]}."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_xlsx(path, sheets):
    path.write_bytes(xlsx_bytes(sheets))
    return path


def with_formula(data, sheet_index, cell, formula):
    """The XLSX `data` with `cell` of the sheet turned into `formula`, its cached value kept (as Excel saves it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    name = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(target_buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == name:
                xml = content.decode()
                start = xml.index(f'<c r="{cell}"')
                value_at = xml.index("<v>", start)
                xml = xml[:value_at] + f"<f>{formula}</f>" + xml[value_at:]
                content = xml.encode()
            target.writestr(item, content)
    return target_buffer.getvalue()


def cell_values(data):
    """{sheet: [[values]]} of an XLSX file, for comparing workbooks."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = {name: [list(row) for row in book[name].iter_rows(values_only=True)] for name in book.sheetnames}
    finally:
        book.close()
    # Empty cells at the end of a row are not stored: pad every row to the width of the headers.
    for rows in sheets.values():
        width = len(rows[0]) if rows else 0
        for row in rows:
            row.extend([None] * (width - len(row)))
    return sheets
