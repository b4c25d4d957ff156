"""Faults: a 503 page while the database does not answer, recovery when it returns, /healthz, error pages."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connections
from django.test import Client

from vvg_portal.errors import server_error

from .conftest import make_indicator, make_node, make_project, make_report, make_strategy


@contextmanager
def database_down(monkeypatch):
    def refuse():
        raise OperationalError("could not connect to server: Connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "ensure_connection", refuse)
        yield


@pytest.fixture
def strategy(db):
    strategy = make_strategy(title="Utenos strategija")
    node = make_node(strategy, "1")
    make_indicator(node, name="Dalyviai", target=100, headline=True)
    make_report(make_project(node), "2023-01-01", "2023-03-31", participants=40)
    return strategy


def test_pages_answer_503_while_the_database_is_unreachable_and_recover(client, strategy, monkeypatch):
    with database_down(monkeypatch):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert "Laikinai neveikia" in text
    assert "Traceback" not in text and "OperationalError" not in text
    assert "css/portal.css" in text  # the portal's own style

    response = client.get("/")
    assert response.status_code == 200
    assert "Utenos strategija" in response.content.decode()


def test_a_database_error_outside_a_view_answers_503_too(client, strategy, monkeypatch, settings):
    # The page cache asks the database for its fingerprint in a middleware, before any view runs.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.PUBLIC_PAGE_FINGERPRINT_SECONDS = 0
    with database_down(monkeypatch):
        response = Client(raise_request_exception=False).get("/projektai/")
    assert response.status_code == 503
    assert "Laikinai neveikia" in response.content.decode()


def test_logged_in_users_get_the_503_page_too(staff_client, monkeypatch):
    with database_down(monkeypatch):
        response = staff_client.get("/darbas/")
    assert response.status_code == 503


def test_healthz_says_whether_the_database_answers(client, db, monkeypatch):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"database": "ok"})
    with database_down(monkeypatch):
        response = client.get("/healthz")
    assert (response.status_code, response.json()) == (503, {"database": "unavailable"})
    assert client.get("/healthz").json() == {"database": "ok"}


def test_ping_needs_no_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/ping")
    assert response.content == b"ok"


def test_the_404_page_is_friendly(client, db):
    response = client.get("/nera-tokio-puslapio/")
    assert response.status_code == 404
    assert "Puslapis nerastas" in response.content.decode()


def test_the_403_page_is_friendly(client, outsider):
    client.force_login(outsider)
    response = client.get("/darbas/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "Prieiga uždrausta" in text
    assert "VVG administracijos" in text


def test_the_500_page_is_friendly(client, strategy, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("public.strategy_views.strategy_progress", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Kažkas nepavyko" in text
    assert "a bug" not in text and "Traceback" not in text


def test_the_500_page_renders_without_the_database(rf, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Kažkas nepavyko" in response.content.decode()
