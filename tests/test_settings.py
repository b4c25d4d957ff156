"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

CHECK = (
    "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
)


def _run(**env):
    full_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY")}
    full_env.update(env, DJANGO_SETTINGS_MODULE="vvg_portal.settings")
    return subprocess.run(
        [sys.executable, "-c", CHECK], env=full_env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


def test_it_runs_on_sqlite_with_no_environment():
    result = _run()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_it_uses_postgresql_from_database_url():
    result = _run(DATABASE_URL="postgres://postgres@127.0.0.1:5432/x")
    # Django's PostgreSQL backend, with deadlines for a database that stops answering (vvg_portal/postgresql/)
    assert result.stdout.strip() == "vvg_portal.postgresql"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DEBUG": "false"}, "SECRET_KEY must be set"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL must be"),
        ({"API_THROTTLE_RATE": "fast"}, "API_THROTTLE_RATE must be like 120/min"),
        ({"OPEN_DATA_CACHE_SECONDS": "long"}, "OPEN_DATA_CACHE_SECONDS must be a whole number"),
    ],
)
def test_it_fails_loudly_on_bad_values(env, message):
    result = _run(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_lithuanian_is_the_default_language():
    assert settings.LANGUAGE_CODE == "lt"
    assert [code for code, _ in settings.LANGUAGES] == ["lt", "en"]


def test_lithuanian_numbers_group_thousands_with_a_space():
    from django.utils import formats, translation

    with translation.override("lt"):
        assert formats.number_format(1200) == "1\xa0200"
        assert formats.number_format(2.5, 1) == "2,5"
    with translation.override("en"):
        assert formats.number_format(1200) == "1,200"
