"""How the PDF reports scale: `python -m benchmarks.pdf [scales...] [--runs N]`.

Builds strategies at 1×, 10× and 100× the demo's size in a throwaway database (Django's test database:
in memory on SQLite, `test_<name>` on the PostgreSQL of DATABASE_URL), then prints for the board's
strategy report the data gathering (queries, median time) and the WeasyPrint rendering (time, pages,
size), and the same for one project's report. Reports of one year (2020) are quoted, as for a board meeting.
"""

import argparse
import datetime
import re
import subprocess
import tempfile
import time

from benchmarks.common import median_ms, setup_django, throwaway_database


def _pages(content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", type=int, default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the data gathering (default 5)")
    args = parser.parse_args(argv)

    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from benchmarks.data import AS_OF, build_strategy
    from projects.models import Project
    from reports import documents, selectors
    from reports.pdf import render_pdf

    period = {"period_start": datetime.date(2020, 1, 1), "period_end": datetime.date(2020, 12, 31)}
    translation.activate("lt")
    with throwaway_database():
        print(f"database: {connection.vendor}; as of {AS_OF}; board's version; data: median of {args.runs} runs")
        print(
            f"{'scale':>6} {'report':>9} {'projects':>9} {'queries':>8} {'data ms':>9} "
            f"{'render ms':>10} {'pages':>6} {'KB':>6}"
        )
        for scale in args.scales:
            strategy = build_strategy(scale)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after a bulk load
            project = Project.objects.filter(node__strategy=strategy, status=Project.Status.IN_PROGRESS).first()
            cases = [
                (
                    "strategy",
                    lambda strategy=strategy: selectors.strategy_report(strategy, as_of=AS_OF, board=True, **period),
                    documents.STRATEGY_TEMPLATE,
                ),
                (
                    "project",
                    lambda project=project: selectors.project_report(project, as_of=AS_OF, board=True),
                    documents.PROJECT_TEMPLATE,
                ),
            ]
            projects = Project.objects.filter(node__strategy=strategy).count()
            for name, gather, template in cases:
                with CaptureQueriesContext(connection) as queries:
                    report = gather()
                data_ms = median_ms(gather, args.runs)
                started = time.perf_counter()
                content = render_pdf(template, documents._context(report))
                render_ms = (time.perf_counter() - started) * 1000
                pages = _pages(content)
                print(
                    f"{str(scale) + '×':>6} {name:>9} {projects:>9} {len(queries):>8} {data_ms:>9.1f} "
                    f"{render_ms:>10.0f} {pages:>6} {len(content) // 1024:>6}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
