"""Load on every public page at 1×, 10× and 100× the demo: `python -m benchmarks.load [--rounds 3] [--seconds 5]`.

For each scale, a database of its own holds the strategy of `benchmarks/data.py` at that size (built once by
`benchmarks.load_data`, reused on the next run): `<name>_load_<scale>x` on the PostgreSQL of DATABASE_URL, or
`build/load-<scale>x.sqlite3` without it. Gunicorn serves it on 127.0.0.1 (a free port, DEBUG off, the public
page cache off: every request computes its page). Then, several rounds, each page is loaded with `wrk` (Debian
package `wrk`) for a bounded time right after a `/ping` run on the same server — `/ping` is the smallest Django
view, the reference that absorbs the machine's load of the moment. Prints, per scale and page, the median over
the rounds of p50, throughput and p50 ÷ the /ping p50 just before it; then each page at 100× ÷ its 1× time,
against the goals. Only 127.0.0.1 is ever contacted.

This module starts processes and never imports Django: each database's data is built in a subprocess that has
DATABASE_URL set before Django starts.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
# The goals of issue 16: p50 at 1× at most 12× /ping's; at 100× at most this many times the page's own 1× p50.
GOAL_PING_RATIO = 12
GOAL_SCALE_RATIO = {"strategy": 10, "home": 2, "action": 2}

# wrk's Lua hook: the figures as one JSON line, percentiles in microseconds.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50": %d, "p95": %d, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def database_url(scale):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_load_{scale}x"))
    (ROOT / "build").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / 'build' / f'load-{scale}x.sqlite3'}"


def _create_postgresql_database(url):
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _environment(url, **extra):
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        **extra,
    }


def prepare(scale):
    """The database of `scale` migrated and filled (once); its pages as {name: path}."""
    url = database_url(scale)
    if url.startswith("postgres"):
        _create_postgresql_database(url)
    print(f"preparing {scale}× ({url.rsplit('/', 1)[-1]})…", flush=True)
    built = subprocess.run(
        [sys.executable, "-m", "benchmarks.load_data", str(scale)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
    )
    if built.returncode:
        raise SystemExit(f"building the {scale}× data failed:\n{built.stderr}")
    return url, {"ping": "/ping", **json.loads(built.stdout.strip().splitlines()[-1])}


def collect_static():
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        print("collecting static files (once)…", flush=True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            check=True,
            env=_environment(database_url(1)),
        )


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(url):
    # X-Forwarded-Proto as nginx sends it: the portal then answers as it would behind HTTPS, not with a redirect.
    return urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})


def start_gunicorn(url, workers, **extra):
    """Gunicorn serving the portal on a free port of 127.0.0.1, DEBUG off; returns (process, base URL)."""
    port = _free_port()
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
            "300",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=_environment(url, PUBLIC_PAGE_CACHE_SECONDS="0", **extra),
    )
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(120):
        try:
            with urllib.request.urlopen(_request(f"{base}/ping"), timeout=2) as answer:
                if answer.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def _wrk(url, seconds, connections, script):
    result = subprocess.run(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "120s"]
        + ["-H", "X-Forwarded-Proto: https", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    )
    row = json.loads(result.stdout.strip().splitlines()[-1])
    # No request finished within the run: the page takes longer than the run; say so rather than print 0 ms.
    p50 = row["p50"] / 1000 if row["requests"] else float("inf")
    return {"p50": p50, "rate": row["requests"] / row["seconds"], "errors": row["errors"]}


def measure(url, pages, args, script):
    """{page: {p50, rate, ratio}}: medians over the rounds; ratio = the page's p50 ÷ the /ping p50 run just before."""
    server, base = start_gunicorn(url, args.workers)
    try:
        for path in pages.values():
            with urllib.request.urlopen(_request(base + path), timeout=300) as answer:  # warm up; fail on an error
                answer.read()
        runs = {name: [] for name in pages if name != "ping"}
        pings = []
        for _round in range(args.rounds):
            for name, path in pages.items():
                if name == "ping":
                    continue
                ping = _wrk(base + "/ping", args.seconds, args.connections, script)
                page = _wrk(base + path, args.seconds, args.connections, script)
                if ping["errors"] or page["errors"]:
                    raise SystemExit(f"{name}: wrk saw errors ({ping['errors']} on /ping, {page['errors']} here)")
                pings.append(ping)
                runs[name].append({**page, "ratio": page["p50"] / ping["p50"]})
        rows = {"ping": {key: statistics.median(p[key] for p in pings) for key in ("p50", "rate")} | {"ratio": 1.0}}
        for name, measured in runs.items():
            rows[name] = {key: statistics.median(m[key] for m in measured) for key in ("p50", "rate", "ratio")}
        return rows
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", type=int, default=[1, 10, 100])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of /ping + page per page (default 3)")
    parser.add_argument("--seconds", type=int, default=5, help="seconds a run (default 5)")
    parser.add_argument("--connections", type=int, default=2, help="open connections (default 2)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    if not 1 <= args.seconds <= 60 or not 1 <= args.connections <= 64 or not 1 <= args.rounds <= 10:
        raise SystemExit("keep the load bounded: 1–60 seconds, 1–64 connections, 1–10 rounds")

    prepared = {scale: prepare(scale) for scale in args.scales}
    collect_static()
    engine = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    print(
        f"database: {engine}; {args.workers} gunicorn workers, DEBUG off, page cache off; wrk, "
        f"{args.connections} connections, {args.seconds} s a run, median of {args.rounds} rounds; "
        f"load average {os.getloadavg()[0]:.2f} at the start",
        flush=True,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    results = {}
    try:
        for scale, (url, pages) in prepared.items():
            results[scale] = rows = measure(url, pages, args, script.name)
            print(f"\n{scale}×   {'page':14} {'p50 ms':>8} {'req/s':>8} {'÷ ping':>8}")
            for name, row in rows.items():
                goal = ""
                if scale == 1 and name != "ping":
                    goal = "  ok" if row["ratio"] <= GOAL_PING_RATIO else f"  over the goal of {GOAL_PING_RATIO}×"
                print(f"      {name:14} {row['p50']:8.1f} {row['rate']:8.1f} {row['ratio']:7.1f}×{goal}", flush=True)
    finally:
        os.unlink(script.name)
    if 1 in results and len(results) > 1:
        print(f"\n{'page':14} " + " ".join(f"{f'p50 {s}×':>10}" for s in results) + "   largest ÷ 1×   goal")
        largest = max(results)
        for name in results[1]:
            if name == "ping":
                continue
            ratio = results[largest][name]["p50"] / results[1][name]["p50"]  # inf: no request finished
            goal = GOAL_SCALE_RATIO.get(name)
            verdict = "" if goal is None else (f"≤ {goal}: ok" if ratio <= goal else f"≤ {goal}: not met")
            figures = " ".join(f"{results[s][name]['p50']:10.1f}" for s in results)
            print(f"{name:14} {figures}   {ratio:11.1f}×   {verdict}")
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
