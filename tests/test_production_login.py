"""The login throttle behind nginx, with the production settings and the headers deploy/nginx.conf sends.

Every connection reaches gunicorn from nginx at 127.0.0.1; the client's address comes in the headers
nginx sets. Wrong passwords from one address must never lock the same user out at another address, and
many usernames tried from one address (password spraying) lock that address. The language cookie is
checked in the same run: it must be Secure and SameSite in production.
"""

import json
import re
import sys
from pathlib import Path

import pytest
from django.conf import settings

from .test_production_settings import PRODUCTION_ENV, _run

NGINX_CONF = Path(settings.BASE_DIR, "deploy", "nginx.conf")
PASSWORD = "teisingas-slaptazodis-7"

# What nginx puts in its variables for a visitor at {client} asking for https://vvg.example.lt/.
NGINX_VARIABLES = {"$remote_addr": "{client}", "$scheme": "https", "$host": "vvg.example.lt"}

SCRIPT = """
import json, sys, django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

call_command("migrate", verbosity=0)
get_user_model().objects.create_user("board", password=PASSWORD)
NGINX = json.loads(sys.argv[1])


def client_at(address):
    return Client(REMOTE_ADDR="127.0.0.1", **{name: value.format(client=address) for name, value in NGINX.items()})


def login(address, username, password):
    response = client_at(address).post("/paskyra/login/", {"username": username, "password": password})
    return response.status_code


# Production runs collectstatic first; the pages here only need the static files' names.
with override_settings(STORAGES={"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
    answer = {}
    answer["wrong_at_a"] = [login("203.0.113.5", "board", "blogas") for _ in range(5)]
    answer["right_at_a"] = login("203.0.113.5", "board", PASSWORD)
    answer["right_at_b"] = login("198.51.100.7", "board", PASSWORD)
    answer["spraying_at_c"] = [login("203.0.113.9", f"vardas{n}", "Vasara2026!") for n in range(20)]
    answer["right_at_c"] = login("203.0.113.9", "board", PASSWORD)
    page = client_at("203.0.113.9").post("/paskyra/login/", {"username": "kitas", "password": "x"})
    answer["spraying_page"] = (page.status_code, page.content.decode())
    answer["right_at_d"] = login("198.51.100.8", "board", PASSWORD)
    from axes.models import AccessAttempt
    answer["addresses"] = sorted(set(AccessAttempt.objects.values_list("ip_address", flat=True)))
    chosen = client_at("203.0.113.20").post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = chosen.cookies[django.conf.settings.LANGUAGE_COOKIE_NAME]
    answer["language_cookie"] = {key: cookie[key] for key in ("secure", "samesite", "httponly")}
print(json.dumps(answer))
""".replace("PASSWORD", repr(PASSWORD))


def nginx_headers():
    """The request headers deploy/nginx.conf sets, as Django reads them, with nginx's variables filled in."""
    headers = {}
    for name, value in re.findall(r"^\s*proxy_set_header\s+(\S+)\s+(.+?);", NGINX_CONF.read_text(), re.MULTILINE):
        for variable, filled in NGINX_VARIABLES.items():
            value = value.replace(variable, filled)
        assert "$" not in value, f"teach this test what nginx puts in {value}"
        headers["HTTP_" + name.upper().replace("-", "_")] = value
    return headers


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory):
    database = tmp_path_factory.mktemp("login") / "db.sqlite3"
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{database}"}
    result = _run([sys.executable, "-c", SCRIPT, json.dumps(nginx_headers())], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_nginx_sends_the_address_it_saw_and_replaces_the_clients_own_header():
    headers = nginx_headers()
    assert headers["HTTP_X_FORWARDED_FOR"] == "{client}"
    assert headers["HTTP_X_FORWARDED_PROTO"] == "https"


def test_wrong_passwords_lock_the_user_out_at_that_address_only(behind_nginx):
    assert behind_nginx["wrong_at_a"] == [200, 200, 200, 200, 429]
    assert behind_nginx["right_at_a"] == 429
    assert behind_nginx["right_at_b"] == 302  # the same user, from another address, logs in


def test_many_usernames_from_one_address_lock_that_address(behind_nginx):
    assert behind_nginx["spraying_at_c"] == [200] * 19 + [429]
    assert behind_nginx["right_at_c"] == 429
    status, page = behind_nginx["spraying_page"]
    assert status == 429
    assert "Slaptažodžiai iš jūsų adreso buvo neteisingi 20 kartų" in page
    assert behind_nginx["right_at_d"] == 302


def test_the_throttle_records_the_clients_addresses_not_the_proxys(behind_nginx):
    assert behind_nginx["addresses"] == ["203.0.113.5", "203.0.113.9"]


def test_the_language_cookie_is_secure_and_same_site_in_production(behind_nginx):
    assert behind_nginx["language_cookie"] == {"secure": True, "samesite": "Lax", "httponly": True}
