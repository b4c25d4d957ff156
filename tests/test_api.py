"""The JSON API: the public pages' data and figures, nothing unpublished, clear errors, CORS, throttle, cache."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from common.templatetags.portal import num, percent
from participants.models import ProgressReport
from participants.services import report_approve
from progress.calculation import strategy_years
from projects.models import Organisation, ProjectPartner, ProjectTargetGroup
from strategies.models import Strategy

from .conftest import make_node, make_organisation, make_project, make_report, make_target_group
from .opendata_helpers import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Each test starts with an empty cache (the throttle counts in it) and a rate it cannot reach."""
    settings.API_THROTTLE_RATE = "10000/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    return build_world()


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response["Content-Type"].startswith("application/json"), (url, response.status_code)
    return response, json.loads(response.content)


def all_answers(client, world):
    """The text of every API answer about the world's public data."""
    urls = [
        "/api/v1/strategies/",
        "/api/v1/strategies/2023-2029/",
        "/api/v1/strategies/2023-2029/nodes/",
        "/api/v1/strategies/2023-2029/nodes/1.1.1/",
        "/api/v1/projects/",
        "/api/v1/projects/?q=a",
        f"/api/v1/projects/{world['gera'].slug}/",
        f"/api/v1/projects/{world['gera'].slug}/periods/",
        f"/api/v1/projects/{world['farm'].slug}/",
        "/api/v1/organisations/",
        f"/api/v1/organisations/{world['school'].slug}/",
        "/api/v1/target-groups/",
    ]
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        answers[url] = response.content.decode()
    return answers


def test_the_root_says_where_everything_is(client, world):
    _response, data = get(client, "/api/v1/")
    assert data["docs"] == "http://testserver/api/v1/docs/"
    assert data["projects"] == "http://testserver/api/v1/projects/"
    assert data["operations_csv"] == "http://testserver/atviri-duomenys/operacijos.csv"
    assert data["licence"] == "CC BY 4.0"


# --- the figures are the pages' ---------------------------------------------------------------------------


def _page_indicators(html):
    """{indicator name: (achieved, achievement)} as the strategy page writes them."""
    found = {}
    for block in html.split('<div class="indicator-row">')[1:]:
        name = re.search(r'<p class="indicator-name mb-1"><strong>(.*?)</strong>', block).group(1)
        name = re.sub(r"<[^>]+>", "", name)  # a Lithuanian name on the English page is marked lang="lt"
        achieved = re.search(r'<strong class="figure-number">(.*?)</strong>', block).group(1)
        achievement = re.search(r'<span class="figure-number">\((.*?)\)</span>', block)
        found[name] = (achieved, achievement.group(1) if achievement else None)
    return found


def _api_indicators(data):
    items = list(data["indicators"])
    for node in data["nodes"]:
        items.extend(node["indicators"])
    with translation.override("en"):
        return {
            item["name"]: (
                num(item["achieved"]),
                None if item["achievement"] is None else percent(item["achievement"]),
            )
            for item in items
        }


@pytest.mark.parametrize("as_of", ["2023-08-31", "2024-12-31"])
def test_the_strategy_figures_are_the_strategy_pages_for_the_same_day(client, world, as_of):
    page = client.get(f"/en/strategijos/2023-2029/?data={as_of}").content.decode().replace("\u00a0", " ")
    _response, data = get(client, f"/api/v1/strategies/2023-2029/?as_of={as_of}")

    assert data["as_of"] == as_of
    on_page = _page_indicators(page)
    assert len(on_page) == 4
    assert _api_indicators(data) == on_page
    projects = re.search(r"Projects</dt><dd [^>]*><a [^>]*>(\d+) projects?</a>", page).group(1)
    assert data["project_count"] == int(projects) == 4


def test_the_figures_count_only_approved_reports_as_of_the_day(client, world):
    _response, early = get(client, "/api/v1/strategies/2023-2029/?as_of=2023-08-31")
    _response, late = get(client, "/api/v1/strategies/2023-2029/?as_of=2024-12-31")

    assert early["indicators"][0]["achieved"] == 70  # the first approved report of „Gera būti“
    assert late["indicators"][0]["achieved"] == 125  # both approved ones; not the submitted 500 or returned 600
    seniors = {node["code"]: node for node in late["nodes"]}["1.1.1"]["indicators"][0]
    assert (seniors["achieved"], seniors["achievement"], seniors["status"]) == (42, 105.0, "achieved")
    jobs = {node["code"]: node for node in late["nodes"]}["1.2.3"]["indicators"][0]
    assert (jobs["achieved"], jobs["achievement"], jobs["status"]) == (2.5, 100.0, "achieved")
    projects = {node["code"]: node for node in late["nodes"]}["1.1"]["indicators"][0]
    # Counted: „Gera būti“ only; the planned one is not selected, the terminated one does not count.
    assert (projects["achieved"], projects["target"], projects["target_max"]) == (1, 6, 7)
    assert late["status_counts"] == {
        "planned": 1,
        "selected": 0,
        "contract_signed": 0,
        "in_progress": 1,
        "completed": 1,
        "terminated": 1,
    }
    assert late["money"] == {
        "planned": 900000.0,
        "committed_grant": 155000.0,
        "committed_cost": 179850.0,
        "spent": 50000.0,
        "spent_share": 32.3,
    }


def test_a_node_has_its_progress_its_place_in_the_tree_and_its_classification(client, world):
    _response, data = get(client, "/api/v1/strategies/2023-2029/nodes/1.1.1/?as_of=2024-12-31")

    node = data["node"]
    assert (node["code"], node["parent"], data["ancestors"], node["children"]) == ("1.1.1", "1.1", ["1", "1.1"], [])
    assert (node["project_count"], node["counted_project_count"]) == (2, 1)  # „Gera būti“ and the terminated one
    assert node["figures"]["participants"] == 125
    # Inherited: the fund and rate from the strategy, the type of intervention from goal 1.
    assert (node["fund"], node["co_financing_rate"], node["intervention_type"]) == (
        "ESF+",
        85.0,
        "163 Socialinė integracija",
    )
    assert node["projects_url"].endswith(f"/api/v1/projects/?veiksmas={world['action'].pk}")
    _response, business = get(client, "/api/v1/strategies/2023-2029/nodes/1.2.3/")
    assert (business["node"]["fund"], business["node"]["co_financing_rate"]) == ("ERDF", 70.0)


def test_a_project_has_its_facts_and_its_approved_figures_by_period(client, world):
    gera = world["gera"]
    _response, project = get(client, f"/api/v1/projects/{gera.slug}/?as_of=2024-12-31")
    _response, periods = get(client, f"/api/v1/projects/{gera.slug}/periods/?as_of=2024-12-31")

    assert project["code"] == "08.6.1-ESFA-T-927-01-0525"
    assert project["promoter"]["name"] == "Utenos švietimo centras"
    assert project["partners"] == [
        {
            "organisation": {
                "name": "Utenos kraštotyros muziejus",
                "natural_person": False,
                "slug": "utenos-krastotyros-muziejus",
                "api_url": "http://testserver/api/v1/organisations/utenos-krastotyros-muziejus/",
            },
            "role": "ekskursijos",
        }
    ]
    assert project["location"] == "Utenos rajono savivaldybė"  # the VVG's, as the project gives none
    assert project["progress"]["participants"] == {"planned": 125.0, "achieved": 125.0, "achievement": 100.0}
    assert project["progress"]["target_groups"] == [
        {
            "slug": "senjorai",
            "name": "Senjorai",
            "name_en": "Seniors",
            "participants": {"planned": 40.0, "achieved": 42.0, "achievement": 105.0},
        }
    ]
    assert [(p["period_start"], p["period_end"], p["participants"], p["spent"]) for p in periods["results"]] == [
        ("2023-03-01", "2023-08-31", 70, 30000.0),
        ("2023-09-01", "2023-12-31", 55, 20000.0),
    ]
    assert periods["totals"]["participants"] == 125
    assert periods["results"][0]["achievements"] == "Stovykla įvyko."


def test_the_project_list_filters_and_searches_as_the_project_page_does(client, world):
    queries = ["", "q=jaunimui", "q=muziejus", "busena=completed", "grupe=senjorai", "metai=2024", "rikiuoti=-start"]
    queries += [f"veiksmas={world['social'].pk}", "organizacija=utenos-krastotyros-muziejus", "strategija=2023-2029"]
    for query in queries:
        page = client.get(f"/projektai/?{query}").content.decode()
        on_page = re.findall(r'class="h5 card-title"><a href="/projektai/([^/]+)/">', page)
        _response, data = get(client, f"/api/v1/projects/?{query}")
        assert [project["slug"] for project in data["results"]] == on_page, query
        assert data["count"] == len(on_page)


def test_the_project_list_gives_each_projects_approved_figures(client, world):
    _response, data = get(client, "/api/v1/projects/?q=Gera")
    (gera,) = data["results"]
    assert gera["achieved"]["participants"] == 125
    assert gera["achieved"]["reports"] == 2


# --- nothing unpublished -----------------------------------------------------------------------------------


def test_nothing_of_a_draft_strategy_is_published(client, world):
    secret = world["draft"].nodes.get().projects.get()
    hidden = make_organisation("Slapta bendrija")  # partner of the draft's project only: its name gives the draft away
    secret.partnerships.create(organisation=hidden, role="partnerė")
    for url in [
        "/api/v1/strategies/2030-2036/",
        "/api/v1/strategies/2030-2036/nodes/",
        "/api/v1/strategies/2030-2036/nodes/9.9/",
        f"/api/v1/projects/{secret.slug}/",
        f"/api/v1/projects/{secret.slug}/periods/",
        f"/api/v1/organisations/{hidden.slug}/",
    ]:
        response, data = get(client, url)
        assert response.status_code == 404, url
        assert data["detail"] in (
            "Šiuo adresu nieko neskelbiama; žr. /api/v1/docs/.",
            "Šioje strategijoje nėra elemento 9.9.",
        ), data
    _response, data = get(client, "/api/v1/projects/?strategija=2030-2036")
    assert "strategija" in data["errors"]  # not a strategy the public may choose
    text = "\n".join(all_answers(client, world).values())
    for unpublished in ("2030-2036", "Slapta", "SLAPTAS-1"):
        assert unpublished not in text
    # the draft's report counts 87 654 321 participants: no figure, alone or in a sum, reaches it
    assert max(_figures(json.loads(answer)) for answer in all_answers(client, world).values()) < 87654321


def _figures(data, key=None):
    """The largest number in an API answer, identifiers (codes, company codes) left out; Decimals come as text."""
    if isinstance(data, dict):
        return max((_figures(value, name) for name, value in data.items()), default=0)
    if isinstance(data, list):
        return max((_figures(value, key) for value in data), default=0)
    if key in ("code", "company_code", "operation_code", "postcode"):
        return 0
    if isinstance(data, bool):
        return 0
    if isinstance(data, int | float):
        return data
    if isinstance(data, str) and re.fullmatch(r"\d+(?:\.\d+)?", data):
        return float(data)
    return 0


def test_no_report_that_is_not_approved_shows_anywhere(client, world):
    text = "\n".join(all_answers(client, world).values())
    for words in ("LAUKIA", "GRĄŽINTA", "JUODRAŠTIS", "2024-01-01", "2024-04-01", "2024-07-01"):
        assert words not in text
    for figure in ('"participants":500', '"participants":600', '"participants":700', '"participants":625'):
        assert figure not in text.replace(" ", "")


def test_approving_a_report_shows_it_in_the_api(client, world, staff):
    pending = ProgressReport.objects.get(achievements="LAUKIA")
    report_approve(report=pending, user=staff)
    _response, data = get(client, f"/api/v1/projects/{world['gera'].slug}/periods/?as_of=2024-12-31")
    assert [period["participants"] for period in data["results"]] == [70, 55, 500]


def test_a_natural_person_is_published_by_an_anonymous_code_only(client, world):
    farmer = world["farmer"]
    _response, project = get(client, f"/api/v1/projects/{world['farm'].slug}/")
    assert project["promoter"] == {
        "name": f"FA-{farmer.pk:06d}",
        "natural_person": True,
        "slug": None,
        "api_url": None,
    }
    response, _data = get(client, f"/api/v1/organisations/{farmer.slug}/")
    assert response.status_code == 404
    text = "\n".join(all_answers(client, world).values())
    assert "Jonas" not in text and "Jonaitis" not in text and farmer.slug not in text


def test_no_contact_detail_is_published_that_the_pages_do_not_show(client, world):
    text = "\n".join(all_answers(client, world).values())
    for hidden in ("vida", "created_by", "approved_by", "return_comment", "history"):
        assert hidden not in text
    _response, school = get(client, f"/api/v1/organisations/{world['school'].slug}/")
    page = client.get(f"/organizacijos/{world['school'].slug}/").content.decode()
    assert school["email"] == "info@svietimo.lt" and "info@svietimo.lt" in page


# --- errors -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "parameter", "words"),
    [
        ("/api/v1/strategies/2023-2029/?as_of=2024-13-01", "as_of", "as_of=“2024-13-01”"),
        ("/api/v1/strategies/2023-2029/nodes/?as_of=vakar", "as_of", "as_of=“vakar”"),
        ("/api/v1/strategies/2023-2029/?as_of=0001-01-01", "as_of", "from 2000-01-01 to 2100-12-31, not 0001-01-01"),
        ("/api/v1/strategies/2023-2029/?as_of=2099-01-01", "as_of", "known up to today ("),
        (lambda w: f"/api/v1/projects/{w['gera'].slug}/periods/?as_of=31.12.2024", "as_of", "as_of=“31.12.2024”"),
        ("/api/v1/projects/?busena=vykdomas", "busena", "busena=“vykdomas”"),
        ("/api/v1/projects/?metai=0", "metai", "metai=“0”"),
        ("/api/v1/projects/?grupe=nera", "grupe", "grupe=“nera”"),
        ("/api/v1/projects/?puslapis=pirmas", "puslapis", "puslapis=“pirmas”"),
        ("/api/v1/organisations/?puslapis=0", "puslapis", "puslapis=“0”"),
        ("/api/v1/projects/?puslapis=1000000000", "puslapis", "a whole number from 1 to 999999999"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it_and_its_value(client, world, url, parameter, words):
    url = url(world) if callable(url) else url
    response, data = get(client, url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert list(data["errors"]) == [parameter]
    assert words in data["detail"]


def test_errors_are_in_lithuanian_unless_the_client_asks_for_english(client, world):
    _response, data = get(client, "/api/v1/projects/?busena=vykdomas")
    assert data["detail"].startswith("Parametras busena=„vykdomas“: Nurodykite tinkamą reikšmę.")
    response, data = get(client, "/api/v1/projects/?busena=vykdomas", HTTP_ACCEPT_LANGUAGE="en")
    assert data["detail"].startswith("Parameter busena=“vykdomas”: Select a valid choice.")
    assert response["Content-Language"] == "en"


def test_an_empty_as_of_means_today(client, world):
    response, data = get(client, "/api/v1/strategies/2023-2029/?as_of=")
    assert response.status_code == 200
    assert data["as_of"] == timezone.localdate().isoformat()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/strategies/1999-2000/",
        "/api/v1/strategies/2023-2029/nodes/7.7.7/",
        "/api/v1/projects/nera-tokio/",
        "/api/v1/organisations/nera-tokios/",
        "/api/v1/nera/",
        "/api/v1/projects/?puslapis=9",
        "/api/v1/projects/?puslapis=999999999",
    ],
)
def test_what_does_not_exist_is_a_json_404(client, world, url):
    response, data = get(client, url)
    assert response.status_code == 404
    assert data["detail"]


def test_the_api_refuses_changes(client, world):
    response = client.post("/api/v1/projects/", {"title": "Naujas"})
    assert response.status_code == 405
    assert json.loads(response.content)["detail"]


# --- CORS, throttle, cache -------------------------------------------------------------------------------


def test_any_site_may_read_the_api_and_the_list_of_operations(client, world):
    for url in ["/api/v1/strategies/", "/api/v1/projects/", "/atviri-duomenys/operacijos.json"]:
        response = client.get(url, HTTP_ORIGIN="https://zurnalistas.example")
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert "Access-Control-Allow-Credentials" not in response
    page = client.get("/projektai/", HTTP_ORIGIN="https://zurnalistas.example")
    assert "Access-Control-Allow-Origin" not in page  # the pages themselves are not shared


def test_a_preflight_request_allows_get_only(client, world):
    response = client.options(
        "/api/v1/projects/", HTTP_ORIGIN="https://zurnalistas.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_each_address_is_throttled_on_its_own(world, settings):
    settings.API_THROTTLE_RATE = "3/min"
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    for _n in range(3):
        assert first.get("/api/v1/target-groups/").status_code == 200
    response = first.get("/api/v1/strategies/")
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert wait > 0
    assert json.loads(response.content)["detail"] == (
        f"Per daug užklausų iš šio adreso. Bandykite dar kartą po {wait} "
        + ("sekundės." if wait % 10 == 1 and wait % 100 != 11 else "sekundžių.")
    )
    assert second.get("/api/v1/target-groups/").status_code == 200


@pytest.fixture
def open_data_cache(settings):
    settings.OPEN_DATA_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_a_repeated_question_is_answered_from_the_cache_until_the_data_change(
    client, world, open_data_cache, staff, django_assert_num_queries
):
    url = f"/api/v1/projects/{world['gera'].slug}/periods/?as_of=2024-12-31"
    first, data = get(client, url)
    assert "X-Open-Data-Cache" not in first
    with django_assert_num_queries(1):  # the data fingerprint
        again = client.get(url)
    assert again["X-Open-Data-Cache"] == "hit"
    assert json.loads(again.content) == data

    report_approve(report=ProgressReport.objects.get(achievements="LAUKIA"), user=staff)

    fresh, changed = get(client, url)
    assert "X-Open-Data-Cache" not in fresh
    assert len(changed["results"]) == 3


def test_errors_are_not_kept_in_the_cache(client, world, open_data_cache):
    for _n in range(2):
        response = client.get("/api/v1/strategies/2023-2029/?as_of=vakar")
        assert response.status_code == 400
        assert "X-Open-Data-Cache" not in response


# --- query counts ------------------------------------------------------------------------------------------


def _grow(size):
    """`size` more projects under a new action, each with a partner, a target group and two reports."""
    strategy = Strategy.objects.get(code="2023-2029")
    node = make_node(strategy, f"2.{size}")
    group = make_target_group(f"Grupė {size}", slug=f"grupe-{size}")
    partner = Organisation.objects.get(name="Utenos kraštotyros muziejus")
    for n in range(size):
        promoter = make_organisation(f"Organizacija {size}-{n}")
        project = make_project(node, f"Augantis {size}-{n}", promoter=promoter)
        ProjectPartner.objects.create(project=project, organisation=partner)
        ProjectTargetGroup.objects.create(project=project, target_group=group, planned_participants=5)
        make_report(project, "2023-01-01", "2023-06-30", participants=3, breakdown={group: 2})
        make_report(project, "2023-07-01", "2023-12-31", participants=4, status=ProgressReport.Status.SUBMITTED)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/strategies/", 1),
        ("/api/v1/strategies/2023-2029/?as_of=2024-12-31", 10),
        ("/api/v1/strategies/2023-2029/nodes/", 10),
        ("/api/v1/strategies/2023-2029/years/?as_of=2024-12-31", 9),
        ("/api/v1/strategies/2023-2029/nodes/1.1.1/", 10),
        ("/api/v1/projects/", 3),
        ("/api/v1/projects/?q=a&busena=in_progress&grupe=senjorai&rikiuoti=-updated", 4),
        ("/api/v1/projects/?veiksmas={social}&metai=2024", 5),
        ("/api/v1/projects/{gera}/", 6),
        ("/api/v1/projects/{gera}/periods/", 6),
        ("/api/v1/organisations/", 2),
        ("/api/v1/organisations/utenos-svietimo-centras/", 1),
        ("/api/v1/target-groups/", 1),
    ],
)
def test_the_api_takes_a_fixed_number_of_queries(client, world, django_assert_num_queries, url, queries):
    url = url.format(social=world["social"].pk, gera=world["gera"].slug)
    _grow(2)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _grow(12)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_year_table_is_the_year_pages_for_the_same_day(client, world):
    response, data = get(client, "/api/v1/strategies/2023-2029/years/?as_of=2024-12-31")
    table = strategy_years(Strategy.objects.get(code="2023-2029"), datetime.date(2024, 12, 31))

    assert (data["strategy"], data["as_of"], data["years"]) == ("2023-2029", "2024-12-31", table.years)
    assert len(data["indicators"]) == len(table.rows) and len(data["money"]) == len(table.money)
    for answered, row in zip(data["indicators"], table.rows, strict=True):
        assert (answered["indicator"], answered["node"]) == (row.indicator.pk, row.node.code if row.node else None)
        for cell, expected in zip(answered["cells"], row.cells, strict=True):
            assert cell["year"] == expected.year and cell["status"] == expected.status
            for name in ("value", "cumulative"):
                value = getattr(expected, name)
                assert cell[name] == (None if value is None else float(value))
    later = [cell for cell in data["indicators"][0]["cells"] if cell["year"] > 2024]
    assert all(cell["ahead"] and cell["value"] is None for cell in later)  # nothing from years not begun


def test_figures_far_beyond_the_plan_are_written_whole(client, world):
    """A share is a quotient: 2 000 000 participants against 1 planned, 10 000 000 € spent of a 1 € grant."""
    project = make_project(
        world["action"],
        "Daug daugiau nei planuota",
        planned_participants=1,
        grant=Decimal("1"),
        total_cost=Decimal("1"),
        start_date=datetime.date(2022, 7, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    make_report(project, "2023-01-01", "2023-12-31", participants=1_000_000, spent=10_000_000)
    make_report(project, "2022-07-01", "2022-12-31", participants=1_000_000)
    _response, data = get(client, f"/api/v1/projects/{project.slug}/?as_of=2023-12-31")
    assert data["progress"]["participants"]["achievement"] == 200_000_000
    response, data = get(client, "/api/v1/strategies/2023-2029/?as_of=2023-12-31")
    assert response.status_code == 200 and data["money"]["spent"] >= 10_000_000
