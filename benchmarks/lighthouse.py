"""Lighthouse scores of the public pages as a phone sees them: `python -m benchmarks.lighthouse [--runs 3]`.

A benchmark, not a test: the test suite needs no Node. This script needs Node and npm; it installs the
npm package `lighthouse` into `build/lighthouse/` the first time (or uses `LIGHTHOUSE`, a path to its
binary) and drives Debian's Chromium (`CHROME_PATH`, default /usr/bin/chromium).

It builds a throwaway SQLite database in `build/` with the demo and a few approved reports, collects the
static files and starts gunicorn on a free port of 127.0.0.1 with the production settings (`DEBUG` off,
whitenoise serving compressed, hashed static files; the page cache off so that every run renders). Requests
carry `X-Forwarded-Proto: https` as nginx sends it, and the portal leaves the HTTPS redirect to nginx
(`SECURE_SSL_REDIRECT=false`, as deploy/nginx.conf does it). Lighthouse's default mobile settings apply (a mid-range
phone on a slow 4G connection, simulated). Prints the accessibility, best-practices, SEO and performance
scores of the home, strategy, project list and project pages, the median of `--runs` runs each.
Only 127.0.0.1 is ever contacted.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.load import _free_port, _start_gunicorn

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
LIGHTHOUSE_VERSION = "13.5.0"
CATEGORIES = ("accessibility", "best-practices", "seo", "performance")
PAGES = {
    "home": "/",
    "strategy": "/strategijos/2016-2022/",
    "project list": "/projektai/",
    "project": "/projektai/gera-buti/",
}


def _lighthouse():
    if os.environ.get("LIGHTHOUSE"):
        return os.environ["LIGHTHOUSE"]
    binary = BUILD / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            raise SystemExit("npm is missing: apt-get install npm (only this benchmark needs it)")
        print(f"installing lighthouse {LIGHTHOUSE_VERSION} into build/lighthouse (once)…", flush=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(binary.parents[2])]
            + [f"lighthouse@{LIGHTHOUSE_VERSION}"],
            check=True,
        )
    return str(binary)


def _prepare():
    """A fresh SQLite database with the demo, some approved figures, and the collected static files."""
    BUILD.mkdir(exist_ok=True)
    database = BUILD / "lighthouse.sqlite3"
    database.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True, env=env)
    subprocess.run([sys.executable, "manage.py", "load_demo"], cwd=ROOT, check=True, env=env, capture_output=True)
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", FIGURES],
        cwd=ROOT,
        check=True,
        env=env,
        capture_output=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        check=True,
        env={**env, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50)},
    )
    return url


# What a VVG a year into a project has: dates, money and two approved reports on „Gera būti“.
FIGURES = """
import datetime
from decimal import Decimal
from participants.models import ProgressReport
from projects.models import Project
gera = Project.objects.get(title="Gera būti")
Project.objects.filter(pk=gera.pk).update(
    planned_participants=50, grant=Decimal("12000"), total_cost=Decimal("15000"),
    start_date=datetime.date(2019, 1, 1), end_date=datetime.date(2020, 12, 31),
)
for start, end, people in (("2019-01-01", "2019-06-30", 40), ("2019-07-01", "2019-12-31", 8)):
    ProgressReport.objects.create(
        project=gera, period_start=start, period_end=end, status="approved", participants=people, spent=Decimal("2500")
    )
"""


def _run(lighthouse, url, output):
    chrome_flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
    subprocess.run(
        [
            lighthouse,
            url,
            "--quiet",
            f"--chrome-flags={chrome_flags}",
            f"--only-categories={','.join(CATEGORIES)}",
            '--extra-headers={"X-Forwarded-Proto": "https"}',
            "--output=json",
            f"--output-path={output}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )
    report = json.loads(Path(output).read_text())
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failed = [
        audit_id
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] and (audit_id := ref["id"]) and (report["audits"][audit_id]["score"] or 0) < 1
    ]
    return scores, failed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is printed (default 3)")
    args = parser.parse_args(argv)
    if not 1 <= args.runs <= 9:
        raise SystemExit("--runs must be 1–9")
    lighthouse = _lighthouse()
    url = _prepare()
    # As behind the shipped nginx, which sends plain HTTP to HTTPS itself and sets X-Forwarded-Proto.
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    port = _free_port()
    server = _start_gunicorn(url, port, workers=2, cache_seconds=0)
    try:
        print(f"lighthouse {LIGHTHOUSE_VERSION}, mobile, gunicorn + whitenoise, DEBUG off; median of {args.runs} runs")
        print(f"{'page':14} {'accessibility':>14} {'best practices':>15} {'SEO':>5} {'performance':>12}")
        with tempfile.TemporaryDirectory() as folder:
            for name, path in PAGES.items():
                runs, notes = [], set()
                for number in range(args.runs):
                    scores, failed = _run(lighthouse, f"http://127.0.0.1:{port}{path}", f"{folder}/{number}.json")
                    runs.append(scores)
                    notes.update(failed)
                median = {category: statistics.median(run[category] for run in runs) for category in CATEGORIES}
                print(
                    f"{name:14} {median['accessibility']:14.0f} {median['best-practices']:15.0f} "
                    f"{median['seo']:5.0f} {median['performance']:12.0f}"
                    + (f"   below 1: {', '.join(sorted(notes))}" if notes else "")
                )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
