"""What the benchmark scripts share: a throwaway database, a median timing. (`benchmarks.setup` sets Django up.)"""

import contextlib
import os
import statistics
import time

import django
from django.db import connection


def setup_django():
    """Django set up in a process that imports the portal only afterwards (benchmarks.workbook_memory's children).

    Benchmarks import `benchmarks.setup` at the top instead, and the portal's apps right after it.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vvg_portal.settings")
    django.setup()


@contextlib.contextmanager
def throwaway_database():
    """Django's test database for the run: in memory on SQLite, `test_<name>` on the PostgreSQL of DATABASE_URL."""
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def median_ms(function, runs):
    """The median time of `runs` calls of `function`, in milliseconds."""
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000
