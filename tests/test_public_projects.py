"""The public project list (filters, search, sort, pages, CSV), project pages and organisation pages."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from participants.models import ProgressReport
from projects.models import Organisation, Project, ProjectPartner, ProjectTargetGroup
from strategies.models import Strategy

from .conftest import (
    make_node,
    make_organisation,
    make_project,
    make_report,
    make_strategy,
    make_target_group,
)

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode().replace("\u00a0", " ")


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).split()).replace(" :", ":")


def titles(response):
    """The project titles listed on a page, in order."""
    return re.findall(r'class="h5 card-title"><a href="[^"]+">„([^“]+)“', response.content.decode())


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def utena():
    """Two strategies, three actions, four projects with partners, target groups, dates and reports."""
    strategy = make_strategy()
    objective = make_node(strategy, "1.1", title="Socialinės iniciatyvos")
    action = make_node(strategy, "1.1.1", parent=objective, title="Integracija")
    business = make_node(strategy, "1.2.3", title="Socialinis verslas")
    old = make_strategy("2016-2022", 2016, 2022, status=Strategy.Status.CLOSED)
    old_objective = make_node(old, "1", title="Sociokultūrinės veiklos")
    school = make_organisation("Utenos švietimo centras", sector=Organisation.Sector.PUBLIC)
    museum = make_organisation("Utenos kraštotyros muziejus", sector=Organisation.Sector.PUBLIC)
    rigera = make_organisation("UAB „Rigera“", sector=Organisation.Sector.BUSINESS)
    seniors = make_target_group("Senjorai", "Seniors")
    youth = make_target_group("Jaunimas iki 29 m.", "Youth under 29", slug="jaunimas")
    gera = make_project(
        action,
        "Gera būti",
        promoter=school,
        code="08.6.1-ESFA-T-927-01-0525",
        start_date=datetime.date(2023, 3, 1),
        end_date=datetime.date(2024, 12, 31),
        planned_participants=125,
        planned_volunteers=10,
        total_cost=129850,
        grant=120000,
        how_to_join="Skambinkite koordinatorei.",
    )
    ProjectPartner.objects.create(project=gera, organisation=museum, role="ekskursijos")
    ProjectTargetGroup.objects.create(project=gera, target_group=seniors, planned_participants=40)
    make_report(
        gera,
        "2023-03-01",
        "2023-08-31",
        participants=125,
        volunteers=4,
        achievements="Stovykla įvyko.",
        difficulties="Trūko salės.",
        breakdown={seniors: 30},
    )
    make_report(
        gera,
        "2023-09-01",
        "2023-12-31",
        participants=64,
        achievements="Slaptas juodraštis.",
        status=ProgressReport.Status.SUBMITTED,
    )
    pazink = make_project(
        old_objective,
        "Pažink ir tobulėk",
        promoter=museum,
        start_date=datetime.date(2019, 6, 1),
        end_date=datetime.date(2019, 8, 31),
        status=Project.Status.COMPLETED,
    )
    ProjectTargetGroup.objects.create(project=pazink, target_group=youth)
    make_project(
        business,
        "Verslo degustacija",
        promoter=rigera,
        status=Project.Status.SELECTED,
        start_date=datetime.date(2024, 1, 1),
    )
    make_project(action, "Senjorų klubas", promoter=rigera, status=Project.Status.TERMINATED)
    draft = make_strategy("2030-2036", 2030, 2036, status=Strategy.Status.DRAFT)
    make_project(make_node(draft, "1"), "Slaptas projektas", promoter=school)
    return {
        "gera": gera,
        "school": school,
        "museum": museum,
        "action": action,
        "objective": objective,
        "strategy": strategy,
    }


def test_it_lists_public_projects_by_title(client, utena):
    response = client.get("/projektai/")
    assert titles(response) == ["Gera būti", "Pažink ir tobulėk", "Senjorų klubas", "Verslo degustacija"]
    assert "Rasti 4 projektai" in text(response)
    assert "Dalyviai: 125 iš 125 (100 %)" in text(response)  # the approved report only
    assert text(response).count("Dalyviai") == 1  # nothing planned or reported: no figure to show


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("busena=completed", ["Pažink ir tobulėk"]),
        ("strategija=2016-2022", ["Pažink ir tobulėk"]),
        ("grupe=senjorai", ["Gera būti"]),
        ("organizacija=utenos-krastotyros-muziejus", ["Gera būti", "Pažink ir tobulėk"]),  # partner and promoter
        ("metai=2024", ["Gera būti", "Verslo degustacija"]),
        ("metai=2019", ["Pažink ir tobulėk"]),
        ("q=rigera", ["Senjorų klubas", "Verslo degustacija"]),
        ("q=927-01-0525", ["Gera būti"]),
        ("q=degust", ["Verslo degustacija"]),
        ("q=Slaptas", []),
        ("q=pazink ir tobulek", ["Pažink ir tobulėk"]),  # typed without the letters' marks
        ("q=SENJORU", ["Senjorų klubas"]),
        ("q=kraštotyros", ["Gera būti", "Pažink ir tobulėk"]),  # the organisation's name, marks and all
        ("q=krastotyros", ["Gera būti", "Pažink ir tobulėk"]),
        ("q=kras%CC%8Ctotyros", ["Gera būti", "Pažink ir tobulėk"]),  # "š" pasted as "s" and a combining caron
        ("q=1.2.3", ["Verslo degustacija"]),  # an action's code
        ("q=1.2", []),  # a code is whole
        ("q=(a+)+$", []),  # typed text is text, not a pattern
        ("rikiuoti=-start", ["Verslo degustacija", "Gera būti", "Pažink ir tobulėk", "Senjorų klubas"]),
    ],
)
def test_filters_and_search_narrow_the_list(client, utena, query, expected):
    assert titles(client.get(f"/projektai/?{query}")) == expected


def sort_options(response):
    select = re.search(r'<select name="rikiuoti".*?</select>', response.content.decode(), re.S).group()
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_sort_choices_speak_the_pages_language_and_say_which_way(client, utena):
    assert sort_options(client.get("/projektai/")) == [
        ("title", "pavadinimą (A–Ž)"),
        ("-title", "pavadinimą (Ž–A)"),
        ("-start", "pradžios datą (naujausi pirmi)"),
        ("start", "pradžios datą (seniausi pirmi)"),
        ("-updated", "paskutinį atnaujinimą (naujausi pirmi)"),
        ("updated", "paskutinį atnaujinimą (seniausi pirmi)"),
        ("code", "kodą (didėjančiai)"),
        ("-code", "kodą (mažėjančiai)"),
    ]
    assert sort_options(client.get("/en/projektai/")) == [
        ("title", "title, A to Z"),
        ("-title", "title, Z to A"),
        ("-start", "start date, newest first"),
        ("start", "start date, oldest first"),
        ("-updated", "last update, newest first"),
        ("updated", "last update, oldest first"),
        ("code", "code, ascending"),
        ("-code", "code, descending"),
    ]
    # the list's default order is the first choice's
    assert titles(client.get("/projektai/")) == titles(client.get("/projektai/?rikiuoti=-title"))[::-1]


def test_an_objective_filter_takes_the_projects_of_its_actions(client, utena):
    response = client.get(f"/projektai/?veiksmas={utena['objective'].pk}")
    assert titles(response) == ["Gera būti", "Senjorų klubas"]
    assert "Rasti 2 projektai" in text(response)


def test_a_node_filter_reaches_any_depth(client):
    strategy = make_strategy()
    node = top = make_node(strategy, "1")
    for depth in range(2, 7):
        node = make_node(strategy, ".".join(["1"] * depth), parent=node)
    make_project(node, "Giliai medyje")
    make_project(make_node(strategy, "2"), "Kitur")
    assert titles(client.get(f"/projektai/?veiksmas={top.pk}")) == ["Giliai medyje"]


def test_the_csv_holds_the_filtered_rows(client, utena):
    response = client.get("/projektai/csv/?organizacija=utenos-krastotyros-muziejus&rikiuoti=title")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert rows[0][:3] == ["kodas", "pavadinimas", "strategija"]
    assert [row[1] for row in rows[1:]] == ["Gera būti", "Pažink ir tobulėk"]
    gera = rows[1]
    assert gera[0] == "08.6.1-ESFA-T-927-01-0525"
    assert gera[2:5] == ["2023–2029", "1.1.1", "Utenos švietimo centras"]
    assert gera[9:11] == ["125", "125"]  # planned; achieved from the approved report only
    assert gera[11] == "http://testserver/projektai/gera-buti/"


def test_the_list_is_paginated_and_keeps_its_filters(client):
    node = make_node(make_strategy(), "1")
    for n in range(25):
        make_project(node, f"Projektas {n:02d}", status=Project.Status.SELECTED)
    make_project(node, "Atšauktas", status=Project.Status.TERMINATED)
    first = client.get("/projektai/?busena=selected")
    assert len(titles(first)) == 20
    assert "Rasti 25 projektai" in text(first)
    assert 'href="?busena=selected&amp;puslapis=2"' in html(first)
    second = client.get("/projektai/?busena=selected&puslapis=2")
    assert titles(second) == [f"Projektas {n}" for n in range(20, 25)]


def test_the_project_page_shows_its_facts_and_only_approved_figures(client, utena):
    response = client.get("/projektai/gera-buti/")
    page = text(response)
    assert "„Gera būti“" in page
    assert "08.6.1-ESFA-T-927-01-0525" in page
    assert "2023-03-01 – 2024-12-31" in page
    assert "Visos tinkamos išlaidos 129 850,00 €" in page
    assert "Dalyviai: 125 iš 125 (100 %)" in page
    assert "Savanoriai: 4 iš 10 (40 %)" in page
    assert "Senjorai: 30 iš 40 (75 %)" in page
    assert "Senjorai – planuojama 40 dalyvių" in page
    assert "Stovykla įvyko." in page and "Trūko salės." in page
    assert "Slaptas juodraštis" not in page
    assert "Skambinkite koordinatorei." in page
    body = html(response)
    assert 'href="/strategijos/2023-2029/1.1.1/"' in body
    assert 'href="/organizacijos/utenos-svietimo-centras/"' in body
    assert 'href="/organizacijos/utenos-krastotyros-muziejus/"' in body
    assert 'href="/ataskaitos/projektas/gera-buti.pdf"' in body


def test_a_terminated_projects_page_says_its_grant_no_longer_counts_as_contracted(client, utena):
    contracted = re.compile(r"Sutarta \(parama\) (.+)")
    assert contracted.search(text(client.get("/projektai/gera-buti/"))).group(1).startswith("120 000,00 €")
    assert "Kaip prisijungti" in text(client.get("/projektai/gera-buti/"))
    Project.objects.filter(slug="gera-buti").update(status=Project.Status.TERMINATED)
    page = text(client.get("/projektai/gera-buti/"))
    assert contracted.search(page).group(1).startswith("nėra: projektas nutrauktas")
    assert "Kaip prisijungti" not in page  # nobody joins a project that has ended
    Project.objects.filter(slug="gera-buti").update(status=Project.Status.PLANNED)
    page = text(client.get("/projektai/gera-buti/"))
    assert contracted.search(page).group(1).startswith("dar ne: projektas dar neatrinktas")


def test_projects_of_draft_strategies_are_not_public(client, utena):
    assert client.get("/projektai/slaptas-projektas/").status_code == 404
    assert "Slaptas projektas" not in text(client.get("/organizacijos/utenos-svietimo-centras/"))


def test_the_organisation_pages_list_led_and_partnered_projects(client, utena):
    listing = text(client.get("/organizacijos/"))
    assert "Utenos kraštotyros muziejus Viešasis sektorius Vykdo 1 projektą · Partnerė 1 projekte" in listing
    # the project of the draft strategy is not counted: it partners none, and a zero is left out
    card = listing.split("Utenos švietimo centras Viešasis sektorius ", 1)[1]
    assert card.startswith("Vykdo 1 projektą ") and not card.startswith("Vykdo 1 projektą · Partnerė")
    page = text(client.get("/organizacijos/utenos-krastotyros-muziejus/"))
    assert "Vykdo 1 projektą" in page and "„Pažink ir tobulėk“" in page
    assert "Partnerė 1 projekte" in page and "„Gera būti“" in page and "ekskursijos" in page


def test_the_organisation_page_lists_its_projects_in_pages(client, utena, monkeypatch):
    monkeypatch.setattr("public.project_views.PAGE_SIZE", 2)
    rigera = Organisation.objects.get(name="UAB „Rigera“")
    strategy = Strategy.objects.get(code="2023-2029")
    node = make_node(strategy, "3.1")
    for n in range(5):
        project = make_project(node, f"Vedamas {n}", promoter=rigera)
        ProjectPartner.objects.create(project=project, organisation=Organisation.objects.get(name="UAB „Rigera“"))
    led = list(Project.objects.filter(promoter=rigera).order_by("title", "pk").values_list("title", flat=True))
    assert len(led) == 7
    pages = [text(client.get(f"/organizacijos/uab-rigera/?puslapis={n}")) for n in (1, 2, 3, 4)]
    assert all("Vykdo 7 projektus" in page for page in pages)
    for n, page in enumerate(pages):
        shown = [title for title in led if f"„{title}“ " in page.split("Partnerė")[0]]
        assert shown == led[2 * n : 2 * n + 2]
    # the partner list keeps its own page while the other list turns
    both = client.get("/organizacijos/uab-rigera/?puslapis=2&partneris=3").content.decode()
    assert "?partneris=3&amp;puslapis=3" in both and "?puslapis=2&amp;partneris=2" in both


def test_the_english_pages_use_english_formats(client, utena):
    page = text(client.get("/en/projektai/gera-buti/"))
    assert "Total eligible cost €129,850.00" in page
    assert "Participants: 125 of 125 (100%)" in page


def _grow(size):
    """`size` more projects, each with a partner, a target group and reports."""
    strategy = Strategy.objects.get(code="2023-2029")
    node = make_node(strategy, f"2.{size}")
    group = make_target_group(f"Grupė {size}", slug=f"grupe-{size}")
    for n in range(size):
        promoter = make_organisation(f"Organizacija {size}-{n}")
        project = make_project(node, f"Augantis {size}-{n}", promoter=promoter)
        ProjectPartner.objects.create(project=project, organisation=Organisation.objects.get(name="UAB „Rigera“"))
        ProjectTargetGroup.objects.create(project=project, target_group=group, planned_participants=5)
        make_report(project, "2023-01-01", "2023-06-30", participants=3, breakdown={group: 2})


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # each page also reads the VVG's profile once for its header and footer
        ("/projektai/", 8),
        ("/projektai/?q=a&busena=in_progress&grupe=senjorai&rikiuoti=-updated", 9),
        ("/projektai/?veiksmas={objective}", 10),
        ("/projektai/csv/", 2),
        ("/projektai/gera-buti/", 7),  # the project with its rows (3), its progress (3), the profile
        ("/organizacijos/", 3),  # the page's count, the organisations, the profile
        ("/organizacijos/uab-rigera/", 7),  # the organisation, each list and its count, their figures, the profile
    ],
)
def test_project_pages_take_a_fixed_number_of_queries(client, django_assert_num_queries, utena, url, queries):
    url = url.format(objective=utena["objective"].pk)
    _grow(2)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _grow(12)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_empty_filter_fields_are_left_out_of_the_address(client, utena):
    response = client.get("/projektai/?q=&busena=completed&metai=&rikiuoti=")
    assert response.status_code == 302
    assert response["Location"] == "/projektai/?busena=completed"
    assert client.get("/projektai/?q=")["Location"] == "/projektai/"


def test_the_default_order_is_left_out_of_the_address_and_not_counted_as_a_filter(client, utena):
    # the sort list has no empty choice: the form always sends its first, the default order
    assert client.get("/projektai/?q=kav&rikiuoti=title")["Location"] == "/projektai/?q=kav"
    assert client.get("/en/projektai/?rikiuoti=title")["Location"] == "/en/projektai/"
    assert "Atranka ir rikiavimas (1)" in text(client.get("/projektai/?rikiuoti=-title"))


def test_every_project_page_has_its_own_title_and_description(client, utena):
    expected = {
        "/projektai/": "<title>Projektai · ",
        "/projektai/?puslapis=1&busena=completed": "<title>Projektai · ",
        "/projektai/gera-buti/": "<title>„Gera būti“ · ",
        "/organizacijos/": "<title>Organizacijos · ",
        "/organizacijos/uab-rigera/": "<title>UAB „Rigera“ · ",
    }
    for url, title in expected.items():
        page = html(client.get(url))
        assert title in page, url
        description = re.search(r'<meta name="description" content="([^"]*)">', page).group(1)
        assert len(description) > 40, url


def test_the_csv_does_not_let_a_title_run_as_a_formula(client):
    make_project(make_node(make_strategy(), "1"), '=HYPERLINK("http://example.com")')
    rows = csv_rows(client.get("/projektai/csv/"))
    assert rows[1][1] == '\'=HYPERLINK("http://example.com")'


def test_wrong_filter_values_are_explained_not_failed(client, utena):
    response = client.get("/projektai/?metai=abc&organizacija=nera-tokios&veiksmas=999999")
    assert response.status_code == 200
    page = text(response)
    assert "„abc“ nėra metai nuo 2000 iki 2100." in page
    assert page.count("Pasirinkite tinkamą reikšmę.") == 2


def test_public_pages_link_nothing_that_needs_a_login(client, utena):
    pages = [
        "/",
        "/strategijos/",
        "/strategijos/2023-2029/",
        "/strategijos/2023-2029/1.1/",
        "/projektai/",
        "/projektai/gera-buti/",
        "/organizacijos/",
        "/organizacijos/utenos-svietimo-centras/",
    ]
    followed = set()
    for url in pages:
        for href in re.findall(r'href="(/[^"]*)"', html(client.get(url))):
            path = href.removeprefix("/en")
            if path.startswith(("/static/", "/paskyra/login/")) or (
                path.startswith("/ataskaitos/") and path.endswith(".pdf")
            ):
                continue  # files, the way in for staff, and the public PDF reports
            assert not path.startswith(("/admin/", "/darbas/", "/ataskaitos/", "/paskyra/")), (url, href)
            if href not in followed:
                followed.add(href)
                assert client.get(href).status_code == 200, (url, href)
    assert len(followed) > 15


def test_the_project_page_lists_exactly_the_reports_its_figures_count(client):
    project = make_project(make_node(make_strategy(), "1.1.1"), "Gera būti")
    today = timezone.localdate()
    make_report(project, "2024-01-01", "2024-03-31", participants=10)
    make_report(project, "2024-04-01", "2024-06-30", participants=20, status=ProgressReport.Status.SUBMITTED)
    make_report(project, str(today - datetime.timedelta(days=10)), str(today), participants=30)
    make_report(
        project, str(today + datetime.timedelta(days=1)), str(today + datetime.timedelta(days=90)), participants=40
    )

    response = client.get(f"/projektai/{project.slug}/")

    listed = response.context["reports"]
    assert [report.participants for report in listed] == [10, 30]
    assert response.context["progress"].figures.participants == sum(report.participants for report in listed)
    assert response.context["progress"].figures.reports == len(listed)


def test_the_excel_csv_has_semicolons_decimal_commas_and_a_bom(client):
    node = make_node(make_strategy(), "1.1.1")
    make_project(node, "Gera būti", grant=Decimal("12500.50"), planned_participants=40)
    response = client.get("/projektai/csv/?format=excel")
    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Disposition"] == 'attachment; filename="projektai-excel.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["kodas", "pavadinimas", "strategija"]
    assert rows[1][1] == "Gera būti"
    assert rows[1][8] == "12500,50"
    assert rows[1][9] == "40"


def test_the_plain_csv_stays_comma_separated_with_a_decimal_point(client):
    node = make_node(make_strategy(), "1.1.1")
    make_project(node, "Gera būti", grant=Decimal("12500.50"))
    rows = csv_rows(client.get("/projektai/csv/"))
    assert rows[1][8] == "12500.50"


def test_the_list_offers_the_excel_csv_first_with_the_same_filters(client):
    node = make_node(make_strategy(), "1.1.1")
    make_project(node, "Gera būti")
    html = client.get("/projektai/?q=gera").content.decode()
    assert '<a class="csv-link" href="/projektai/csv/?q=gera&amp;format=excel">' in html
    assert '<a href="/projektai/csv/?q=gera">' in html
    # a search that finds nothing says so and offers no empty file
    html = client.get("/projektai/?q=nerasta").content.decode()
    assert "Rasta 0 projektų" in html and "Tokių projektų nėra." in html
    assert "csv-link" not in html and "/projektai/csv/" not in html


@pytest.mark.parametrize("value", [None, "", "2", "<b>", "nėra"])
def test_the_long_select_writes_what_django_s_select_writes(value):
    """The filter's long lists (every action, every organisation) skip Django's template per option, not its output."""
    from django import forms

    from common.forms import LongSelect

    choices = [("", "Visi"), ("1", "„Kaimas“ & <miestas>"), ("2", 'Du "kabutėse"'), ("<b>", "žymė"), (3, "trys")]
    attrs = {"id": "id_x", "class": "form-select", "aria-describedby": "x-help"}

    def normalised(widget):
        return re.sub(r">\s+<", "><", widget(choices=choices).render("x", value, attrs)).strip()

    assert normalised(LongSelect) == normalised(forms.Select)
    assert "&lt;miestas&gt;" in normalised(LongSelect)


def test_the_action_filter_marks_the_chosen_action_and_labels_a_long_title_short(client, utena):
    node = make_node(utena["strategy"], "9", title="Labai ilgas pavadinimas " * 10)
    page = html(client.get(f"/projektai/?veiksmas={node.pk}"))
    option = re.search(rf'<option value="{node.pk}" selected>([^<]*)</option>', page)
    assert option, "the chosen action is selected"
    assert option[1].endswith("…") and len(option[1].split(" 9 ", 1)[1]) == 70


def test_a_filter_error_is_tied_to_its_field_for_screen_readers(client, utena):
    page = html(client.get("/projektai/?metai=1800"))
    assert 'aria-describedby="id_metai_error"' in page
    assert re.search(r'id="id_metai_error"><p[^>]*>„1800“ nėra metai nuo 2000 iki 2100\.</p>', page)
    page = html(client.get("/projektai/?q=a%1Bb"))
    search = re.search(r'<input type="search"[^>]*>', page).group()
    assert 'aria-invalid="true"' in search and 'aria-describedby="id_q_error"' in search
    assert 'id="id_q_error"' in page


@pytest.mark.django_db
def test_titles_and_names_are_in_lithuanian_alphabetical_order(client):
    """Š after S, not after Y; č after c; ą with a; y with i — on PostgreSQL (ICU) and SQLite (common.collation)."""
    node = make_node(make_strategy(), "1.1.1")
    for title, promoter in [
        ("Y karta miestui", "Žalioji bendruomenė"),
        ("Šeimų dirbtuvės", "Čiobiškio asociacija"),
        ("Sveiki ir aktyvūs", "Cukraus fabrikas"),
        ("Tėvai ir vaikai", "Ąžuolo klubas"),
        ("Įvadas į verslą", "Antakalnio bendrija"),
    ]:
        make_project(node, title, promoter=make_organisation(promoter))
    assert titles(client.get("/projektai/")) == [
        "Y karta miestui",  # y sorts as i, and the space before any letter
        "Įvadas į verslą",
        "Sveiki ir aktyvūs",
        "Šeimų dirbtuvės",
        "Tėvai ir vaikai",
    ]
    assert list(Organisation.objects.values_list("name", flat=True)) == [
        "Antakalnio bendrija",
        "Ąžuolo klubas",
        "Cukraus fabrikas",
        "Čiobiškio asociacija",
        "Žalioji bendruomenė",
    ]


@pytest.mark.parametrize("query", ["metai=1999", "busena=complete", "strategija=2016_2022"])
def test_a_csv_asked_for_with_a_refused_filter_is_a_400_naming_it_not_the_whole_list(client, utena, query):
    response = client.get(f"/projektai/csv/?{query}")
    assert response.status_code == 400
    name, value = query.split("=")
    text = response.content.decode()
    assert text.startswith("Sąrašas neparengtas: šių filtrų reikšmės netinkamos.") and f"{name}=„{value}“: " in text
