"""Personas, small `make_*` helpers and the browser set-up shared by every test.

Data is built explicitly in each test; the demo fixtures are for the demo, not for tests.
"""

import datetime
import os
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation

from common.roles import BOARD_GROUP, STAFF_GROUP
from participants.models import ProgressReport, ReportBreakdown
from projects.models import Organisation, Project
from strategies.models import Indicator, Node, Strategy, TargetGroup

# Playwright runs an event loop in the test thread; Django's ORM refuses that unless told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    }


def axe_violations(page):
    """axe-core's accessibility violations on the page as it is now: [{id, nodes}], empty when none."""
    violations = Axe().run(page).response["violations"]
    return [{"id": v["id"], "nodes": [node["target"] for node in v["nodes"]]} for v in violations]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected as a script, which the portal's Content-Security-Policy rightly refuses;
    # tests/browser/test_content_security_policy.py checks the pages under the real policy.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Lithuanian: a request to an /en/ page leaves English active in the thread."""
    translation.activate("lt")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads (the logo) go to a folder of the test's own, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- personas ----------------------------------------------------------------------------------------


def _user(username, group_name=None, **extra):
    user = get_user_model().objects.create_user(username=username, password="pass-for-tests", **extra)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def staff(db):
    return _user("vida", STAFF_GROUP, first_name="Vida", last_name="Darbuotoja", is_staff=True)


@pytest.fixture
def board_member(db):
    return _user("valdas", BOARD_GROUP, first_name="Valdas", last_name="Valdybietis")


@pytest.fixture
def outsider(db):
    return _user("jonas")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def board_client(client, board_member):
    client.force_login(board_member)
    return client


# --- builders ----------------------------------------------------------------------------------------


def make_strategy(code="2023-2029", start_year=2023, end_year=2029, status=Strategy.Status.IN_FORCE, **fields):
    fields.setdefault("title", f"Strategija {code}")
    return Strategy.objects.create(code=code, start_year=start_year, end_year=end_year, status=status, **fields)


def make_node(strategy, code, parent=None, title=None, **fields):
    return Node.objects.create(strategy=strategy, parent=parent, code=code, title=title or f"Veiksmas {code}", **fields)


def make_indicator(owner, name="Dalyviai", unit=Indicator.Unit.PARTICIPANTS, **fields):
    """An indicator of a strategy (owner is a Strategy) or of a node (owner is a Node)."""
    if isinstance(owner, Node):
        fields.update(strategy=owner.strategy, node=owner)
    else:
        fields.update(strategy=owner)
    fields.setdefault("source", Indicator.Source.REPORTED)
    if fields["source"] == Indicator.Source.REPORTED:
        fields.setdefault("figure", Indicator.Figure.PARTICIPANTS)
    for key in ("target", "target_max"):
        if fields.get(key) is not None:
            fields[key] = Decimal(str(fields[key]))
    return Indicator.objects.create(name=name, unit=unit, **fields)


def make_organisation(name="Utenos švietimo centras", **fields):
    return Organisation.objects.create(name=name, **fields)


def make_target_group(name="Senjorai", name_en="Seniors", slug=None, **fields):
    from django.utils.text import slugify

    return TargetGroup.objects.create(name=name, name_en=name_en, slug=slug or slugify(name), **fields)


def make_project(node, title="Gera būti", promoter=None, status=Project.Status.IN_PROGRESS, **fields):
    if promoter is None:
        promoter = Organisation.objects.first() or make_organisation()
    return Project.objects.create(node=node, title=title, promoter=promoter, status=status, **fields)


def make_report(project, start, end, status=ProgressReport.Status.APPROVED, breakdown=None, **figures):
    """A progress report; dates as 'YYYY-MM-DD', `breakdown` as {TargetGroup: participants}."""
    for key in ("jobs_created", "jobs_retained", "spent"):
        if figures.get(key) is not None:
            figures[key] = Decimal(str(figures[key]))
    report = ProgressReport.objects.create(
        project=project,
        period_start=datetime.date.fromisoformat(start),
        period_end=datetime.date.fromisoformat(end),
        status=status,
        **figures,
    )
    for group, count in (breakdown or {}).items():
        ReportBreakdown.objects.create(report=report, target_group=group, participants=count)
    return report


def inline(prefix, rows=(), initial=0):
    """POST data of an inline formset `prefix` with `rows` (dicts of field values), `initial` of them saved."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


# --- caches --------------------------------------------------------------------------------------------


def _redis_test_url():
    """A Redis database of this test process's own (the tests clear it), on the machine's Redis."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    number = 2 + int(worker[2:] or 0) if worker.startswith("gw") and worker[2:].isdigit() else 2
    return f"redis://127.0.0.1:6379/{number}"


def _redis_answers(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """The default cache on each backend `CACHE_URL` can name, empty at the start and the end of the test."""
    from django.core.cache import cache

    from vvg_portal.settings import cache_from_url

    url = "locmem://" if request.param == "locmem" else _redis_test_url()
    if request.param == "redis" and not _redis_answers(url):
        # CI sets REQUIRE_REDIS: there a missing Redis fails the run instead of passing it by with a skip
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"REQUIRE_REDIS is set, and no Redis answers at {url}")
        pytest.skip(f"no Redis answers at {url} (set REQUIRE_REDIS to make that a failure)")
    settings.CACHES = {"default": cache_from_url(url)}
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: API throttles, cached pages and PDFs never carry over between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_in_the_request(settings):
    """Background tasks run at once, inside the request that enqueues them, unless a test picks another backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
