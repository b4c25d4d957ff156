"""The PDF progress reports, read back as text with `pdftotext -layout`."""

import datetime
import re
import subprocess
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.templatetags.static import static

from participants.models import ProgressReport
from progress.fingerprint import data_fingerprint
from projects.models import Project
from reports import documents, selectors
from reports.pdf import StaticFileFetcher
from strategies.models import Strategy
from vvg_portal import page_cache

from .conftest import make_indicator, make_node, make_organisation, make_project, make_report, make_strategy

AS_OF = datetime.date(2024, 12, 31)
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def pdf_text(content):
    """The PDF's text as `pdftotext -layout` gives it, with no-break spaces made plain."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode("utf-8").replace(NBSP, " ")


def line_with(text, *needles):
    """The first line of `text` holding every needle."""
    for line in text.splitlines():
        if all(needle in line for needle in needles):
            return line
    raise AssertionError(f"No line holds {needles!r}")


def between(text, start, end=None):
    """The part of `text` after the first `start` and before the next `end`."""
    assert start in text, start
    rest = text.split(start, 1)[1]
    return rest.split(end, 1)[0] if end else rest


def make_reported_strategy(projects=1, reports_per_project=1):
    """A strategy with one objective and one action, `projects` projects with approved reports, and one
    draft and one submitted report on the first project."""
    strategy = make_strategy(code="2023-2029", title="Šiaurės Utenos strategija ąčęėįšųūž ĄČĘĖĮŠŲŪŽ")
    objective = make_node(strategy, "1", title="Įtrauktis")
    action = make_node(strategy, "1.1", parent=objective, title="Užimtumo veiklos")
    make_indicator(strategy, name="Tikslinių grupių dalyviai", target=2000, target_kind="at_least", headline=True)
    make_indicator(action, name="Projektai", unit="projects", source="projects", target=3, target_kind="exact")
    make_indicator(action, name="Dalyviai", target=1000, target_kind="about")
    promoter = make_organisation("Utenos švietimo centras")
    first = None
    for number in range(projects):
        project = make_project(
            action,
            title=f"Gera būti {number + 1}",
            promoter=promoter,
            planned_participants=800,
            grant=10000,
            total_cost=12000,
            start_date=datetime.date(2023, 1, 1),
            end_date=datetime.date(2025, 12, 31),
        )
        first = first or project
        for quarter in range(reports_per_project):
            start = datetime.date(2023, 1 + 3 * quarter, 1)
            end = datetime.date(2023, 3 + 3 * quarter, 28)
            participants = 437 if number == 0 and quarter == 0 else 5
            make_report(
                project,
                start.isoformat(),
                end.isoformat(),
                participants=participants,
                spent=2500,
                achievements="Surengtos dvylika stovyklų" if number == 0 and quarter == 0 else "Veiklos vyko",
                difficulties="Trūko savanorių",
            )
    make_report(
        first,
        "2024-01-01",
        "2024-03-31",
        status=ProgressReport.Status.DRAFT,
        participants=1583,
        achievements="Juodraščio tekstas",
    )
    make_report(
        first,
        "2024-04-01",
        "2024-06-30",
        status=ProgressReport.Status.SUBMITTED,
        participants=2911,
        achievements="Laukia valdybos patvirtinimo",
    )
    return strategy


def strategy_text(strategy, **options):
    options.setdefault("as_of", AS_OF)
    options.setdefault("lang", "lt")
    return pdf_text(documents.strategy_report_pdf(strategy, **options).content)


@pytest.mark.django_db
def test_it_shows_the_2016_2022_demo_figures_in_their_places(tmp_path):
    call_command("load_demo", force=True)
    path = tmp_path / "demo.pdf"
    call_command("progress_pdf", "--strategy", "2016-2022", "--as-of", "2022-12-31", "-o", str(path))
    text = pdf_text(path.read_bytes())

    cover = text.split("\f")[0]
    assert "Utenos miesto vietos veiklos grupė" in cover
    assert "Utenos miesto 2016–2022 m. vietos plėtros strategija" in cover
    assert "2022-12-31" in cover
    assert "Puslapis 1 iš" in cover

    summary = text.split("\f")[1]
    assert "1 900" in line_with(summary, "2 000")
    assert "95 %" in summary
    assert "15" in line_with(summary, "įgyvendinamas")
    # the projects state no grants, nor costs: "—", as on the page, not a contracted 0,00 €
    contracted = [line for line in text.splitlines() if "Sutarta: visos tinkamos" in line]
    assert contracted and all("0,00" not in line and "—" in line for line in contracted)

    objective_1 = between(text, "Uždavinys 1.", "Uždavinys 2.")
    participants = line_with(objective_1, "Tikslinių grupių dalyviai", "1 000")
    assert "1 200" in participants and "120 %" in participants
    for title in ("Gera būti", "Kūrybiškumo", "Pažink ir", "Senjorų", "Šviesioji"):
        assert title in objective_1
    assert "Pokyčių" in between(text, "Uždavinys 2.", "Uždavinys 3.")
    assert "Y karta" in between(text, "Uždavinys 3.", "Uždavinys 4.")
    assert "Laikas" in between(text, "Uždavinys 4.")


@pytest.mark.django_db
def test_it_writes_the_report_in_english_when_asked():
    call_command("load_demo", force=True)
    strategy = Strategy.objects.get(code="2016-2022")
    text = strategy_text(strategy, as_of=datetime.date(2022, 12, 31), lang="en")
    assert "Page 1 of" in text
    assert "Strategy progress report" in text
    assert "1,900" in line_with(text, "Target-group participants", "2,000")


@pytest.mark.django_db
def test_it_shows_approved_figures_and_never_a_draft_in_the_public_version():
    strategy = make_reported_strategy()
    text = strategy_text(strategy, board=False)

    action = between(text, "1.1. Užimtumo veiklos")
    assert "437" in line_with(action, "Dalyviai", "1 000")
    assert "437 / 800" in line_with(action, "Gera būti 1")
    assert "Surengtos dvylika stovyklų" in text and "Trūko savanorių" in text
    assert "1 583" not in text and "Juodraščio tekstas" not in text
    assert "2 911" not in text and "Laukia valdybos patvirtinimo" not in text


@pytest.mark.django_db
def test_board_version_lists_pending_reports_apart_and_does_not_count_them():
    strategy = make_reported_strategy()
    text = strategy_text(strategy, board=True)

    counted, pending = (
        text.split("Pateiktos, bet dar nepatvirtintos ataskaitos", 1)[0],
        between(text, "Pateiktos, bet dar nepatvirtintos ataskaitos"),
    )
    assert "2 911" not in counted
    assert "2 911" in line_with(pending, "Gera būti 1", "2024-04-01")
    assert "Laukia valdybos patvirtinimo" in pending
    assert "437" in line_with(counted, "Dalyviai", "1 000")
    assert "1 583" not in text and "Juodraščio tekstas" not in text


@pytest.mark.django_db
def test_it_keeps_every_lithuanian_letter_as_text():
    strategy = make_reported_strategy()
    text = strategy_text(strategy)
    assert "Šiaurės Utenos strategija ąčęėįšųūž ĄČĘĖĮŠŲŪŽ" in text


@pytest.mark.django_db
def test_it_quotes_only_reports_that_ended_in_the_chosen_period():
    strategy = make_reported_strategy(reports_per_project=2)
    text = strategy_text(strategy, period_start=datetime.date(2023, 4, 1), period_end=datetime.date(2023, 12, 31))
    achievements = between(text, "Pasiekimai ir sunkumai")
    assert "2023-04-01 – 2023-06-28" in achievements
    assert "Surengtos dvylika stovyklų" not in achievements


@pytest.mark.django_db
def test_a_terminated_projects_words_are_quoted_marked_while_its_figures_stay_out_of_the_totals():
    strategy = make_reported_strategy(projects=2)
    Project.objects.filter(title="Gera būti 2").update(status=Project.Status.TERMINATED)
    text = strategy_text(strategy)
    achievements = between(text, "Pasiekimai ir sunkumai")
    assert re.search(r"„Gera būti 2“ 2023-01-01 – 2023-03-28 · nutrauktas", achievements)
    assert "„Gera būti 1“ 2023-01-01 – 2023-03-28\n" in achievements  # a running project: no mark
    assert "Pasiekta: 437 iš ne mažiau kaip 2 000" in text  # not 442: the terminated project's 5 stay out
    assert re.search(r"nutrauktas\s+5 / 800", text)  # its own row shows them


@pytest.mark.django_db
def test_it_shows_budget_committed_and_spent():
    strategy = make_reported_strategy(projects=2)
    summary = strategy_text(strategy).split("\f")[1]
    assert "20 000,00 €" in summary  # grants of both counted projects
    assert "24 000,00 €" in summary
    assert "5 000,00 €" in summary  # spent by the two approved reports
    assert "25 %" in summary


@pytest.mark.django_db
def test_project_report_shows_facts_planned_against_achieved_and_every_approved_report():
    strategy = make_reported_strategy(reports_per_project=2)
    project = Project.objects.get(node__strategy=strategy, title="Gera būti 1")
    text = pdf_text(documents.project_report_pdf(project, as_of=AS_OF, lang="lt", board=False).content)
    assert "„Gera būti 1“" in text
    assert "Utenos švietimo centras" in text
    assert "442" in line_with(text, "800")  # 437 + 5 approved of 800 planned
    assert "2023-01-01 – 2023-03-28" in text and "2023-04-01 – 2023-06-28" in text
    assert "Surengtos dvylika stovyklų" in text
    assert "2 911" not in text


@pytest.mark.django_db
def test_board_project_report_lists_its_pending_report(tmp_path):
    strategy = make_reported_strategy()
    project = Project.objects.get(node__strategy=strategy, title="Gera būti 1")
    path = tmp_path / "project.pdf"
    call_command(
        "progress_pdf", "--strategy", strategy.code, "--project", project.slug, "--as-of", "2024-12-31", "-o", str(path)
    )
    text = pdf_text(path.read_bytes())
    assert "2 911" in between(text, "Pateiktos, bet dar nepatvirtintos ataskaitos")


@pytest.mark.django_db
def test_public_command_leaves_pending_reports_out(tmp_path):
    strategy = make_reported_strategy()
    path = tmp_path / "public.pdf"
    call_command("progress_pdf", "--strategy", strategy.code, "--as-of", "2024-12-31", "--public", "-o", str(path))
    text = pdf_text(path.read_bytes())
    assert "437" in text
    assert "2 911" not in text and "Pateiktos, bet dar nepatvirtintos" not in text


@pytest.mark.parametrize("projects, reports_per_project", [(1, 1), (6, 4)])
# strategy_progress (no stock indicator here), then projects, their figures, the approved reports quoted,
# and for the board the pending reports.
@pytest.mark.parametrize("board, queries", [(False, 9), (True, 10)])
@pytest.mark.django_db
def test_it_gathers_the_report_data_with_the_same_number_of_queries_at_any_size(
    projects, reports_per_project, board, queries, django_assert_num_queries
):
    strategy = make_reported_strategy(projects=projects, reports_per_project=reports_per_project)
    with django_assert_num_queries(queries):
        report = selectors.strategy_report(strategy, as_of=AS_OF, board=board)
    assert len(report.sections[1].projects) == projects


@pytest.mark.django_db
def test_pages_and_pdfs_share_one_data_fingerprint_taken_in_one_query(django_assert_num_queries):
    make_reported_strategy()
    with django_assert_num_queries(1):
        data_fingerprint()
    assert documents.data_fingerprint is page_cache.data_fingerprint


@pytest.mark.django_db
def test_it_serves_a_report_again_without_rendering_until_the_data_changes(cache_backend):
    strategy = make_reported_strategy()
    with mock.patch.object(documents, "render_pdf", wraps=documents.render_pdf) as render:
        first = documents.strategy_report_pdf(strategy, as_of=AS_OF, lang="lt")
        again = documents.strategy_report_pdf(strategy, as_of=AS_OF, lang="lt")
        assert render.call_count == 1
        assert again.content == first.content

        documents.strategy_report_pdf(strategy, as_of=AS_OF, lang="en")
        documents.strategy_report_pdf(strategy, as_of=AS_OF, lang="lt", board=True)
        assert render.call_count == 3

        project = Project.objects.get(title="Gera būti 1")
        make_report(project, "2024-07-01", "2024-09-30", participants=12)
        documents.strategy_report_pdf(strategy, as_of=AS_OF, lang="lt")
        assert render.call_count == 4


@pytest.mark.django_db
def test_it_reads_the_collected_hashed_stylesheet_in_production(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    url = "http://portal.invalid" + static("css/report_pdf.css")
    assert "report_pdf.css" not in url  # the hashed name, e.g. report_pdf.5d41402abc4b.css

    response = StaticFileFetcher().fetch(url)
    assert b'"DejaVu Sans"' in response.read()
    response.close()


# The project with its partners and target groups (3); project_progress (3: the approved reports, whose figures it
# sums, the target groups' counts, the indicators kept by hand); for the board, the pending reports.
@pytest.mark.parametrize("reports_per_project", [1, 4])
@pytest.mark.parametrize("board, queries", [(False, 6), (True, 7)])
@pytest.mark.django_db
def test_it_gathers_a_project_report_with_the_same_number_of_queries_at_any_size(
    reports_per_project, board, queries, django_assert_num_queries
):
    strategy = make_reported_strategy(reports_per_project=reports_per_project)
    project = Project.objects.get(node__strategy=strategy, title="Gera būti 1")
    with django_assert_num_queries(queries):
        report = selectors.project_report(project, as_of=AS_OF, board=board)
    assert len(report.approved_reports) == reports_per_project


@pytest.mark.django_db
def test_the_pdfs_show_the_vvgs_profile_on_the_cover_and_the_eu_statement_in_every_footer():
    from vvg_profile.models import Profile

    Profile.objects.create(
        name="Rokiškio miesto vietos veiklos grupė", email="info@rokiskiovvg.lt", phone="+370 458 00000"
    )
    strategy = make_reported_strategy()
    pages = strategy_text(strategy).split("\f")[:-1]
    assert "Rokiškio miesto vietos veiklos grupė" in pages[0]
    assert "info@rokiskiovvg.lt" in pages[0]
    for page in pages:
        assert "Bendrai finansuoja Europos Sąjunga" in page
        assert "info@rokiskiovvg.lt" in page
    project = Project.objects.order_by("pk").first()
    project_pages = pdf_text(documents.project_report_pdf(project, as_of=AS_OF, lang="en").content).split("\f")[:-1]
    assert all("Co-funded by the European Union" in page for page in project_pages)


@pytest.mark.django_db
def test_the_pdf_words_a_late_start_as_the_pages_do():
    strategy = make_strategy(code="2024-2027", start_year=2024, end_year=2027)
    make_indicator(strategy, name="Savanoriai", target=50)
    text = strategy_text(strategy, as_of=datetime.date(2025, 6, 30))
    line = line_with(text, "Savanoriai", "50")
    assert "nepradėta," in line  # the table's column wraps the rest onto the next line
    assert "vėluojama" in text.split(line, 1)[1].splitlines()[1]


@pytest.fixture
def profile_with_contacts(db):
    """A profile whose contacts make the footer run over two lines."""
    from vvg_profile.models import Profile

    return Profile.objects.create(
        name="Utenos miesto vietos veiklos grupė",
        email="info@utenosvvg.lt",
        phone="+370 389 00000",
        website="https://www.utenosmiestobendruomene.lt/",
    )


@pytest.mark.django_db
def test_the_footer_wraps_between_contacts_never_inside_one(profile_with_contacts):
    pages = strategy_text(make_reported_strategy()).split("\f")[:-1]
    for page in pages:
        assert "https://www.utenosmiestobendruomene.lt/" in page
        assert "+370 389 00000" in page
        assert "Duomenys 2024-12-31" in page


@pytest.mark.django_db
def test_the_footers_second_line_starts_beside_the_eu_emblem_not_under_it(profile_with_contacts):
    content = documents.strategy_report_pdf(make_reported_strategy(), as_of=AS_OF, lang="lt").content
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    words = {
        match[4]: float(match[0])
        for match in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', boxes
        )
    }
    statement_left = words["Bendrai"]  # the funding statement, first on the footer's first line
    assert words["+370"] == pytest.approx(statement_left, abs=1)  # the second line starts where the first does
