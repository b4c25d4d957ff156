"""The production settings path: environment only, `check --deploy` clean, security headers on every answer."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
    "ALLOWED_HOSTS": "vvg.example.lt,testserver",
    "CSRF_TRUSTED_ORIGINS": "https://vvg.example.lt",
    "DATABASE_URL": "postgres://vvg@127.0.0.1:5432/vvg",
}

HEADERS_SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
secure = Client().get("/ping", secure=True)
plain = Client().get("/ping")
print(json.dumps({
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "admin": __import__("django.urls", fromlist=["reverse"]).reverse("admin:index"),
}))
"""


def _run(args, **env):
    # conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never has it.
    skip = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE", "ADMIN_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in skip and not k.startswith("SECURE_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="vvg_portal.settings")
    return subprocess.run(args, env=clean, capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=120)


def _production_answer(**extra):
    result = _run([sys.executable, "-c", HEADERS_SCRIPT], **PRODUCTION_ENV, **extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_with_the_production_environment():
    result = _run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_check_deploy_warns_with_the_development_defaults():
    result = _run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on


def test_production_answers_carry_the_security_headers():
    answer = _production_answer()
    headers = answer["headers"]
    assert answer["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_production_sends_plain_http_to_https_and_marks_cookies_secure():
    answer = _production_answer()
    assert answer["plain_status"] == 301
    assert answer["plain_location"] == "https://testserver/ping"
    assert answer["session_cookie_secure"] is True
    assert answer["csrf_cookie_secure"] is True


def test_https_redirect_can_be_left_to_the_proxy():
    answer = _production_answer(SECURE_SSL_REDIRECT="false")
    assert answer["plain_status"] == 200


def test_the_admin_moves_to_the_configured_path():
    assert _production_answer(ADMIN_URL="vidus/")["admin"] == "/vidus/"
    assert _production_answer()["admin"] == "/admin/"


def test_bad_production_values_fail_loudly():
    for name, value, message in [
        ("SECURE_SSL_REDIRECT", "sometimes", "SECURE_SSL_REDIRECT must be true or false"),
        ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS must be a whole number"),
        ("ADMIN_URL", "/admin", "ADMIN_URL must end with /"),
    ]:
        result = _run([sys.executable, "-c", HEADERS_SCRIPT], **PRODUCTION_ENV, **{name: value})
        assert result.returncode != 0
        assert message in result.stderr


def test_development_pages_carry_the_content_security_policy_too(client, db):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(f"{path.name}: {tag}")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        offenders += [f"{path.name}: javascript:" for _ in re.findall(r"javascript:", text)]
    assert offenders == []


def test_uploads_are_limited():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
