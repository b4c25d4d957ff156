"""The public strategy pages: home, strategy tree with progress, one node, and the 404 page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from common.templatetags.portal import money, num, percent, target_display
from participants.models import ProgressReport
from projects.models import Organisation, Project
from strategies.models import Indicator, Strategy

from .conftest import make_indicator, make_node, make_project, make_report, make_strategy

pytestmark = pytest.mark.django_db


def html(response):
    """The page's HTML, with no-break spaces read as spaces: `1 200`, `120 %`."""
    return response.content.decode().replace("\u00a0", " ")


def text(response):
    """The page's visible words, tags dropped and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).split()).replace(" :", ":")


def populate(size):
    """A strategy with `size` actions, each with an indicator, two projects and two reports (one approved)."""
    strategy = make_strategy(summary="Socialinė įtrauktis.")
    goal = make_node(strategy, "1", title="Tikslas")
    make_indicator(strategy, "Dalyviai", target=360, target_kind=Indicator.TargetKind.AT_LEAST, headline=True)
    promoter = Organisation.objects.get_or_create(name="Promotorius")[0]
    for n in range(1, size + 1):
        objective = make_node(strategy, f"1.{n}", parent=goal, title=f"Uždavinys {n}")
        action = make_node(strategy, f"1.{n}.1", parent=objective, title=f"Veiksmas {n}")
        make_indicator(
            action,
            f"Projektai {n}",
            unit=Indicator.Unit.PROJECTS,
            source=Indicator.Source.PROJECTS_COUNTED,
            target=2,
            headline=True,
        )
        for k in range(2):
            project = make_project(action, f"Projektas {n}-{k}", promoter=promoter, planned_participants=10)
            make_report(project, "2023-01-01", "2023-06-30", participants=4)
            make_report(project, "2023-07-01", "2023-12-31", participants=50, status=ProgressReport.Status.SUBMITTED)
    return strategy


def test_it_formats_numbers_the_lithuanian_way():
    with translation.override("lt"):
        assert num(1200).replace("\u00a0", " ") == "1 200"
        assert num("2.50") == "2,5"
        assert percent("120.4").replace("\u00a0", " ") == "120 %"
        assert money("129850").replace("\u00a0", " ") == "129 850,00 €"
    with translation.override("en"):
        assert num(1200) == "1,200"
        assert percent(120) == "120%"


def test_it_rounds_figures_half_up_as_a_person_does_never_cutting_digits_off():
    """A forecast of 349,91 reads 350, 62,5 % reads 63 %, as the API's unrounded figures would round."""
    with translation.override("lt"):
        assert num(Decimal("349.91"), 0) == "350"
        assert num(Decimal("2.999"), 2) == "3,00"
        assert num(Decimal("1.79"), 0) == "2"
        assert percent(Decimal("62.5")).replace("\u00a0", " ") == "63 %"
        assert percent(Decimal("0.5")).replace("\u00a0", " ") == "1 %"
        assert percent(Decimal("54.49")).replace("\u00a0", " ") == "54 %"
        assert money(Decimal("10.005")).replace("\u00a0", " ") == "10,01 €"
    with translation.override("en"):
        assert percent(Decimal("62.5")) == "63%"


def test_it_writes_targets_in_words():
    strategy = make_strategy()
    at_least = make_indicator(strategy, "A", target=360, target_kind=Indicator.TargetKind.AT_LEAST)
    between = make_indicator(strategy, "B", target=6, target_max=7, target_kind=Indicator.TargetKind.RANGE)
    about = make_indicator(strategy, "C", target=1000, target_kind=Indicator.TargetKind.ABOUT)
    with translation.override("lt"):
        assert target_display(at_least) == "ne mažiau kaip 360"
        assert target_display(between) == "6–7"
        assert target_display(about).replace("\u00a0", " ") == "apie 1 000"


def test_it_shows_the_2016_2022_demo_strategy_with_its_15_projects_and_objective_figures(client):
    call_command("load_demo", force=True)
    page = text(client.get("/strategijos/2016-2022/"))
    assert "15 projektų" in page
    assert "Pasiekta: 1 200 iš apie 1 000" in page
    assert "(120 %)" in page

    objective = text(client.get("/strategijos/2016-2022/1/"))
    assert "6 projektai" in objective
    assert "„Šviesioji gyvenimo pusė“" in objective
    assert "„Pokyčių keliu“" not in objective


def test_it_shows_the_2023_2029_demo_targets_with_nothing_achieved(client):
    call_command("load_demo", force=True)
    page = text(client.get("/strategijos/2023-2029/"))
    assert "iš ne mažiau kaip 360" in page
    assert "iš 6–7" in page
    assert page.count("Pasiekta: 0 iš") == 5
    assert "Nepradėta" in page
    assert 'href="/ataskaitos/strategija/2023-2029.pdf"' in html(client.get("/strategijos/2023-2029/"))
    assert "Prognozė" not in page  # no pace to go by before anything is achieved
    assert "0 projektų" in page

    action = text(client.get("/strategijos/2023-2029/1.2.3/"))
    assert "Pasiekta: 0 iš 3 (0 %)" in action
    assert "Čia dar neatrinkta nė vieno projekto." in action


def test_home_shows_the_strategy_in_force_with_headline_figures(client):
    strategy = populate(2)
    make_strategy("2016-2022", 2016, 2022, status=Strategy.Status.CLOSED, title="Ankstesnė strategija")
    make_strategy("2030-2036", 2030, 2036, status=Strategy.Status.DRAFT, title="Juodraštis")
    response = client.get("/")
    page = text(response)
    assert strategy.title in page
    assert "4 projektai" in page
    assert "Pasiekta: 16 iš ne mažiau kaip 360 (4 %)" in page  # 4 projects × 4 approved participants
    assert 'href="/strategijos/2016-2022/"' in html(response)
    assert "Juodraštis" not in page


def test_it_counts_only_approved_reports(client):
    populate(1)
    page = text(client.get("/strategijos/2023-2029/"))
    # two projects with 4 approved participants each; their submitted 50s are not public yet
    assert "Pasiekta: 8 iš ne mažiau kaip 360 (2 %)" in page
    assert "108" not in page


def test_it_shows_figures_as_of_a_date(client):
    populate(1)
    before = client.get("/strategijos/2023-2029/?data=2023-03-31")
    assert "Pasiekta: 0 iš ne mažiau kaip 360" in text(before)
    assert 'value="2023-03-31"' in html(before)
    assert "/strategijos/2023-2029/1/?data=2023-03-31" in html(before)
    after = text(client.get("/strategijos/2023-2029/?data=2023-12-31"))
    assert (
        "Pasiekta: 8 iš ne mažiau kaip 360 (2 %) "
        "Planuoja atrinkti projektai: 20 (6 % siektinos reikšmės) projektai planuoja mažiau nei siektina "
        "Atsilieka Prognozė laikotarpio pabaigai: 56"
    ) in after  # two projects plan 10 participants each
    assert "Iki šios datos praėjo 14 % strategijos laikotarpio." in after


def test_it_explains_a_bad_date_and_shows_today(client):
    populate(1)
    response = client.get("/strategijos/2023-2029/?data=2023-13-45")
    assert "Įveskite datą formatu MMMM-MM-DD, pvz., 2020-12-31." in text(response)
    assert 'aria-invalid="true"' in html(response)
    assert f"Rodomi {datetime.date.today():%Y-%m-%d} duomenys." in text(response)


def test_it_uses_lithuanian_plural_forms(client):
    strategy = make_strategy()
    counts = {"1": 1, "2": 2, "3": 10, "4": 21}
    for code, count in counts.items():
        node = make_node(strategy, code)
        for k in range(count):
            make_project(node, f"P {code}-{k}")
    page = text(client.get("/strategijos/2023-2029/"))
    assert "1 projektas" in page
    assert "2 projektai" in page
    assert "10 projektų" in page
    assert "21 projektas" in page
    english = text(client.get("/en/strategijos/2023-2029/"))
    assert "1 project " in english
    assert "10 projects" in english


def test_draft_strategies_are_not_public(client):
    strategy = make_strategy(status=Strategy.Status.DRAFT)
    make_node(strategy, "1")
    assert client.get("/strategijos/2023-2029/").status_code == 404
    assert client.get("/strategijos/2023-2029/1/").status_code == 404
    assert strategy.title not in text(client.get("/strategijos/"))


def test_an_unknown_node_is_not_found(client):
    make_node(make_strategy(), "1")
    assert client.get("/strategijos/2023-2029/9.9/").status_code == 404


def test_node_page_shows_its_budget_breadcrumb_and_projects_of_its_subtree(client):
    strategy = make_strategy()
    goal = make_node(strategy, "1", title="Tikslas")
    objective = make_node(strategy, "1.2", parent=goal, title="Uždavinys", budget=129850)
    action = make_node(strategy, "1.2.3", parent=objective, title="Socialinis verslas")
    make_project(action, "Kokybiškos paslaugos")
    response = client.get("/strategijos/2023-2029/1.2/")
    page = text(response)
    assert "Planuojamas biudžetas 129 850,00 €" in page
    assert 'href="/strategijos/2023-2029/1/"' in html(response)
    assert "„Kokybiškos paslaugos“" in page
    assert "1 projektas" in page


def test_an_action_page_lists_its_projects_in_pages(client, monkeypatch):
    monkeypatch.setattr("public.strategy_views.PROJECTS_PAGE_SIZE", 3)
    strategy = make_strategy()
    action = make_node(strategy, "1", title="Veiksmas")
    for n in range(7):
        make_project(action, f"Projektas {n}")
    pages = [text(client.get(f"/strategijos/2023-2029/1/?puslapis={n}")) for n in (1, 2, 3)]
    for n, page in enumerate(pages):
        shown = [k for k in range(7) if f"„Projektas {k}“" in page]
        assert shown == list(range(3 * n, min(3 * n + 3, 7)))
        assert "Projektai (7)" in page
    assert "7 projektai" in pages[0]  # the node's own count is of all its projects


def test_every_page_has_a_title_and_a_description(client):
    populate(1)
    for url in ["/", "/strategijos/", "/strategijos/2023-2029/", "/strategijos/2023-2029/1.1/", "/en/"]:
        page = html(client.get(url))
        assert "<title>" in page and "· Utenos" in page, url
        assert '<meta name="description" content="' in page
        assert '<meta name="description" content="">' not in page


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # each page also reads the VVG's profile once; home and node pages the figures of their project cards
        ("/", 10),
        ("/strategijos/", 2),
        ("/strategijos/2023-2029/", 9),  # + the outline of the tree, which the goals are paged by
        ("/strategijos/2023-2029/1.1/", 13),  # + the subtree, the page count, the cards figures, the profile
    ],
)
def test_strategy_pages_take_a_fixed_number_of_queries(client, django_assert_num_queries, url, queries):
    populate(1)
    with django_assert_num_queries(queries):
        client.get(url)
    ProgressReport.objects.all().delete()
    Project.objects.all().delete()
    Strategy.objects.all().delete()
    populate(6)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


@override_settings(DEBUG=False)
def test_the_404_page_is_in_the_portal_style(client):
    response = client.get("/nera-tokio-puslapio/")
    assert response.status_code == 404
    page = html(response)
    assert "Puslapis nerastas" in page
    assert 'href="/projektai/"' in page
    assert "<title>Puslapis nerastas · Utenos" in page


def _many_goals(count):
    """A strategy of `count` goals, each with one action, a project and an approved report of 10 × n participants."""
    strategy = make_strategy()
    make_indicator(strategy, "Dalyviai", target=1000)
    goals = []
    for n in range(1, count + 1):
        goal = make_node(strategy, f"{n}", title=f"Tikslas {n}")
        action = make_node(strategy, f"{n}.1", parent=goal, title=f"Veiksmas {n}")
        make_indicator(action, f"Dalyviai {n}", target=10)
        make_report(make_project(action, f"Projektas {n}"), "2023-01-01", "2023-06-30", participants=10 * n)
        goals.append(goal)
    return strategy, goals


def test_a_large_strategy_shows_its_goals_five_to_a_page_with_the_whole_strategy_s_figures(client):
    strategy, goals = _many_goals(7)
    first = client.get(f"/strategijos/{strategy.code}/")
    second = client.get(f"/strategijos/{strategy.code}/?puslapis=2&data=2024-01-01")
    for response, shown in ((first, goals[:5]), (second, goals[5:])):
        page = response.content.decode()
        for goal in goals:
            assert (f'id="node-{goal.pk}"' in page) == (goal in shown), goal.code
        # the strategy's own figures count every goal, whichever page is shown
        assert response.context["progress"].indicators[0].achieved == 280
        assert response.context["progress"].project_count == 7
    assert "Rodomi tikslai 6–7 iš 7" in text(second)
    # the page links keep the date
    assert 'href="?data=2024-01-01&amp;puslapis=1"' in second.content.decode()
    years = client.get(f"/strategijos/{strategy.code}/metai/?puslapis=2")
    assert [row.node.code for row in years.context["table"].rows if row.node] == ["6.1", "7.1"]
    assert "Rodomi tikslai 6–7 iš 7" in text(years)


def test_a_strategy_of_five_goals_fits_one_page(client):
    strategy, goals = _many_goals(5)
    page = client.get(f"/strategijos/{strategy.code}/").content.decode()
    assert all(f'id="node-{goal.pk}"' in page for goal in goals)
    assert "puslapis=" not in page


def test_anchors_keep_their_digits_whole_when_primary_keys_pass_a_thousand(client, staff_client):
    """Lithuanian number formatting groups thousands with a space; an element's id must not be grouped."""
    strategy = make_strategy(pk=12345)
    goal = make_node(strategy, "1", title="Tikslas", pk=23456)
    page = client.get(f"/strategijos/{strategy.code}/").content.decode()
    assert 'id="node-23456"' in page and 'aria-labelledby="node-23456"' in page
    workspace = staff_client.get(reverse("strategies_staff:strategy-list")).content.decode()
    assert 'id="strategy-12345"' in workspace and 'aria-labelledby="strategy-12345"' in workspace
    assert goal.pk == 23456


def test_a_share_is_rounded_once_from_its_exact_value():
    """21,47 % of the budget paid reads 21 %: rounding to a tenth first (21,5) and then to a whole number made it 22."""
    strategy = make_strategy(budget=Decimal("1000000"))
    project = make_project(make_node(strategy, "1"), grant=Decimal("500000"))
    make_report(project, "2024-01-01", "2024-06-30", spent=Decimal("214700"))
    html = Client().get(f"/strategijos/{strategy.code}/").content.decode()
    page = " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())
    assert "214 700,00 € (21 % planuojamo biudžeto)" in page
