"""How the progress calculation scales: `python -m benchmarks.progress [scales...] [--runs N]`.

Builds strategies at 1×, 10× and 100× the demo's size in a throwaway database (Django's test database:
in memory on SQLite, `test_<name>` on the PostgreSQL of DATABASE_URL), then prints for each the query
count and the median time of `strategy_progress` over the whole tree, and the same for the year table
(`strategy_years`, every indicator and the money in each of the strategy's seven years). Times vary with the
machine's load, so the year table is also given as ratios to references measured in the same run: to
`strategy_progress` at the same scale, and to the year table at the first scale.
"""

import argparse
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

import benchmarks.setup  # noqa: F401  (sets Django up before the portal's models are imported)
from benchmarks.common import median_ms, throwaway_database
from benchmarks.data import AS_OF, build_strategy
from participants.models import ProgressReport
from progress.calculation import strategy_progress, strategy_years
from projects.models import Project
from strategies.models import Node


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", type=int, default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per scale (default 7)")
    args = parser.parse_args(argv)

    with throwaway_database():
        print(f"database: {connection.vendor}; as of {AS_OF}; median of {args.runs} runs")
        print(
            f"{'scale':>6} {'nodes':>6} {'projects':>9} {'reports':>8} {'queries':>8} {'median ms':>10}"
            f" {'years q':>8} {'years ms':>9} {'÷ progress':>11} {'÷ first':>8}"
        )
        first_years = None
        for scale in args.scales:
            built = time.perf_counter()
            strategy = build_strategy(scale)
            built = time.perf_counter() - built
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after a bulk load; the planner needs the row counts
            with CaptureQueriesContext(connection) as queries:
                strategy_progress(strategy, as_of=AS_OF)
            median = median_ms(lambda strategy=strategy: strategy_progress(strategy, as_of=AS_OF), args.runs)
            with CaptureQueriesContext(connection) as year_queries:
                strategy_years(strategy, as_of=AS_OF)
            years = median_ms(lambda strategy=strategy: strategy_years(strategy, as_of=AS_OF), args.runs)
            first_years = first_years or years
            counts = (
                Node.objects.filter(strategy=strategy).count(),
                Project.objects.filter(node__strategy=strategy).count(),
                ProgressReport.objects.filter(project__node__strategy=strategy).count(),
            )
            print(
                f"{str(scale) + '×':>6} {counts[0]:>6} {counts[1]:>9} {counts[2]:>8} {len(queries):>8} "
                f"{median:>10.1f} {len(year_queries):>8} {years:>9.1f} {years / median:>11.2f} "
                f"{years / first_years:>8.1f}   (built in {built:.1f} s)",
                flush=True,
            )


if __name__ == "__main__":
    main()
