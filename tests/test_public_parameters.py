"""Every query parameter of every public page is checked: a hostile value gets the form's message or a 4xx,
never a 500. A table of known-bad values first, then hypothesis looking for combinations nobody listed."""

import datetime
import re
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import (
    make_indicator,
    make_node,
    make_organisation,
    make_project,
    make_report,
    make_strategy,
    make_target_group,
)

PROJECT_PARAMETERS = ["q", "strategija", "veiksmas", "busena", "grupe", "organizacija", "metai", "rikiuoti", "puslapis"]
# Every public page that reads the query string, and the parameters it reads.
PAGES = {
    "/projektai/": PROJECT_PARAMETERS,
    "/projektai/csv/": PROJECT_PARAMETERS,
    "/en/projektai/": PROJECT_PARAMETERS,
    "/en/projektai/csv/": PROJECT_PARAMETERS,
    "/strategijos/2023-2029/": ["data"],
    "/en/strategijos/2023-2029/": ["data"],
    "/strategijos/2023-2029/1/": ["data"],
    "/strategijos/2023-2029/1.1/": ["data"],
    "/organizacijos/": ["puslapis"],
    "/en/organizacijos/": ["puslapis"],
}
# Pages that read no parameter still must not trip over any.
OTHER_PAGES = ["/", "/en/", "/strategijos/", "/projektai/gera-buti/", "/organizacijos/utenos-svietimo-centras/"]

HOSTILE = [
    "-1",
    "0",
    "0.5",
    "10000",
    "99999999999999999999",
    "-99999999999999999999",
    "1e400",
    "NaN",
    "inf",
    "abc",
    "9999-99-99",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "x" * 10_000,
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202eexe.pdf",
    "'; DROP TABLE projects_project; --",
    "<script>alert(1)</script>",
    "%",
    "😀",
    "-start",
    "-",
]


def html(response):
    return response.content.decode().replace("\u00a0", " ")


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).split())


@pytest.fixture
def world(db):
    strategy = make_strategy()
    goal = make_node(strategy, "1", title="Socialinė įtrauktis")
    objective = make_node(strategy, "1.1", parent=goal, title="Socialinės iniciatyvos")
    make_indicator(strategy, name="Dalyviai", target=360, headline=True)
    promoter = make_organisation("Utenos švietimo centras")
    project = make_project(
        objective,
        "Gera būti",
        promoter=promoter,
        slug="gera-buti",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    project.project_target_groups.create(target_group=make_target_group(), planned_participants=40)
    make_report(project, "2024-01-01", "2024-06-30", participants=25)
    return project


def _get(client, url, query):
    """GET with the query as given: repeated names stay repeated."""
    return client.get(f"{url}?{urlencode(query)}" if query else url)


@pytest.mark.parametrize("url", sorted(PAGES))
def test_no_listed_hostile_value_answers_500(client, world, url):
    for name in [*PAGES[url], "nezinomas"]:
        for value in HOSTILE:
            response = _get(client, url, [(name, value)])
            assert response.status_code < 500, (name, value[:40])
        # the same parameter twice, a good value and a bad one
        response = _get(client, url, [(name, "2024"), (name, "0")])
        assert response.status_code < 500, name


@pytest.mark.parametrize("url", OTHER_PAGES)
def test_pages_without_parameters_ignore_hostile_ones(client, world, url):
    for value in HOSTILE:
        assert _get(client, url, [("metai", value), ("data", value), ("puslapis", value)]).status_code == 200


def test_hostile_path_parts_answer_404(client, world):
    for part in ["%00", "%E2%80%AE", "x" * 10_000, "..%2F..", "1.1%00"]:
        assert client.get(f"/strategijos/2023-2029/{part}/").status_code == 404
    assert client.get("/strategijos/" + quote("\x00") + "/").status_code == 404


# Values hypothesis draws: the table above, and any text, number or date it likes.
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
    st.from_regex(r"-?\d{1,25}(\.\d{1,5})?", fullmatch=True),
)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_combination_of_parameters_answers_500(client, world, data):
    url = data.draw(st.sampled_from(sorted(PAGES) + OTHER_PAGES), label="url")
    names = st.sampled_from([*PAGES.get(url, []), "puslapis", "nezinomas"])
    query = data.draw(st.lists(st.tuples(names, VALUES), max_size=6), label="query")
    response = _get(client, url, query)
    assert response.status_code < 500


# --- what a visitor sees ------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["0", "-1", "0.5", "10000", "99999999999999999999"])
def test_an_impossible_year_is_ignored_with_a_message(client, world, year):
    page = text(client.get("/projektai/", {"metai": year}))
    assert f"„{year}“ nėra metai nuo 2000 iki 2100." in page
    assert "Rastas 1 projektas" in page and "„Gera būti“" in page  # the filter is left out, not the list

    english = text(client.get("/en/projektai/", {"metai": year}))
    assert f"“{year}” is not a year from 2000 to 2100." in english

    # the page's download links ask for the list it shows, without the refused filter; the CSV itself refuses it
    listed = html(client.get("/projektai/", {"metai": year}))
    assert 'href="/projektai/csv/?format=excel"' in listed
    assert "Atranka ir rikiavimas (1)" not in listed  # the refused filter is not counted as one in force
    assert '<details class="more-filters mt-3" open>' in listed  # but the box stays open, to show why
    assert client.get("/projektai/csv/", {"metai": year}).status_code == 400


def test_a_year_in_range_still_filters(client, world):
    assert "Rastas 1 projektas" in text(client.get("/projektai/", {"metai": "2025"}))
    assert "Rasta 0 projektų" in text(client.get("/projektai/", {"metai": "2026"}))


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"])
def test_an_as_of_date_out_of_range_is_ignored_with_a_message(client, world, date):
    response = client.get("/strategijos/2023-2029/", {"data": date})
    page = text(response)
    assert f"Įveskite datą nuo 2000-01-01 iki 2100-12-31, o ne {date}." in page
    assert f"Rodomi {datetime.date.today():%Y-%m-%d} duomenys." in page
    assert "Pasiekta: 25 iš 360" in page


def test_an_as_of_date_still_to_come_is_ignored_with_a_message_on_the_page_and_the_board_form(
    client, board_client, world
):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    picker = f'min="2000-01-01" max="{datetime.date.today():%Y-%m-%d}"'
    assert picker in client.get("/strategijos/2023-2029/").content.decode()  # the date picker stops at today
    page = text(client.get("/strategijos/2023-2029/", {"data": f"{tomorrow:%Y-%m-%d}"}))
    assert f"Skaičiai žinomi iki šiandien ({datetime.date.today():%Y-%m-%d}): {tomorrow:%Y-%m-%d} dar neatėjo." in page
    assert f"Rodomi {datetime.date.today():%Y-%m-%d} duomenys." in page
    response = board_client.get(
        "/ataskaitos/valdybai.pdf", {"strategy": "2023-2029", "language": "lt", "as_of": f"{tomorrow:%Y-%m-%d}"}
    )
    assert response.status_code == 400
    assert f"{tomorrow:%Y-%m-%d} dar neatėjo" in response.content.decode()


def test_a_search_too_long_or_with_control_characters_is_ignored_with_a_message(client, world):
    page = text(client.get("/projektai/", {"q": "x" * 10_000}))
    assert "Rastas 1 projektas" in page
    assert "ne daugiau kaip 200 ženklų" in page
    page = text(client.get("/projektai/", {"q": "Gera\x00"}))
    assert "Tekste yra valdymo simbolis U+0000 (5 pozicijoje): pašalinkite jį." in page
    assert "Rastas 1 projektas" in page


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "9999-99-99"])
def test_the_board_report_refuses_dates_out_of_range_with_400(board_client, world, date):
    for name in ("as_of", "period_start", "period_end"):
        response = board_client.get("/ataskaitos/valdybai.pdf", {"strategy": "2023-2029", "language": "lt", name: date})
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
