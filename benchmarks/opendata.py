"""How the open data scale: `python -m benchmarks.opendata [scales...] [--runs N]`.

Builds strategies at 1×, 10× and 100× the demo's size in a throwaway database (as `benchmarks.progress`
does), then prints for each the query count and the median time of the API's strategy answer (the whole
tree with its progress), its first page of projects, and the list of operations in CSV, XLSX and JSON,
uncached, through Django's test client. The list of operations holds every strategy built so far.
"""

import argparse

from benchmarks.common import median_ms, setup_django, throwaway_database


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", type=int, default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per answer (default 5)")
    args = parser.parse_args(argv)

    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from benchmarks.data import AS_OF, build_strategy
    from projects.models import Project

    setup_test_environment()  # the test client's host name is allowed
    settings.API_THROTTLE_RATE = "1000000/min"
    settings.OPEN_DATA_CACHE_SECONDS = 0
    client = Client()

    def measure(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(queries), median_ms(lambda: client.get(url), args.runs), len(response.content) // 1024

    with throwaway_database():
        print(f"database: {connection.vendor}; as of {AS_OF}; median of {args.runs} runs; uncached")
        print(f"{'scale':>6} {'answer':<34} {'rows':>6} {'queries':>8} {'median ms':>10} {'KB':>7}")
        for scale in args.scales:
            strategy = build_strategy(scale)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            operations = Project.objects.public().counted().count()
            answers = [
                (f"/api/v1/strategies/{strategy.code}/?as_of={AS_OF}", strategy.nodes.count()),
                ("/api/v1/projects/", Project.objects.count()),
                ("/atviri-duomenys/operacijos.csv", operations),
                ("/atviri-duomenys/operacijos.xlsx", operations),
                ("/atviri-duomenys/operacijos.json", operations),
            ]
            for url, rows in answers:
                queries, median, size = measure(url)
                label = url.split("?")[0].replace(strategy.code, "<code>")
                print(f"{str(scale) + '×':>6} {label:<34} {rows:>6} {queries:>8} {median:>10.1f} {size:>7}", flush=True)


if __name__ == "__main__":
    main()
