"""Peak memory of reading the largest workbook the import allows: `python -m benchmarks.workbook_memory`.

Generates a workbook at the reader's limits — as many report rows as fit in the 50 MB the workbook may
unpack to (at most the 100 000-row limit), every row with texts of its own — and, each in a fresh Python
process so that the peaks do not mix, measures the peak resident memory of:

- Python with Django set up (the baseline every worker has),
- reading the workbook (`reader.read_files`),
- reading and checking it against a register in a throwaway database (typed rows and the plan: what the
  preview does).

The goal: no file the import accepts makes a worker use more than 500 MB. Not a test: it only reports figures.
"""

import argparse
import datetime
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile

from benchmarks.common import setup_django

PROJECTS = 1_000
WORDS = [
    "vyko",
    "užsiėmimai",
    "stovykla",
    "senjorai",
    "jaunimas",
    "savanoriai",
    "renginys",
    "dalyviai",
    "išvyka",
    "kūrybinės",
    "dirbtuvės",
]


def text(seed, length):
    """A text of about `length` characters that no other row has (unique texts cost the reader most)."""
    words, n = [f"#{seed}"], seed
    while sum(len(w) + 1 for w in words) < length:
        n = (n * 1103515245 + 12345) % 2**31
        words.append(WORDS[n % len(WORDS)])
    return " ".join(words)


def build(path, rows, text_length):
    from openpyxl import Workbook

    from workbooks.columns import PROJECT_COLUMNS, REPORT_COLUMNS, breakdown_header
    from workbooks.reader import MAX_ROWS

    rows = min(rows, MAX_ROWS)
    per_project = -(-rows // PROJECTS)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Projektai")
    sheet.append([h for h, *_rest in PROJECT_COLUMNS])
    for n in range(PROJECTS):
        sheet.append(
            [
                "2023-2029",
                f"BM-{n:05d}",
                f"Projektas Nr. {n}",
                "1.1.1",
                "Organizacija",
                None,
                "įgyvendinamas",
                datetime.date(2010, 1, 1),
                datetime.date(2040, 12, 31),
                None,
                None,
                None,
                None,
                None,
            ]
        )
    sheet = book.create_sheet("Ataskaitos")
    sheet.append([h for h, *_rest in REPORT_COLUMNS] + [breakdown_header("Senjorai")])
    written = 0
    for n in range(PROJECTS):
        for k in range(per_project):
            if written == rows:
                break
            start = datetime.date(2010 + k // 12, k % 12 + 1, 1)
            end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            seed = n * per_project + k
            sheet.append(
                [
                    f"BM-{n:05d}",
                    start,
                    end,
                    "juodraštis",
                    20,
                    2,
                    "0,5",
                    None,
                    3,
                    "1 200,25",
                    text(seed, text_length),
                    text(seed + 7, text_length // 2),
                    text(seed + 13, text_length // 2),
                    10,
                ]
            )
            written += 1
    book.save(path)
    return written


def unpacked_size(path):
    with zipfile.ZipFile(path) as archive:
        return sum(item.file_size for item in archive.infolist())


CHILD = """
import os, resource, sys, io
sys.path.insert(0, os.getcwd())
from benchmarks.common import setup_django, throwaway_database
setup_django()
step, path = sys.argv[1], sys.argv[2]
if step == "read":
    from workbooks.reader import read_paths
    sheets = read_paths([path])
    print("rows", sum(len(s.rows) for s in sheets.values()), file=sys.stderr)
elif step == "check":
    from django.contrib.auth.models import User
    from django.utils import translation
    from strategies.models import TargetGroup
    from projects.models import Organisation
    from strategies.models import Node, Strategy
    from workbooks.importer import check
    from workbooks.reader import read_paths
    translation.activate("lt")
    with throwaway_database():
        strategy = Strategy.objects.create(code="2023-2029", title="B", start_year=2023, end_year=2029)
        goal = Node.objects.create(strategy=strategy, code="1", title="T")
        objective = Node.objects.create(strategy=strategy, parent=goal, code="1.1", title="U")
        Node.objects.create(strategy=strategy, parent=objective, code="1.1.1", title="V")
        TargetGroup.objects.create(name="Senjorai", slug="senjorai")
        Organisation.objects.create(name="Organizacija")
        user = User.objects.create_superuser("bench", password="x")
        plan = check(read_paths([path]), user=user, source="b.xlsx")
        print("errors", len(plan.errors), "summary", plan.summary(), file=sys.stderr)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(step, path):
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, step, path], capture_output=True, text=True)
    if done.returncode:
        return 0, time.perf_counter() - started, done.stderr.strip().splitlines()[-1]
    return int(done.stdout.strip().splitlines()[-1]) / 1024, time.perf_counter() - started, done.stderr.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="report rows (default: as many as fit in the unpacked limit)")
    parser.add_argument("--text", type=int, default=40, help="characters of the first text of each row")
    args = parser.parse_args(argv)
    setup_django()
    from workbooks.reader import MAX_FILE_SIZE, MAX_UNPACKED_SIZE

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "didziausias.xlsx")
        started = time.perf_counter()
        rows = args.rows
        if rows is None:  # two small samples say how many bytes a row unpacks to, and the rest of the file
            build(path, 5_000, args.text)
            small = unpacked_size(path)
            build(path, 10_000, args.text)
            per_row = (unpacked_size(path) - small) / 5_000
            rows = int((MAX_UNPACKED_SIZE * 0.97 - (small - 5_000 * per_row)) / per_row)
        rows = build(path, rows, args.text)
        size, unpacked = os.path.getsize(path), unpacked_size(path)
        print(
            f"workbook: {rows} report rows, {size / 2**20:.1f} MB file (limit {MAX_FILE_SIZE / 2**20:.0f}), "
            f"{unpacked / 2**20:.1f} MB unpacked (limit {MAX_UNPACKED_SIZE / 2**20:.0f}); "
            f"generated in {time.perf_counter() - started:.0f} s"
        )
        if unpacked > MAX_UNPACKED_SIZE:
            print("over the unpacked limit: the reader refuses it; use a smaller --text")
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{'step':<34} {'peak RSS':>9} {'time':>8}")
        print(f"{'this process (Django set up)':<34} {baseline:>6.0f} MB")
        for step, label in (("read", "read (reader.read_files)"), ("check", "read + check (the preview)")):
            peak, seconds, note = measure(step, path)
            print(f"{label:<34} {peak:>6.0f} MB {seconds:>6.1f} s   {note}")


if __name__ == "__main__":
    main()
