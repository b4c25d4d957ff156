"""The demo's accounts have a published password: `load_demo` refuses to run on a deployment (DEBUG off)
unless told to, and `check --deploy` warns while any account still has that password."""

import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import CommandError

from demo.loader import DEMO_PASSWORD
from strategies.models import Strategy

from .test_production_settings import PRODUCTION_ENV, _run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_load_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()
    assert not Strategy.objects.exists()


def test_load_demo_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False
    call_command("load_demo", force=True)
    assert sorted(get_user_model().objects.values_list("username", flat=True)) == ["board", "staff"]


def test_load_demo_runs_with_debug_on(settings):
    settings.DEBUG = True
    call_command("load_demo")
    assert Strategy.objects.filter(code="2023-2029").exists()


def _demo_warnings():
    return [message for message in run_checks(include_deployment_checks=True) if message.id == "vvg.W001"]


def test_the_deploy_check_names_every_account_with_the_demo_password():
    users = get_user_model().objects
    users.create_user("staff", password=DEMO_PASSWORD)
    users.create_user("vida", password=DEMO_PASSWORD)
    users.create_user("board", password="kitas-slaptazodis-5")
    users.create_user("senas", password=DEMO_PASSWORD, is_active=False)
    (warning,) = _demo_warnings()
    assert "staff, vida." in warning.msg
    assert "board" not in warning.msg and "senas" not in warning.msg


def test_the_deploy_check_is_quiet_once_the_passwords_are_changed():
    user = get_user_model().objects.create_user("staff", password=DEMO_PASSWORD)
    user.set_password("naujas-slaptazodis-9")
    user.save()
    assert _demo_warnings() == []
    assert [m for m in run_checks() if m.id == "vvg.W001"] == []  # a deployment check only


def test_check_deploy_fails_on_a_production_server_with_the_demo_loaded(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    assert _run([sys.executable, "manage.py", "migrate", "-v0"], **env).returncode == 0
    refused = _run([sys.executable, "manage.py", "load_demo"], **env)
    assert refused.returncode != 0 and "--force" in refused.stderr
    assert _run([sys.executable, "manage.py", "load_demo", "--force"], **env).returncode == 0
    result = _run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    assert result.returncode != 0
    assert "vvg.W001" in result.stderr and "board, staff" in result.stderr
