"""How the PDF reports scale: `python -m benchmarks.pdf [scales...] [--runs N] [--server SCALE]`.

Two measurements:
1. In this process, on a throwaway database (Django's test database: in memory on SQLite, `test_<name>` on the
   PostgreSQL of DATABASE_URL): for the board's strategy report at each scale, the data gathering (queries,
   median time) and the WeasyPrint rendering (time, pages, size), and the same for one project's report.
   Reports of one year (2020) are quoted, as for a board meeting.
2. Through the server (`--server 100`, the default; `--server 0` skips it): gunicorn and the task worker on the
   load benchmark's database of that scale (`benchmarks.load`), as in production. Requests the public strategy
   PDF and prints the first response's time and status (the progress page, at once), how long until the same
   address serves the PDF, the web workers' peak memory (VmHWM) and the task worker's memory afterwards.
"""

import argparse
import datetime
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import benchmarks.setup  # noqa: F401  (sets Django up before the portal's models are imported)
from benchmarks import load
from benchmarks.common import median_ms, throwaway_database
from benchmarks.data import AS_OF, build_strategy
from projects.models import Project
from reports import documents, selectors
from reports.pdf import render_pdf

# The figure to beat: the web worker keeps no more than this after a request.
GOAL_WORKER_MB = 300


def _pages(content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def in_process(args):
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
                print(
                    f"{str(scale) + '×':>6} {name:>9} {projects:>9} {len(queries):>8} {data_ms:>9.1f} "
                    f"{render_ms:>10.0f} {_pages(content):>6} {len(content) // 1024:>6}",
                    flush=True,
                )


def _memory_mb(pid, field):
    """A memory figure of process `pid` from /proc (VmHWM: its peak resident size; VmRSS: now), in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _children(pid):
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        return [int(child) for child in children.read().split()]


def _get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(load._request(url), timeout=600) as answer:
        body = answer.read()
        return answer.status, answer.headers.get_content_type(), body, time.perf_counter() - started


def through_the_server(args):
    url, _pages_of_scale = load.prepare(args.server)
    load.collect_static()
    server, base = load.start_gunicorn(url, args.workers)
    worker = subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=load.ROOT, env=load._environment(url))
    try:
        _get(f"{base}/")  # the worker's first page loads what every request needs
        address = f"{base}/ataskaitos/strategija/bench-{args.server}x.pdf?v={time.time_ns()}"
        status, kind, _body, first = _get(address)
        print(
            f"\nthrough gunicorn ({args.workers} workers) and the task worker, {args.server}×, load average "
            f"{os.getloadavg()[0]:.2f}\nfirst request: {first * 1000:.0f} ms, status {status}, {kind}",
            flush=True,
        )
        started = time.perf_counter()
        while kind != "application/pdf":
            if time.perf_counter() - started > args.wait:
                raise SystemExit(f"no PDF after {args.wait} s")
            time.sleep(2)
            status, kind, body, _seconds = _get(address)
        waited = time.perf_counter() - started
        _status, _kind, _body, again = _get(address)
        web = [_memory_mb(pid, "VmHWM") for pid in _children(server.pid)]
        print(f"the same address served the PDF ({len(body) // 1024} KB, {_pages(body)} pages) after {waited:.1f} s")
        print(f"a repeat download: {again * 1000:.0f} ms")
        verdict = "ok" if max(web) <= GOAL_WORKER_MB else f"over the goal of {GOAL_WORKER_MB} MB"
        print(f"web workers' peak memory (VmHWM): {', '.join(f'{mb:.0f}' for mb in web)} MB ({verdict})")
        print(
            f"task worker: {_memory_mb(worker.pid, 'VmRSS'):.0f} MB now, peak {_memory_mb(worker.pid, 'VmHWM'):.0f} MB "
            "(the PDF is laid out in a forked child that ends with it)"
        )
    finally:
        for process in (worker, server):
            process.terminate()
            process.wait(timeout=60)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", type=int, default=[1, 10])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the data gathering (default 5)")
    parser.add_argument("--server", type=int, default=100, help="scale to request through gunicorn (0: skip)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--wait", type=int, default=1800, help="seconds to wait for the PDF (default 1800)")
    args = parser.parse_args(argv)
    if args.scales:
        in_process(args)
    if args.server:
        through_the_server(args)


if __name__ == "__main__":
    main()
