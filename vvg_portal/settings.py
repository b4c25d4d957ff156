"""Settings for the VVG portal.

Everything configurable comes from the environment. With no environment at all the portal runs
on SQLite in the project folder with DEBUG on, on purpose: `make run` needs nothing else.
A bad value fails loudly at start-up rather than being silently replaced by a default.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The Django admin's address, e.g. `hidden-door/`: moving it off `admin/` keeps password guessers away.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/"):
    raise ImproperlyConfigured(f"ADMIN_URL must end with / and not start with it, like admin/, not {ADMIN_URL!r}")

# The name of the local action group this deployment serves: one deployment, one VVG. Only the first-run
# default: staff keep the name, logo and contacts on the workspace's profile page (vvg_profile).
VVG_NAME = os.environ.get("VVG_NAME", "Utenos miesto vietos veiklos grupė")
VVG_EMAIL = os.environ.get("VVG_EMAIL", "")
# Where the VVG's projects are carried out, for the list of operations: a project without a location of its
# own gives this one (a municipality or a postcode).
VVG_LOCATION = os.environ.get("VVG_LOCATION", "Utenos rajono savivaldybė")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "js_lib_bootstrap5",
    "simple_history",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # The portal's own apps, bottom to top: each imports only those above it in this list (see README).
    "common",
    "vvg_profile",
    "jobs",
    "strategies",
    "projects",
    "participants",  # the last app with models: it refreshes the roles after every migration
    "progress",
    "public",
    "workspace",
    "reports",
    "workbooks",
    "opendata",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer by itself, so that those answers carry the CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "vvg_portal.errors.DatabaseUnavailableMiddleware",
    "vvg_portal.page_cache.PublicPageCacheMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vvg_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vvg_portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "vvg_portal.wsgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(f"DATABASE_URL must be a postgres:// or sqlite:// URL, not {DATABASE_URL!r}")
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
# A database that does not answer must not hang the site: connecting gives up after DATABASE_CONNECT_TIMEOUT
# seconds and a statement after DATABASE_STATEMENT_TIMEOUT (0: no limit), and a kept connection is checked
# before it is reused, so the first request after a database restart reconnects instead of failing.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 30)
if DATABASE_CONNECT_TIMEOUT < 1:
    raise ImproperlyConfigured(f"DATABASE_CONNECT_TIMEOUT must be at least 1 (second), not {DATABASE_CONNECT_TIMEOUT}")
if DATABASE_STATEMENT_TIMEOUT < 0:
    raise ImproperlyConfigured(
        f"DATABASE_STATEMENT_TIMEOUT must be 0 (no limit) or more, not {DATABASE_STATEMENT_TIMEOUT}"
    )
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The same backend, waiting on the server no longer than these limits even when it is frozen (see its module).
    DATABASES["default"]["ENGINE"] = "vvg_portal.postgresql"
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    # JIT compilation off: it pays only on long analytical queries; a page's aggregate over a large strategy
    # spent more time compiling (60 ms of 157 ms) than running.
    options["options"] = (
        f"{options.get('options', '')} -c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000} -c jit=off".strip()
    )
    # The portal's only `.iterator()` calls are Django's own, for the choices of a select (a few hundred rows at
    # most): a server-side cursor costs each select three round trips and a held result; the project list has
    # four selects (3 ms of its 23 ms). A client-side cursor also suits a transaction-pooling PgBouncer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A small office's logins at once: in WAL mode readers never wait for the writer, and a transaction that
    # will write takes the write lock when it begins (IMMEDIATE), so concurrent writers queue for up to
    # SQLITE_BUSY_TIMEOUT seconds instead of failing at once with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
    }


def cache_from_url(url):
    """The cache `CACHE_URL` names: `locmem://` (one cache per process) or `redis://host:port/db` (shared)."""
    if url in ("", "locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL must be locmem:// or a redis:// URL, not {url!r}")


# Pages and PDFs are cached under the data fingerprint. With several gunicorn workers, Redis lets them share
# one cache (`redis://127.0.0.1:6379/1`); the default keeps one cache in each process's memory.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", ""))}


def tasks_from_url(url):
    """The task backend `TASKS_URL` names (Django's Tasks API through the django-tasks backport).

    `database://` (the default) keeps the queue in the portal's own database: nothing to install, the worker is
    `manage.py run_worker`. `redis://host:port/db` queues on RQ (django-tasks-rq) for larger deployments.
    `immediate://` runs each task inside the request that asks for it (the tests use it).
    """
    if url in ("", "database://"):
        return {"BACKEND": "django_tasks_db.DatabaseBackend"}, {}
    if url == "immediate://":
        return {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}, {}
    if url.startswith(("redis://", "rediss://")):
        # A job may run for minutes (a large PDF); RQ's default of 180 s would kill it.
        return {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}, {
            "default": {"URL": url, "DEFAULT_TIMEOUT": env_int("TASKS_TIMEOUT", 3600)}
        }
    raise ImproperlyConfigured(f"TASKS_URL must be database://, immediate:// or a redis:// URL, not {url!r}")


# Long work (large PDFs, large imports) runs as a task in a worker beside the web server.
TASKS_URL = os.environ.get("TASKS_URL", "")
_TASK_BACKEND, RQ_QUEUES = tasks_from_url(TASKS_URL)
TASKS = {"default": _TASK_BACKEND}
if RQ_QUEUES:
    INSTALLED_APPS.append("django_rq")
# A job untouched this long while queued or running has lost its worker and is started again when asked for.
JOBS_STALE_SECONDS = env_int("JOBS_STALE_SECONDS", 60 * 60)
# Finished jobs (their PDFs) are kept a day; a changed fingerprint makes a new job before that anyway.
JOBS_KEEP_SECONDS = env_int("JOBS_KEEP_SECONDS", 24 * 60 * 60)
# How often the progress page reloads itself.
JOBS_REFRESH_SECONDS = env_int("JOBS_REFRESH_SECONDS", 2)
# Work still waiting for the worker after this long gets a word on the page: the worker may not be running.
JOBS_WAIT_NOTICE_SECONDS = env_int("JOBS_WAIT_NOTICE_SECONDS", 30)
# A strategy PDF with more counted projects than this is rendered by the task worker (a real VVG has 15–50).
PDF_BACKGROUND_PROJECTS = env_int("PDF_BACKGROUND_PROJECTS", 60)
# An import that changes more rows than this is applied by the task worker; smaller ones in the request.
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 2000)
# Render large PDFs in a forked child, so that the worker's memory goes back after each one.
JOBS_FORK = env_bool("JOBS_FORK", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a login while its username and address are locked out.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

LOGIN_URL = "login"
# Staff and the board come to log in to work: a login without `next` leads them to the workspace.
LOGIN_REDIRECT_URL = "participants:after-login"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "lt"
LANGUAGES = [("lt", _("Lithuanian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Vilnius")
USE_I18N = True
USE_TZ = True
# Lithuanian number formats (1 200, 2,5): Django's `lt` formats with a space between thousands.
FORMAT_MODULE_PATH = ["vvg_portal.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded files (the VVG's logo). In production nginx serves /media/ from MEDIA_ROOT (deploy/nginx.conf).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "") or BASE_DIR / "media")
# Django serves /media/ itself while developing and in tests; in production nginx does, far faster.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

# Files served at the site's root (favicon.ico, robots.txt) by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# Four eyes: the person who submitted a progress report may not approve it. Off for small offices.
FOUR_EYES = env_bool("FOUR_EYES", False)

FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Production: HTTPS, cookies, sessions, headers -----------------------------------------------------
# Behind a reverse proxy (nginx) that terminates HTTPS and sets X-Forwarded-Proto. Only turn this on when
# such a proxy is in front: otherwise a client could claim HTTPS with the header.
if env_bool("SECURE_PROXY_SSL_HEADER", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The language choice too: only over HTTPS in production, never sent along by other sites' forms, not for scripts.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A working day: a forgotten session on a shared computer does not stay open for two weeks.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)

# Request bodies: forms stay small; the one upload (the workbook) checks its own type and 25 MB limit and is
# streamed to a temporary file above 2.5 MB. nginx's client_max_body_size caps the whole request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Content-Security-Policy (django-csp): no inline script anywhere, only the portal's own files.
# Styles: `style-src-attr 'unsafe-inline'` lets the progress bars keep their data-driven `style="width: …"`
# (the bar's length is the figure; a class per width would be 10 000 classes). Style attributes cannot run
# code, the values are numbers from the progress module, and <style> elements stay forbidden.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],  # Bootstrap draws its small icons as data: SVGs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): 5 wrong passwords for one username from one address lock them for 15 minutes;
# 20 wrong passwords from one address, whatever the usernames (password spraying), lock the address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "vvg_portal.login_throttle.AddressThrottleHandler"
AXES_LOCKOUT_CALLABLE = "vvg_portal.errors.locked_out"
# The client's address (django-ipware). Behind nginx every connection comes from 127.0.0.1, so the address is
# read from X-Forwarded-For, which deploy/nginx.conf *replaces* with the one address nginx saw
# (`proxy_set_header X-Forwarded-For $remote_addr`): the header holds the client alone, no proxy after it
# (proxy count 0, and a header holding anything else is not trusted), and no client can forge it.
# Without the proxy (development) the connection's own address counts.
if env_bool("SECURE_PROXY_SSL_HEADER", not DEBUG):
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = 0
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Public pages for anonymous visitors are kept in the cache, keyed on a one-query fingerprint of the data
# (vvg_portal/page_cache.py). Off with DEBUG: templates change while developing, the fingerprint cannot see that.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 0 if DEBUG else 300)
# Each worker asks for the fingerprint at most once a second: a change shows within that second.
PUBLIC_PAGE_FINGERPRINT_SECONDS = env_int("PUBLIC_PAGE_FINGERPRINT_SECONDS", 1)

# --- Open data: the JSON API and the list of operations -----------------------------------------------
# API answers and the open data files are kept in the cache under the data fingerprint, like the public pages.
OPEN_DATA_CACHE_SECONDS = env_int("OPEN_DATA_CACHE_SECONDS", 0 if DEBUG else 300)
# Requests per client address, e.g. 60/min or 1000/hour (Django REST framework's throttle rates).
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/min")
if not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", API_THROTTLE_RATE):
    raise ImproperlyConfigured(f"API_THROTTLE_RATE must be like 120/min or 1000/hour, not {API_THROTTLE_RATE!r}")

REST_FRAMEWORK = {
    # Read-only and public: nobody signs in to the API, so every client is throttled by its address.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["opendata.api.throttling.AddressRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "opendata.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": None,
    # Behind nginx the client's address is the last one X-Forwarded-For names; without a proxy, the socket's.
    "NUM_PROXIES": 1 if env_bool("SECURE_PROXY_SSL_HEADER", not DEBUG) else 0,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "VVG portal API",
    "DESCRIPTION": (
        "Read-only open data of the local action group: its strategies with their targets and progress, "
        "projects, organisations, target groups and the approved figures of each project by period. "
        "Only approved progress reports count; figures are as of today unless `as_of` says otherwise. "
        "Licence: CC BY 4.0."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to the public validator: the page works without the internet and within the CSP.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None, "defaultModelsExpandDepth": 0},
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "projects.models.Project.Status",
        "StrategyStatusEnum": "strategies.models.Strategy.Status",
        "IndicatorStatusEnum": "opendata.api.serializers.INDICATOR_STATUSES",
    },
}

# Anyone may read the API and the open data files from a page of their own (django-cors-headers): GET only,
# no cookies.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api/|(en/)?atviri-duomenys/operacijos\.)"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
