"""How the workbook import scales: `python -m benchmarks.workbook [--projects N] [--reports-per-project N]`.

Generates a register workbook (default 5 000 projects with 10 quarterly reports each: 50 000 reports) and
imports it into a throwaway database (Django's test database: in memory on SQLite, `test_<name>` on the
PostgreSQL of DATABASE_URL). Prints the time of each step: reading, checking, the first import, a second
import of the same file (nothing to change) and the export. Not a test: it only reports figures.
"""

import argparse
import datetime
import io
import time

from benchmarks.common import setup_django, throwaway_database

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
    from openpyxl import Workbook

    from workbooks.columns import ORGANISATION_COLUMNS, PROJECT_COLUMNS, REPORT_COLUMNS, breakdown_header

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
    for n in range(projects):
        sheet.append(
            [
                "2023-2029",
                f"BM-{n:05d}",
                f"Projektas Nr. {n}",
                actions[n % len(actions)],
                organisations[n % len(organisations)],
                f"{organisations[(n + 1) % len(organisations)]}; {organisations[(n + 2) % len(organisations)]}",
                STATUS_WORDS[n % len(STATUS_WORDS)],
                datetime.date(2024, 1, 1),
                end,
                f"{50000 + n},50",
                40000 + n,
                100 + n % 50,
                10,
                "; ".join(GROUPS[: 1 + n % len(GROUPS)]),
            ]
        )
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--reports-per-project", type=int, default=10)
    args = parser.parse_args(argv)

    setup_django()
    from django.db import connection
    from django.utils import translation
    from django.utils.text import slugify

    from participants.models import ProgressReport, ReportBreakdown, TargetGroup
    from projects.models import Project
    from strategies.models import Node, Strategy
    from workbooks.exporter import write_workbook
    from workbooks.importer import import_sheets, plan_import
    from workbooks.reader import read_files

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

        def timed(label, call):
            started = time.perf_counter()
            value = call()
            print(f"{label:<40} {time.perf_counter() - started:>8.2f} s")
            return value

        print(f"database: {connection.vendor}")
        data = timed("generate the workbook", lambda: build_workbook(args.projects, args.reports_per_project, actions))
        print(f"{'workbook size':<40} {len(data) / 2**20:>8.2f} MB")
        sheets = timed("read (openpyxl, read-only)", lambda: read_files([("b.xlsx", io.BytesIO(data))]))
        plan = timed("check (dry run, preview)", lambda: plan_import(sheets))
        assert not plan.errors, [str(e) for e in plan.errors[:5]]
        result = timed("first import (check + write)", lambda: import_sheets(sheets))
        assert result.applied, [str(e) for e in result.errors[:5]]
        print(f"{'rows':<40} {result.summary()}")
        counts = (Project.objects.count(), ProgressReport.objects.count(), ReportBreakdown.objects.count())
        print(f"{'saved projects, reports, breakdowns':<40} {counts}")
        again = timed(
            "second import of the same file", lambda: import_sheets(read_files([("b.xlsx", io.BytesIO(data))]))
        )
        print(f"{'changes on the second import':<40} {again.changes}")
        exported = io.BytesIO()
        timed("export", lambda: write_workbook(exported))
        print(f"{'exported size':<40} {len(exported.getvalue()) / 2**20:>8.2f} MB")


if __name__ == "__main__":
    main()
