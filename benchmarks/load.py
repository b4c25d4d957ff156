"""Load on the public pages: `python -m benchmarks.load [--seconds 10] [--connections 8] [--workers 3]`.

Builds the 100× data set of the progress benchmark (`benchmarks/data.py`) in a database of its own —
`<name>_load` on the PostgreSQL of DATABASE_URL, or `build/load.sqlite3` without it — and reuses it on the
next run. Then starts gunicorn on 127.0.0.1 (a free port, DEBUG off, as in production) twice: once with the
public page cache off and once with it on. In each, `wrk` (Debian package `wrk`) loads one page at a time
for a bounded time: `/ping` (the smallest Django view, the reference), home, a strategy, the project list
and a project. Prints requests/s, latency percentiles, errors and each page's throughput against /ping.
Only 127.0.0.1 is ever contacted.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
STRATEGY = "bench-100x"

# wrk's Lua hook: the figures as one JSON line, percentiles in microseconds.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50": %d, "p95": %d, "p99": %d, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def _load_database_url():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_load"))
    (ROOT / "build").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / 'build' / 'load.sqlite3'}"


def _create_postgresql_database(url):
    parts = urlsplit(url)
    import psycopg2

    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [parts.path.lstrip("/")])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{parts.path.lstrip("/")}"')
    admin.close()


def _prepare(url):
    """Migrate and build the 100× strategy in the load database (once), collect static files (once)."""
    if url.startswith("postgres"):
        _create_postgresql_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vvg_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from strategies.models import Strategy

    call_command("migrate", verbosity=0)
    if not Strategy.objects.filter(code=STRATEGY).exists():
        print("building the 100× data set (once)…", flush=True)
        from benchmarks.data import build_strategy

        build_strategy(100, code=STRATEGY)
    from projects.models import Project

    project = Project.objects.filter(node__strategy__code=STRATEGY).order_by("pk").first()
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        print("collecting static files (once)…", flush=True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            check=True,
            env={**os.environ, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50)},
        )
    return {
        "ping (reference)": "/ping",
        "home": "/",
        "strategy": f"/strategijos/{STRATEGY}/",
        "project list": "/projektai/",
        "project": f"/projektai/{project.slug}/",
    }


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(url):
    # X-Forwarded-Proto as nginx sends it: the portal then answers as it would behind HTTPS, not with a redirect.
    return urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})


def _start_gunicorn(url, port, workers, cache_seconds):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "PUBLIC_PAGE_CACHE_SECONDS": str(cache_seconds),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "vvg_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _attempt in range(120):
        try:
            with urllib.request.urlopen(_request(f"http://127.0.0.1:{port}/ping"), timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def _wrk(url, seconds, connections, script):
    result = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "60s",
            "-H",
            "X-Forwarded-Proto: https",
            "-s",
            script,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _run_phase(url, pages, args, cache_seconds, script):
    port = _free_port()
    server = _start_gunicorn(url, port, args.workers, cache_seconds)
    try:
        rows = {}
        for name, path in pages.items():
            target = f"http://127.0.0.1:{port}{path}"
            urllib.request.urlopen(_request(target), timeout=120).read()  # warm up, and fail on an error
            rows[name] = _wrk(target, args.seconds, args.connections, script)
        return rows
    finally:
        server.terminate()
        server.wait(timeout=30)


def _print(title, rows):
    reference = rows["ping (reference)"]["requests"] / rows["ping (reference)"]["seconds"]
    print(f"\n{title}")
    print(
        f"{'page':18} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6} {'ratio':>6}"
    )
    for name, row in rows.items():
        rate = row["requests"] / row["seconds"]
        print(
            f"{name:18} {row['requests']:8d} {rate:8.1f} {row['p50'] / 1000:8.1f} {row['p95'] / 1000:8.1f} "
            f"{row['p99'] / 1000:8.1f} {row['errors']:6d} {rate / reference:7.2f}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="seconds of load per page (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="open connections (default 8)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    if not 1 <= args.seconds <= 120 or not 1 <= args.connections <= 64:
        raise SystemExit("keep the load bounded: 1–120 seconds, 1–64 connections")

    url = _load_database_url()
    pages = _prepare(url)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    try:
        engine = "postgresql" if url.startswith("postgres") else "sqlite"
        print(
            f"database: {engine}; {args.workers} gunicorn workers; wrk, {args.connections} connections, "
            f"{args.seconds} s per page"
        )
        _print("without the page cache", _run_phase(url, pages, args, 0, script.name))
        _print("with the page cache", _run_phase(url, pages, args, 300, script.name))
    finally:
        os.unlink(script.name)


if __name__ == "__main__":
    main()
