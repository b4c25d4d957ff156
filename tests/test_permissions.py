"""Who may do what, for every named URL of the portal.

Every URL name the resolver knows (but the admin's and set_language) must be in ACCESS, so a new page
cannot ship without saying who may open it. Anonymous visitors of staff pages are sent to log in;
board members read everything and get 403 on every change; staff may do all of it.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jobs.models import Job
from participants.models import ProgressReport
from projects.models import Organisation, Project
from reports.documents import report_params
from strategies.models import Milestone

from .conftest import make_node, make_organisation, make_project, make_report, make_strategy, make_target_group

Status = ProgressReport.Status

OK = 200
LOGIN = "login"  # 302 to the log-in page
DENIED = 403
NOT_ALLOWED = 405
DONE = "done"  # 302 somewhere else than the log-in page: the change was made
INVALID = 400

PUBLIC = {"anonymous": OK, "board": OK, "staff": OK}
READ = {"anonymous": LOGIN, "board": OK, "staff": OK}  # staff and board read it
CHANGE_FORM = {"anonymous": LOGIN, "board": DENIED, "staff": OK}  # a form only staff may open or post
POST_ONLY_GET = {"anonymous": LOGIN, "board": DENIED, "staff": NOT_ALLOWED}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hundreds of cases each create two users: the default hasher would spend minutes on purpose-slow hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _all(code):
    return {"anonymous": code, "board": code, "staff": code}


# name: (kwargs from the world, {method: {persona: expected}}, POST data from the world)
ACCESS = {
    # public pages
    "strategies:home": (None, {"get": PUBLIC}),
    "strategies:list": (None, {"get": PUBLIC}),
    "strategies:detail": (lambda w: {"code": w["strategy"].code}, {"get": PUBLIC}),
    "strategies:node": (lambda w: {"code": w["strategy"].code, "node_code": w["node"].code}, {"get": PUBLIC}),
    "strategies:years": (lambda w: {"code": w["strategy"].code}, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "projects:list": (None, {"get": PUBLIC}),
    "projects:csv": (None, {"get": PUBLIC}),
    "projects:detail": (lambda w: {"slug": w["project"].slug}, {"get": PUBLIC}),
    "projects:organisation-list": (None, {"get": PUBLIC}),
    "projects:organisation": (lambda w: {"slug": w["promoter"].slug}, {"get": PUBLIC}),
    "reports:strategy-pdf": (lambda w: {"code": w["strategy"].code}, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "reports:project-pdf": (lambda w: {"slug": w["project"].slug}, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    # open data: the page, the list of operations and the read-only JSON API (a change is refused with a 405)
    "opendata:index": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "opendata:operations-csv": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "opendata:operations-xlsx": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "opendata:operations-json": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:root": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:schema": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:docs": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:strategy-list": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:strategy": (lambda w: {"code": w["strategy"].code}, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:node-list": (lambda w: {"code": w["strategy"].code}, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:strategy-years": (lambda w: {"code": w["strategy"].code}, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:node": (
        lambda w: {"code": w["strategy"].code, "node_code": w["node"].code},
        {"get": PUBLIC, "post": _all(NOT_ALLOWED)},
    ),
    "api:project-list": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:project": (lambda w: {"slug": w["project"].slug}, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:project-periods": (lambda w: {"slug": w["project"].slug}, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:organisation-list": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:organisation": (lambda w: {"slug": w["promoter"].slug}, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:target-group-list": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "api:not-found": (None, {"get": _all(404), "post": _all(404)}),
    # health checks for the proxy and the load benchmark
    # a failed background PDF may be started again by whoever sees it (its key is not guessable)
    "jobs:retry": (lambda w: {"key": w["failed_job"].key}, {"get": _all(NOT_ALLOWED), "post": _all(DONE)}),
    "healthz": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "ping": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    # accounts
    "login": (None, {"get": PUBLIC, "post": PUBLIC}),  # a wrong password shows the form again
    "logout": (None, {"get": _all(NOT_ALLOWED), "post": _all(DONE)}),
    "password_change": (None, {"get": READ, "post": READ}),
    "password_change_done": (None, {"get": READ}),
    # board reports
    "reports:form": (None, {"get": READ, "post": _all(NOT_ALLOWED)}),
    "reports:board-report": (
        None,
        {"get": READ, "post": _all(NOT_ALLOWED)},
        lambda w: {"strategy": w["strategy"].code, "language": "lt"},
    ),
    # the workspace: reports
    "participants:dashboard": (None, {"get": READ}),
    "participants:after-login": (None, {"get": {"anonymous": LOGIN, "board": DONE, "staff": DONE}}),
    "participants:report-list": (None, {"get": READ}),
    "participants:report-detail": (lambda w: {"pk": w["submitted"].pk}, {"get": READ}),
    "participants:report-history": (lambda w: {"pk": w["submitted"].pk}, {"get": READ}),
    "participants:report-create": (lambda w: {"slug": w["project"].slug}, {"get": CHANGE_FORM, "post": CHANGE_FORM}),
    "participants:report-edit": (lambda w: {"pk": w["draft"].pk}, {"get": CHANGE_FORM, "post": CHANGE_FORM}),
    "participants:report-submit": (
        lambda w: {"pk": w["draft"].pk},
        {"get": POST_ONLY_GET, "post": {"anonymous": LOGIN, "board": DENIED, "staff": DONE}},
        lambda w: {"version": w["draft"].version},
    ),
    # GET asks for confirmation on a page of its own; the form there posts the step.
    "participants:report-approve": (
        lambda w: {"pk": w["submitted"].pk},
        {"get": CHANGE_FORM, "post": {"anonymous": LOGIN, "board": DENIED, "staff": DONE}},
        lambda w: {"version": w["submitted"].version},
    ),
    "participants:report-return": (
        lambda w: {"pk": w["submitted"].pk},
        {"get": CHANGE_FORM, "post": {"anonymous": LOGIN, "board": DENIED, "staff": DONE}},
        lambda w: {"version": w["submitted"].version, "comment": "Pataisykite."},
    ),
    "participants:report-delete": (
        lambda w: {"pk": w["draft"].pk},
        {"get": CHANGE_FORM, "post": {"anonymous": LOGIN, "board": DENIED, "staff": DONE}},
        lambda w: {"version": w["draft"].version},
    ),
    # the workspace: projects and organisations
    "projects_staff:project-list": (None, {"get": READ}),
    "projects_staff:project-detail": (lambda w: {"slug": w["project"].slug}, {"get": READ}),
    "projects_staff:project-history": (lambda w: {"slug": w["project"].slug}, {"get": READ}),
    "projects_staff:project-create": (None, {"get": CHANGE_FORM, "post": CHANGE_FORM}),
    "projects_staff:project-edit": (lambda w: {"slug": w["project"].slug}, {"get": CHANGE_FORM, "post": CHANGE_FORM}),
    "projects_staff:project-delete": (
        lambda w: {"slug": w["spare_project"].slug},
        {"get": CHANGE_FORM, "post": {"anonymous": LOGIN, "board": DENIED, "staff": DONE}},
        lambda w: {"version": w["spare_project"].version},
    ),
    "projects_staff:organisation-list": (None, {"get": READ}),
    "projects_staff:organisation-history": (lambda w: {"slug": w["promoter"].slug}, {"get": READ}),
    "projects_staff:organisation-create": (None, {"get": CHANGE_FORM, "post": CHANGE_FORM}),
    "projects_staff:organisation-edit": (
        lambda w: {"slug": w["spare"].slug},
        {"get": CHANGE_FORM, "post": CHANGE_FORM},
    ),
    "projects_staff:organisation-delete": (
        lambda w: {"slug": w["spare"].slug},
        {"get": CHANGE_FORM, "post": {"anonymous": LOGIN, "board": DENIED, "staff": DONE}},
        lambda w: {"version": w["spare"].version},
    ),
    # the workspace: milestones
    "strategies_staff:strategy-list": (None, {"get": READ}),
    "strategies_staff:milestones-edit": (
        lambda w: {"code": w["strategy"].code},
        {"get": CHANGE_FORM, "post": CHANGE_FORM},
    ),
    # the VVG's profile and its pages' texts
    "profile:edit": (None, {"get": CHANGE_FORM, "post": CHANGE_FORM}),
    "profile:pages": (None, {"get": CHANGE_FORM, "post": CHANGE_FORM}),
    "pages:about": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "pages:accessibility": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    "pages:privacy": (None, {"get": PUBLIC, "post": _all(NOT_ALLOWED)}),
    # spreadsheets: staff only (the export too, for now)
    "workbooks:upload": (None, {"get": CHANGE_FORM, "post": CHANGE_FORM}),
    "workbooks:import-job": (
        lambda w: {"key": w["import_job"].key},
        {"get": CHANGE_FORM, "post": {"anonymous": LOGIN, "board": DENIED, "staff": NOT_ALLOWED}},
    ),
    "workbooks:preview": (
        lambda w: {"token": "x" * 32},  # unknown: staff are sent back to upload again
        {
            "get": {"anonymous": LOGIN, "board": DENIED, "staff": DONE},
            "post": {"anonymous": LOGIN, "board": DENIED, "staff": NOT_ALLOWED},
        },
    ),
    "workbooks:confirm": (None, {"get": POST_ONLY_GET, "post": {"anonymous": LOGIN, "board": DENIED, "staff": DONE}}),
    "workbooks:export": (
        None,
        {"get": CHANGE_FORM, "post": {"anonymous": LOGIN, "board": DENIED, "staff": NOT_ALLOWED}},
    ),
}

SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"set_language"}


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            if full in SKIPPED_NAMESPACES:
                continue
            yield from _url_names(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in SKIPPED_NAMES:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_of_the_portal_is_in_the_table():
    names = set(_url_names(get_resolver().url_patterns))
    assert names - set(ACCESS) == set(), "add these URL names to ACCESS"
    assert set(ACCESS) - names == set(), "these URL names no longer exist"


@pytest.fixture
def world(db):
    strategy = make_strategy()
    node = make_node(strategy, "1.1.1")
    promoter = make_organisation("Utenos švietimo centras")
    project = make_project(
        node,
        "Gera būti",
        promoter=promoter,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    project.project_target_groups.create(target_group=make_target_group(), planned_participants=20)
    return {
        "strategy": strategy,
        "node": node,
        "promoter": promoter,
        "spare": make_organisation("Niekur nedalyvaujanti asociacija"),
        "project": project,
        # a project without approved reports: one with them is kept (tests/test_workspace_projects.py)
        "spare_project": make_project(node, "Atidėtas projektas", promoter=promoter),
        "draft": make_report(project, "2024-01-01", "2024-03-31", status=Status.DRAFT, participants=5),
        "submitted": make_report(project, "2024-04-01", "2024-06-30", status=Status.SUBMITTED, participants=7),
        "approved": make_report(project, "2024-07-01", "2024-09-30", status=Status.APPROVED, participants=9),
        "failed_job": Job.objects.create(
            key="f" * 64,
            kind="pdf",
            status=Job.Status.FAILED,
            task="reports.tasks.render_report",
            params=report_params(strategy, board=False),
        ),
        "import_job": Job.objects.create(
            key="i" * 64, kind="import", status=Job.Status.DONE, task="workbooks.tasks.apply_import"
        ),
    }


def _state():
    """What a refused change must leave as it was."""
    return (
        sorted(ProgressReport.objects.values_list("pk", "status", "version", "participants")),
        sorted(Project.objects.values_list("pk", "title", "status")),
        sorted(Organisation.objects.values_list("pk", "name")),
        sorted(Milestone.objects.values_list("pk", "date", "value")),
    )


def _cases():
    for name, (_kwargs, expected, *_data) in ACCESS.items():
        for method, by_persona in expected.items():
            for persona, code in by_persona.items():
                yield pytest.param(name, method, persona, code, id=f"{name}-{method}-{persona}")


@pytest.mark.parametrize(("name", "method", "persona", "expected"), list(_cases()))
def test_access(client, staff, board_member, world, name, method, persona, expected):
    if persona != "anonymous":
        client.force_login({"staff": staff, "board": board_member}[persona])
    kwargs_of, _expected, *data_of = ACCESS[name]
    url = reverse(name, kwargs=kwargs_of(world) if kwargs_of else None)
    data = data_of[0](world) if data_of else {}
    before = _state()
    response = getattr(client, method)(url, data)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(f"/paskyra/login/?next={url}")
    elif expected == DONE:
        assert response.status_code == 302
        assert not response["Location"].startswith("/paskyra/login/")
    else:
        assert response.status_code == expected
    if expected in (LOGIN, DENIED, NOT_ALLOWED) and name != "logout":
        assert _state() == before  # nothing changed


def _head_cases():
    for name, (_kwargs, expected, *_data) in ACCESS.items():
        for persona, code in expected.get("get", {}).items():
            yield pytest.param(name, persona, code, id=f"{name}-head-{persona}")


@pytest.mark.parametrize(("name", "persona", "expected"), list(_head_cases()))
def test_head_is_answered_wherever_get_is(client, staff, board_member, world, name, persona, expected):
    if persona != "anonymous":
        client.force_login({"staff": staff, "board": board_member}[persona])
    kwargs_of, _expected, *data_of = ACCESS[name]
    url = reverse(name, kwargs=kwargs_of(world) if kwargs_of else None)
    response = client.head(url, data_of[0](world) if data_of else {})
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(f"/paskyra/login/?next={url}")
    elif expected == DONE:
        assert response.status_code == 302
        assert not response["Location"].startswith("/paskyra/login/")
    else:
        assert response.status_code == expected
    assert response.content == b""


def test_a_logged_in_user_without_a_role_reads_nothing_of_the_workspace(client, outsider, world):
    client.force_login(outsider)
    assert client.get("/darbas/").status_code == 403
    assert client.get(f"/darbas/ataskaitos/{world['submitted'].pk}/").status_code == 403
    assert client.get("/darbas/projektai/").status_code == 403
    assert client.post(f"/darbas/ataskaitos/{world['submitted'].pk}/patvirtinti/").status_code == 403


def _report(world, key):
    return ProgressReport.objects.filter(pk=world[key].pk).first()


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# What each DONE row of the table must have done, checked after staff's request: (response, world, state before).
EFFECTS = {
    "logout": lambda response, world, before: "_auth_user_id" not in response.wsgi_request.session,
    # started again (tasks run at once in tests): the PDF is rendered this time
    "jobs:retry": lambda response, world, before: bytes(Job.objects.get(key="f" * 64).content).startswith(b"%PDF"),
    "participants:report-submit": lambda response, world, before: _report(world, "draft").status == Status.SUBMITTED,
    "participants:report-approve": lambda response, world, before: (
        (_report(world, "submitted").status, _report(world, "submitted").approved_by.username)
        == (Status.APPROVED, "vida")
    ),
    "participants:report-return": lambda response, world, before: (
        (_report(world, "submitted").status, _report(world, "submitted").return_comment)
        == (Status.RETURNED, "Pataisykite.")
    ),
    "participants:report-delete": lambda response, world, before: _report(world, "draft") is None,
    "projects_staff:project-delete": lambda response, world, before: (
        not Project.objects.filter(pk=world["spare_project"].pk).exists()
    ),
    "projects_staff:organisation-delete": lambda response, world, before: (
        not Organisation.objects.filter(pk=world["spare"].pk).exists()
    ),
    # No upload waits for confirmation: the staff member is told so and nothing is imported.
    "workbooks:confirm": lambda response, world, before: (
        _messages(response) == ["Įkeltas failas nebegalioja. Įkelkite jį dar kartą."] and _state() == before
    ),
}


def _done_rows():
    return sorted(
        name for name, (_kwargs, expected, *_data) in ACCESS.items() if expected.get("post", {}).get("staff") == DONE
    )


def test_every_change_the_table_calls_done_has_its_effect_checked():
    assert sorted(EFFECTS) == _done_rows()


@pytest.mark.parametrize("name", _done_rows())
def test_staff_changes_do_what_they_say(staff_client, world, name):
    """The DONE rows of the table, checked for their effect and not only their status code."""
    kwargs_of, _expected, *data_of = ACCESS[name]
    url = reverse(name, kwargs=kwargs_of(world) if kwargs_of else None)
    before = _state()
    response = staff_client.post(url, data_of[0](world) if data_of else {})
    assert response.status_code == 302
    assert EFFECTS[name](response, world, before)
