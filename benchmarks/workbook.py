"""How the workbook import scales: `python -m benchmarks.workbook [--projects N] [--reports-per-project N]`.

Generates a register workbook (default 5 000 projects with 10 quarterly reports each: 50 000 reports) and
imports it into a throwaway database (Django's test database: in memory on SQLite, `test_<name>` on the
PostgreSQL of DATABASE_URL). Prints the time of each step — reading, checking, the first import, a second
import of the same file (nothing to change), the export — and the two imports ÷ the time openpyxl alone takes
to parse the same file read-only (the floor: an import cannot read faster than that). Goals: first import
≤ 3×, second ≤ 1.5×. Not a test: it only reports figures.
"""

import argparse
import datetime
import io
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import translation
from django.utils.text import slugify
from openpyxl import Workbook, load_workbook

import benchmarks.setup  # noqa: F401  (sets Django up before the portal's models are imported)
from benchmarks.common import throwaway_database
from participants.models import ProgressReport, ReportBreakdown
from projects.models import Project
from strategies.models import Node, Strategy, TargetGroup
from workbooks.columns import ORGANISATION_COLUMNS, PROJECT_COLUMNS, REPORT_COLUMNS, breakdown_header
from workbooks.exporter import write_workbook
from workbooks.importer import check, import_sheets
from workbooks.reader import read_files

GOAL_FIRST, GOAL_AGAIN = 3.0, 1.5

GROUPS = ["Senjorai", "Neįgalieji", "Vieniši asmenys", "Bedarbiai", "Jaunimas iki 29 m."]
STATUS_WORDS = ["atrinktas", "sutartis pasirašyta", "įgyvendinamas", "įgyvendintas"]
REPORT_WORDS = ["patvirtinta", "patvirtinta", "patvirtinta", "pateikta", "juodraštis"]


def quarters(count):
    """`count` consecutive quarters from 2024-01-01 as (start, end) dates."""
    periods = []
    year, month = 2024, 1
    for _n in range(count):
        start = datetime.date(year, month, 1)
        month += 3
        if month > 12:
            year, month = year + 1, month - 12
        periods.append((start, datetime.date(year, month, 1) - datetime.timedelta(days=1)))
    return periods


def build_workbook(projects, reports_per_project, actions):
    """The XLSX bytes of a generated register."""
    periods = quarters(reports_per_project)
    book = Workbook(write_only=True)
    organisations = [f"Organizacija Nr. {n}" for n in range(max(10, projects // 5))]
    sheet = book.create_sheet("Organizacijos")
    sheet.append([h for h, *_rest in ORGANISATION_COLUMNS])
    for n, name in enumerate(organisations):
        sheet.append([name, "asociacija", "pilietinės visuomenės", f"{300000000 + n}", f"info{n}@example.lt"])
    sheet = book.create_sheet("Projektai")
    sheet.append([h for h, *_rest in PROJECT_COLUMNS])
    end = periods[-1][1] if periods else datetime.date(2029, 12, 31)
    fields = [field for _h, field, *_rest in PROJECT_COLUMNS]  # by field, so a new column cannot shift the rest
    for n in range(projects):
        values = {
            "strategy": "2023-2029",
            "code": f"BM-{n:05d}",
            "title": f"Projektas Nr. {n}",
            "node": actions[n % len(actions)],
            "promoter": organisations[n % len(organisations)],
            "partners": f"{organisations[(n + 1) % len(organisations)]}; {organisations[(n + 2) % len(organisations)]}",
            "status": STATUS_WORDS[n % len(STATUS_WORDS)],
            "start_date": datetime.date(2024, 1, 1),
            "end_date": end,
            "total_cost": f"{50000 + n},50",
            "grant": 40000 + n,
            "own_contribution": f"{10000},50",
            "planned_participants": 100 + n % 50,
            "planned_volunteers": 10,
            "target_groups": "; ".join(GROUPS[: 1 + n % len(GROUPS)]),
        }
        sheet.append([values.get(field) for field in fields])
    sheet = book.create_sheet("Ataskaitos")
    sheet.append([h for h, *_rest in REPORT_COLUMNS] + [breakdown_header(g) for g in GROUPS[:3]])
    for n in range(projects):
        for k, (start, finish) in enumerate(periods):
            participants = 10 + (n + k) % 30
            sheet.append(
                [
                    f"BM-{n:05d}",
                    start,
                    finish,
                    REPORT_WORDS[(n + k) % len(REPORT_WORDS)],
                    participants,
                    k % 4,
                    "0,5" if k == 0 else None,
                    None,
                    k + 1,
                    f"{1000 + k * 10},25",
                    "Vyko užsiėmimai",
                    None,
                    None,
                    participants // 2,
                    participants // 3,
                    None,
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _seconds(function, *args):
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def parse(data):
    """What openpyxl alone does with the file: every cell value of every sheet, read-only."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for sheet in book.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    book.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--reports-per-project", type=int, default=10)
    args = parser.parse_args(argv)

    translation.activate("lt")
    with throwaway_database():
        strategy = Strategy.objects.create(code="2023-2029", title="Bandomoji", start_year=2023, end_year=2029)
        goal = Node.objects.create(strategy=strategy, code="1", title="Tikslas")
        actions = []
        for o in (1, 2):
            objective = Node.objects.create(strategy=strategy, parent=goal, code=f"1.{o}", title="Uždavinys")
            for a in (1, 2, 3):
                node = Node.objects.create(strategy=strategy, parent=objective, code=f"1.{o}.{a}", title="Veiksmas")
                actions.append(node.code)
        for position, name in enumerate(GROUPS):
            TargetGroup.objects.create(name=name, slug=slugify(name), position=position)
        user = get_user_model().objects.create_superuser("benchmark", password="benchmark")

        def timed(label, call):
            started = time.perf_counter()
            value = call()
            print(f"{label:<40} {time.perf_counter() - started:>8.2f} s")
            return value

        print(f"database: {connection.vendor}")
        data = timed("generate the workbook", lambda: build_workbook(args.projects, args.reports_per_project, actions))
        print(f"{'workbook size':<40} {len(data) / 2**20:>8.2f} MB")
        floor = min(_seconds(parse, data) for _run in range(3))  # the first run also imports openpyxl's parts
        print(f"{'openpyxl read-only parse (the floor)':<40} {floor:>8.2f} s")
        sheets = timed("read (reader.read_files)", lambda: read_files([("b.xlsx", io.BytesIO(data))]))
        plan = timed("check (dry run, preview)", lambda: check(sheets, user=user))
        assert not plan.errors, [str(e) for e in plan.errors[:5]]
        started = time.perf_counter()
        result = import_sheets(read_files([("b.xlsx", io.BytesIO(data))]), user=user)
        first = time.perf_counter() - started
        print(f"{'first import (read + check + write)':<40} {first:>8.2f} s")
        assert result.applied, [str(e) for e in result.errors[:5]]
        print(f"{'rows':<40} {result.summary()}")
        counts = (Project.objects.count(), ProgressReport.objects.count(), ReportBreakdown.objects.count())
        print(f"{'saved projects, reports, breakdowns':<40} {counts}")
        started = time.perf_counter()
        again = import_sheets(read_files([("b.xlsx", io.BytesIO(data))]), user=user)
        second = time.perf_counter() - started
        print(f"{'second import of the same file':<40} {second:>8.2f} s")
        print(f"{'changes on the second import':<40} {again.changes}")
        exported = io.BytesIO()
        timed("export", lambda: write_workbook(exported))
        print(f"{'exported size':<40} {len(exported.getvalue()) / 2**20:>8.2f} MB")
        for label, seconds, goal in (("first import", first, GOAL_FIRST), ("second import", second, GOAL_AGAIN)):
            ratio = seconds / floor
            verdict = "ok" if ratio <= goal else "not met"
            print(f"{label + ' ÷ openpyxl parse':<40} {ratio:>8.2f}   (goal ≤ {goal}: {verdict})")


if __name__ == "__main__":
    main()
