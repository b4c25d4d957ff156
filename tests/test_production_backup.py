"""The backup routine: a dump restored into an empty database holds every strategy, project and report,
with the same figures. PostgreSQL: `pg_dump -Fc` and `pg_restore`, as the README says; SQLite: the
sqlite3 backup API into a new file."""

import datetime
import json
import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from benchmarks.data import build_strategy
from participants.models import ProgressReport
from progress.calculation import strategy_progress
from projects.models import Project
from strategies.models import Strategy

AS_OF = datetime.date(2021, 12, 31)

FIGURES_SCRIPT = """
import json, django
django.setup()
from tests.test_production_backup import figures
print(json.dumps(figures()))
"""


def figures():
    """Every strategy's progress tree, every project and every report, as plain values."""
    trees = {}
    for strategy in Strategy.objects.order_by("code"):
        progress = strategy_progress(strategy, AS_OF)
        trees[strategy.code] = [
            [
                item.node.code,
                item.project_count,
                [[i.indicator.name, str(i.achieved), i.status] for i in item.indicators],
            ]
            for item in progress.nodes()
        ]
    projects = list(Project.objects.order_by("slug").values_list("slug", "title", "status", "total_cost", "grant"))
    reports = list(
        ProgressReport.objects.order_by("pk").values_list("project__slug", "period_end", "status", "participants")
    )
    return json.loads(json.dumps({"trees": trees, "projects": projects, "reports": reports}, default=str))


def _figures_from(database_url):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="vvg_portal.settings")
    result = subprocess.run(
        [sys.executable, "-c", FIGURES_SCRIPT], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _restore_postgresql(tmp_path):
    db = connection.settings_dict
    common = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    dump, restored = tmp_path / "vvg.dump", f"{db['NAME']}_restored"
    subprocess.run(["pg_dump", "-Fc", *common, "-f", str(dump), db["NAME"]], check=True)
    subprocess.run(["dropdb", "--if-exists", *common, restored], check=True)
    subprocess.run(["createdb", *common, restored], check=True)
    subprocess.run(["pg_restore", "--no-owner", *common, "-d", restored, str(dump)], check=True)
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{restored}"
    return url, lambda: subprocess.run(["dropdb", "--if-exists", *common, restored], check=True)


def _restore_sqlite(tmp_path):
    copy = tmp_path / "restored.sqlite3"
    target = sqlite3.connect(copy)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{copy}", lambda: None


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_holds_the_same_figures(tmp_path):
    build_strategy(1, code="2023-2029")
    expected = figures()
    assert len(expected["projects"]) >= 15 and len(expected["reports"]) >= 200

    restore = _restore_postgresql if connection.vendor == "postgresql" else _restore_sqlite
    url, drop = restore(tmp_path)
    try:
        restored = _figures_from(url)
    finally:
        drop()
    assert restored == expected
    assert any(float(row[2][0][1]) > 0 for row in restored["trees"]["2023-2029"] if row[2])
