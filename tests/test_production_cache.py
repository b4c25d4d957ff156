"""The public pages come from the cache for anonymous visitors until the data change."""

import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.http import HttpResponse
from django.test import Client

from participants.models import ProgressReport
from participants.services import report_approve
from progress.fingerprint import data_fingerprint
from strategies.models import Indicator
from vvg_portal import page_cache as page_cache_module

from .conftest import make_indicator, make_node, make_project, make_report, make_strategy


@pytest.fixture
def page_cache(settings, cache_backend):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.PUBLIC_PAGE_FINGERPRINT_SECONDS = 0  # ask the database on every request
    page_cache_module._recent.update(fingerprint=None, taken=0.0)
    yield
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


def test_saving_the_vvgs_profile_changes_the_cached_pages(client, world, page_cache, staff):
    Client().get("/apie/")
    assert Client().get("/apie/")["X-Page-Cache"] == "hit"
    staff_client = Client()
    staff_client.force_login(staff)
    version = staff_client.get("/darbas/profilis/").context["form"]["version"].value()
    saved = staff_client.post(
        "/darbas/profilis/", {"name": "Rokiškio VVG", "funding_statement": "Bendrai finansuoja", "version": version}
    )
    assert saved.status_code == 302
    response = Client().get("/apie/")
    assert "X-Page-Cache" not in response
    assert "Rokiškio VVG" in response.content.decode()


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


def test_a_cached_form_gets_each_visitors_own_csrf_token(rf):
    first = HttpResponse(b'<input type="hidden" name="csrfmiddlewaretoken" value="first-visitors">')
    stored = page_cache_module._to_cache(first)
    assert b"first-visitors" not in stored["content"]
    request = rf.get("/")
    served = page_cache_module._from_cache(request, stored).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', served).group(1)
    assert token != "first-visitors"
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]  # the visitor gets the cookie that goes with it


def test_a_visitor_of_the_public_pages_gets_no_cookie(world, page_cache):
    """The language is in the address (no form, no CSRF cookie); no session without a login."""
    for url in ["/", "/en/", "/projektai/", "/apie/"]:
        assert Client().get(url).cookies == {}
        assert Client().get(url).cookies == {}  # from the cache too


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
