"""The public pages come from the cache for anonymous visitors until the data change."""

import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.cache import cache
from django.test import Client

from participants.models import ProgressReport
from participants.services import report_approve
from strategies.models import Indicator
from vvg_portal import page_cache as page_cache_module
from vvg_portal.page_cache import data_fingerprint

from .conftest import make_indicator, make_node, make_project, make_report, make_strategy


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.PUBLIC_PAGE_FINGERPRINT_SECONDS = 0  # ask the database on every request
    cache.clear()
    page_cache_module._recent.update(fingerprint=None, taken=0.0)
    yield
    cache.clear()
    page_cache_module._recent.update(fingerprint=None, taken=0.0)


@pytest.fixture
def world(db):
    strategy = make_strategy(title="Utenos strategija")
    node = make_node(strategy, "1")
    make_indicator(node, name="Dalyviai", target=100, headline=True)
    project = make_project(node, title="Gera būti")
    make_report(project, "2023-01-01", "2023-03-31", participants=40)
    pending = make_report(project, "2023-04-01", "2023-06-30", status=ProgressReport.Status.SUBMITTED, participants=25)
    return strategy, pending


def _achieved(response):
    return re.findall(r'<strong class="figure-number">(\d+)</strong>', response.content.decode())


def test_a_repeated_page_comes_from_the_cache_in_one_query(client, world, page_cache, django_assert_num_queries):
    strategy, _pending = world
    url = f"/strategijos/{strategy.code}/"
    first = client.get(url)
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(1):  # the data fingerprint
        again = Client().get(url)
    assert again["X-Page-Cache"] == "hit"
    assert _achieved(again) == _achieved(first) == ["40"]
    assert "Content-Security-Policy" in again


def test_approving_a_report_changes_the_cached_page(client, world, page_cache, staff):
    strategy, pending = world
    url = f"/strategijos/{strategy.code}/"
    assert _achieved(client.get(url)) == ["40"]
    assert client.get(url)["X-Page-Cache"] == "hit"
    before = data_fingerprint()

    report_approve(report=pending, user=staff)

    assert data_fingerprint() != before
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert _achieved(response) == ["65"]


def test_the_fingerprint_is_asked_once_a_second_per_process(
    client, world, page_cache, settings, staff, monkeypatch, django_assert_num_queries
):
    strategy, pending = world
    settings.PUBLIC_PAGE_FINGERPRINT_SECONDS = 1
    clock = [1000.0]
    monkeypatch.setattr(page_cache_module.time, "monotonic", lambda: clock[0])
    url = f"/strategijos/{strategy.code}/"
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url)["X-Page-Cache"] == "hit"
    report_approve(report=pending, user=staff)
    assert _achieved(client.get(url)) == ["40"]  # within the second
    clock[0] += 1
    assert _achieved(client.get(url)) == ["65"]


def test_logged_in_users_always_get_a_fresh_page(staff_client, world, page_cache):
    strategy, _pending = world
    staff_client.get("/")
    assert "X-Page-Cache" not in staff_client.get("/")


def test_each_visitor_gets_a_csrf_token_of_their_own(world, page_cache):
    Client().get("/")
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/")
    assert page["X-Page-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = visitor.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_the_cache_is_off_unless_configured(client, world, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


def test_the_fingerprint_sees_admin_edits_and_new_rows(world, staff):
    strategy, _pending = world
    before = data_fingerprint()
    make_node(strategy, "2")
    after_node = data_fingerprint()
    assert after_node != before

    indicator = Indicator.objects.get()
    indicator.target = 150
    indicator.save()
    assert data_fingerprint() == after_node  # a change the fingerprint cannot see by itself…
    LogEntry.objects.log_actions(
        user_id=staff.pk, queryset=[indicator], action_flag=CHANGE, change_message="target", single_object=True
    )
    assert data_fingerprint() != after_node  # …is seen through the admin's log
