"""What the benchmark scripts share: Django set up, a throwaway database, a median timing."""

import contextlib
import os
import statistics
import time


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vvg_portal.settings")
    import django

    django.setup()


@contextlib.contextmanager
def throwaway_database():
    """Django's test database for the run: in memory on SQLite, `test_<name>` on the PostgreSQL of DATABASE_URL."""
    from django.db import connection

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
