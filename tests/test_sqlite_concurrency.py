"""The zero-setup SQLite database under a small office's load: two writers at once queue, neither fails.

Django opens SQLite transactions DEFERRED by default: two requests that both read and then write (a failed
login does, in django-axes' `select_for_update().get_or_create()`) deadlock on the upgrade, and SQLite
answers one of them at once with "database is locked". The settings use WAL and IMMEDIATE transactions with
a busy timeout, so the second one waits for the first. Checked on a real file, in a process of its own.
"""

import json
import sys

from .test_production_settings import _run

SCRIPT = """
import json, threading, time, django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE attempt (n integer)")
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    busy = cursor.fetchone()[0]
connection.close()
has_read = threading.Event()
errors = []


def read_then_write(n, pause):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM attempt")
            has_read.set()
            time.sleep(pause)
            cursor.execute("INSERT INTO attempt VALUES (%s)", [n])
    except Exception as error:
        errors.append(str(error))
    finally:
        connection.close()


first = threading.Thread(target=read_then_write, args=(1, 0.5))
first.start()
has_read.wait(5)
second = threading.Thread(target=read_then_write, args=(2, 0))
second.start()
first.join()
second.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM attempt")
    rows = cursor.fetchone()[0]
print(json.dumps({"mode": mode, "busy_timeout": busy, "errors": errors, "rows": rows}))
"""


def test_two_writers_at_once_queue_instead_of_failing(tmp_path):
    result = _run([sys.executable, "-c", SCRIPT], DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["errors"] == []
    assert answer["rows"] == 2
    assert answer["mode"] == "wal"
    assert answer["busy_timeout"] == 20_000


def test_the_busy_timeout_is_configurable(tmp_path):
    result = _run([sys.executable, "-c", SCRIPT], SQLITE_BUSY_TIMEOUT="3", DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    assert json.loads(result.stdout.strip().splitlines()[-1])["busy_timeout"] == 3_000


BURST_SCRIPT = """
import json, threading, django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

call_command("migrate", verbosity=0)
fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
plain = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(PASSWORD_HASHERS=fast, STORAGES=plain):
    for n in range(8):
        get_user_model().objects.create_user(f"vardas{n}", password="teisingas-1")
    connection.close()
    answers = {}

    def logins(n):
        client = Client(REMOTE_ADDR=f"10.0.0.{n}")
        passwords = ["blogas"] * 5 + ["teisingas-1"]
        data = [{"username": f"vardas{n}", "password": password} for password in passwords]
        answers[n] = [client.post("/paskyra/login/", item).status_code for item in data]
        connection.close()

    threads = [threading.Thread(target=logins, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
print(json.dumps(sorted(answers.values())))
"""


def test_a_burst_of_logins_is_answered_and_every_failure_counted(tmp_path):
    database = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    result = _run([sys.executable, "-c", BURST_SCRIPT], DATABASE_URL=database, ALLOWED_HOSTS="testserver")
    assert result.returncode == 0, result.stderr
    # Eight people at once, five wrong passwords each: no "database is locked" (a 503), every failure counted,
    # so each is locked out at the fifth and the right password comes too late.
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [[200, 200, 200, 200, 429, 429]] * 8
