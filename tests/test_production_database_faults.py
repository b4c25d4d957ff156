"""A frozen database, for real: gunicorn with the production settings against a PostgreSQL cluster this test
starts itself (initdb and pg_ctl on a free port of 127.0.0.1, never the machine's shared server), frozen with
SIGSTOP on the postmaster and its children, then thawed, then restarted.

While it is frozen every page answers the 503 page within the configured timeouts (the connect timeout for
the health check of a kept connection, and again for connecting anew) and /ping answers at once; once it is
thawed the pages come back; after a restart no request fails. Before these limits every request waited until
gunicorn killed its worker (120 s) and the first request of each worker after a restart answered 503.
"""

import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from .test_production_settings import _run

CONNECT_TIMEOUT = 2  # seconds, DATABASE_CONNECT_TIMEOUT of this test's gunicorn
STATEMENT_TIMEOUT = 5  # seconds, DATABASE_STATEMENT_TIMEOUT
# A frozen database costs a request two connect timeouts: the kept connection's health check, then a new
# connection. Far below gunicorn's 120 s; the margin is for the shared machine's load.
WITHIN = 2 * CONNECT_TIMEOUT + 4


# The static files these pages do not use: whitenoise compresses every collected file, and the admin's and
# Bootstrap's other variants take a minute on a busy machine. What the pages use is collected as in production.
SKIPPED = [
    f"--ignore={pattern}"
    for pattern in ("admin", "*.rtl*", "*.esm*", "bootstrap-*", "bootstrap.css*", "bootstrap.js*", "bootstrap.min.js*")
] + ["--ignore=bootstrap.bundle.js*"]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary folder (as the postgres user when the test runs as root)."""

    def __init__(self):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        assert binaries, "the fault test needs PostgreSQL's server binaries (Debian package postgresql)"
        self.bin = Path(binaries[-1]).parent
        self.folder = Path(tempfile.mkdtemp(prefix="vvg-faults-"))
        self.port = _free_port()
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")

    def _pg(self, program, *args):
        command = [*self.as_owner, str(self.bin / program), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self):
        self._pg("initdb", "-D", f"{self.folder}/data", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        self.pg_ctl("start")

    def pg_ctl(self, action):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg("pg_ctl", "-D", f"{self.folder}/data", "-o", options, "-l", f"{self.folder}/log", "-w", action)

    def processes(self):
        postmaster = int((self.folder / "data" / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
        return [postmaster, *map(int, children)]

    def freeze(self):
        for pid in self.processes():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self):
        for pid in self.processes():
            os.kill(pid, signal.SIGCONT)

    def remove(self):
        try:
            self.thaw()
            self.pg_ctl("stop")
        except (OSError, subprocess.SubprocessError):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


def _portal_env(cluster, static_root):
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": cluster.url,
        "DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        "DATABASE_STATEMENT_TIMEOUT": str(STATEMENT_TIMEOUT),
        "STATIC_ROOT": str(static_root),
        "PUBLIC_PAGE_CACHE_SECONDS": "0",
    }


def _get(url, timeout=60):
    """(status, seconds, text) of a GET with the header nginx adds (the portal then answers as behind HTTPS)."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, time.monotonic() - started, body.decode()


@pytest.fixture(scope="module")
def portal():
    cluster = Cluster()
    server = None
    try:
        cluster.start()
        static_root = cluster.folder / "static"
        env = _portal_env(cluster, static_root)
        for command in (["migrate", "-v0"], ["load_demo", "--force"], ["collectstatic", "--no-input", "-v0", *SKIPPED]):
            result = _run([sys.executable, "manage.py", *command], **env)
            assert result.returncode == 0, result.stderr
        port = _free_port()
        gunicorn = [sys.executable, "-m", "gunicorn", "vvg_portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        gunicorn += ["--workers", "2", "--timeout", "120", "--log-level", "warning"]
        clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
        log = (cluster.folder / "gunicorn.log").open("w")
        server = subprocess.Popen(gunicorn, cwd=settings.BASE_DIR, env={**clean, **env}, stderr=log, stdout=log)
        base = f"http://127.0.0.1:{port}"
        for _attempt in range(60):
            try:
                if _get(f"{base}/ping", timeout=2)[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("gunicorn did not start")
        yield base, cluster
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        cluster.remove()


def _warm(base, times=8):
    """Requests, four at a time, so that both workers hold a kept connection to the database."""
    with ThreadPoolExecutor(4) as pool:
        return [answer[0] for answer in pool.map(lambda _n: _get(f"{base}/"), range(times))]


def test_a_frozen_database_gives_the_503_page_in_time_and_the_portal_recovers(portal):
    base, cluster = portal
    assert _warm(base) == [200] * 8
    cluster.freeze()
    try:
        status, seconds, _text = _get(f"{base}/ping")
        assert (status, seconds < 2) == (200, True)
        answers = [_get(f"{base}{path}", timeout=30) for path in ("/", "/projektai/", "/", "/healthz")]
        ping_after = _get(f"{base}/ping")
    finally:
        cluster.thaw()
    print("while frozen:", json.dumps([(status, round(seconds, 1)) for status, seconds, _text in answers]))
    for status, seconds, _text in answers:
        assert status == 503
        assert seconds < WITHIN, f"the 503 came after {seconds:.1f} s"
    assert "Laikinai neveikia" in answers[0][2] and "css/portal" in answers[0][2]  # the portal's page, its style
    assert json.loads(answers[-1][2]) == {"database": "unavailable"}
    assert ping_after[0] == 200 and ping_after[1] < 2  # /ping never waits for the database

    status, _seconds, text = _get(f"{base}/")
    assert status == 200
    assert "Utenos miesto VVG" in text or "2023–2029" in text


def test_no_request_fails_after_the_database_restarts(portal):
    base, cluster = portal
    assert _warm(base) == [200] * 8
    cluster.pg_ctl("restart")
    statuses = [_get(f"{base}{path}")[0] for path in ("/", "/projektai/", "/healthz") * 4]
    assert statuses == [200] * 12


def test_statements_have_the_configured_timeout(portal):
    _base, cluster = portal
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "cursor.execute('SHOW statement_timeout'); print(cursor.fetchone()[0])\n"
        "try:\n"
        "    cursor.execute('SELECT pg_sleep(20)')\n"
        "except Exception as error:\n"
        "    print(type(error).__name__, str(error).splitlines()[0])\n"
    )
    env = _portal_env(cluster, cluster.folder / "static")
    started = time.monotonic()
    result = _run([sys.executable, "-c", script], **env)
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    shown, error = result.stdout.strip().splitlines()
    assert shown == f"{STATEMENT_TIMEOUT}s"
    assert error.startswith("OperationalError canceling statement due to statement timeout")
    assert took < 20


SETTINGS_SCRIPT = """
import json, django
django.setup()
from django.conf import settings
database = settings.DATABASES["default"]
print(json.dumps({key: database[key] for key in ("ENGINE", "OPTIONS", "CONN_HEALTH_CHECKS", "CONN_MAX_AGE")}))
"""


def _database_settings(**env):
    result = _run([sys.executable, "-c", SETTINGS_SCRIPT], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_gets_the_timeouts_and_health_checks_from_the_environment():
    database = _database_settings(DATABASE_URL="postgres://vvg@127.0.0.1:5432/vvg?sslmode=prefer")
    assert database == {
        "ENGINE": "vvg_portal.postgresql",
        "OPTIONS": {"sslmode": "prefer", "connect_timeout": 5, "options": "-c statement_timeout=30000 -c jit=off"},
        "CONN_HEALTH_CHECKS": True,
        "CONN_MAX_AGE": 60,
    }
    changed = _database_settings(
        DATABASE_URL="postgres://vvg@127.0.0.1:5432/vvg", DATABASE_CONNECT_TIMEOUT="3", DATABASE_STATEMENT_TIMEOUT="0"
    )
    assert changed["OPTIONS"] == {"connect_timeout": 3, "options": "-c statement_timeout=0 -c jit=off"}


def test_bad_timeouts_fail_loudly():
    for name, value, message in [
        ("DATABASE_CONNECT_TIMEOUT", "0", "DATABASE_CONNECT_TIMEOUT must be at least 1 (second), not 0"),
        ("DATABASE_STATEMENT_TIMEOUT", "-5", "DATABASE_STATEMENT_TIMEOUT must be 0 (no limit) or more, not -5"),
        ("DATABASE_STATEMENT_TIMEOUT", "half a minute", "DATABASE_STATEMENT_TIMEOUT must be a whole number"),
    ]:
        result = _run(
            [sys.executable, "-c", SETTINGS_SCRIPT], DATABASE_URL="postgres://vvg@127.0.0.1/vvg", **{name: value}
        )
        assert result.returncode != 0
        assert message in result.stderr
