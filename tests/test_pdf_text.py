"""Text the PDFs must print whole: a 100 000-character word wraps instead of being cut off at the page's
edge, and characters DejaVu lacks (emoji) come from the Noto fallback fonts instead of empty boxes."""

import datetime
import re
import subprocess

import pytest
from django.core.cache import cache
from django.test import Client

from reports.pdf import ZERO_WIDTH_SPACE, break_long_words

from .conftest import make_indicator, make_node, make_organisation, make_project, make_report, make_strategy

# 100 000 characters without a space, each stretch numbered so that a lost piece shows.
LONG_WORD = "".join(f"žodis{n:05d}" for n in range(10_000))[:100_000]
LONG_TITLE = "Projektas" + "".join(f"-{n:03d}" for n in range(90))  # 369 characters, no space
EMOJI_TITLE = "Vasaros stovykla 😀🌻"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _pdf(response, tmp_path, name):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / name
    path.write_bytes(response.content)
    return path


def _joined_text(path):
    """The text inside the pages' margins (not the running headers and footers), with spaces, line breaks and
    zero-width spaces left out: a wrapped word reads whole. A4 is 595 × 842 pt; margins 18 mm on top, 20 below."""
    crop = ["-r", "72", "-x", "0", "-y", "52", "-W", "595", "-H", "732"]
    text = subprocess.run(["pdftotext", *crop, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s", "", text).replace(ZERO_WIDTH_SPACE, "")


def _fonts(path):
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def project(db):
    strategy = make_strategy()
    node = make_node(strategy, "1.1.1", title="Integracija")
    make_indicator(node, name="Dalyviai", target=100)
    project = make_project(node, LONG_TITLE, slug="ilgas", start_date=datetime.date(2024, 1, 1))
    make_report(project, "2024-01-01", "2024-06-30", participants=10, achievements=LONG_WORD)
    make_project(node, EMOJI_TITLE, slug="stovykla", start_date=datetime.date(2024, 1, 1))
    return project


def test_a_100_000_character_word_is_printed_whole(client, project, tmp_path):
    pdf = _pdf(client.get("/ataskaitos/projektas/ilgas.pdf"), tmp_path, "project.pdf")
    text = _joined_text(pdf)
    assert LONG_WORD in text
    assert LONG_TITLE in text


def test_a_long_title_wraps_in_the_strategy_report_tables(client, project, tmp_path):
    pdf = _pdf(client.get("/ataskaitos/strategija/2023-2029.pdf"), tmp_path, "strategy.pdf")
    text = _joined_text(pdf)
    assert text.count(LONG_TITLE) >= 1
    assert LONG_WORD in text  # the achievements are quoted in the strategy report too


def test_emoji_are_printed_with_the_fallback_font(client, project, tmp_path):
    pdf = _pdf(client.get("/ataskaitos/projektas/stovykla.pdf"), tmp_path, "emoji.pdf")
    assert EMOJI_TITLE.replace(" ", "") in _joined_text(pdf)
    fonts = _fonts(pdf)
    assert "DejaVu" in fonts
    assert "Emoji" in fonts  # the emoji's glyphs come from Noto Color Emoji, not DejaVu's empty box


def test_break_opportunities_go_into_long_text_only_never_into_tags_or_styles():
    html = (
        '<html><head><style>.x { content: "' + "s" * 60 + '"; }</style></head>'
        '<body><a href="/' + "h" * 60 + '">' + "a" * 85 + "</a> trumpas žodis <p>" + "&amp;" * 41 + "</p></body></html>"
    )
    result = break_long_words(html)
    assert '"' + "s" * 60 + '"' in result and 'href="/' + "h" * 60 + '"' in result
    assert ">" + "a" * 40 + ZERO_WIDTH_SPACE + "a" * 40 + ZERO_WIDTH_SPACE + "a" * 5 + "<" in result
    assert "trumpas žodis" in result
    assert "&amp;" * 40 + ZERO_WIDTH_SPACE + "&amp;<" in result  # an escaped character is never split


def _overlapping_words(path):
    """Pairs of words whose boxes overlap on a page (`pdftotext -bbox`): text printed over other text."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
    overlaps = []
    for page in html.split("<page ")[1:]:
        boxes = [(float(x0), float(y0), float(x1), float(y1), text) for x0, y0, x1, y1, text in word.findall(page)]
        for n, (ax0, ay0, ax1, ay1, a) in enumerate(boxes):
            for bx0, by0, bx1, by1, b in boxes[n + 1 :]:
                if min(ax1, bx1) - max(ax0, bx0) > 0.5 and min(ay1, by1) - max(ay0, by0) > 0.5:
                    overlaps.append((a, b))
    return overlaps


def test_no_column_heading_runs_into_the_next_in_the_project_tables(db, tmp_path):
    strategy = make_strategy()
    node = make_node(strategy, "1.1.1", title="Integracija")
    make_indicator(node, name="Dalyviai", target=100)
    promoter = make_organisation("VšĮ „Pavyzdžių centras“ (išgalvota organizacija)")
    project = make_project(
        node, "Socialinė kavinė", slug="kavine", promoter=promoter, start_date=datetime.date(2024, 1, 1)
    )
    make_report(project, "2024-01-01", "2024-06-30", participants=10, volunteers=3, spent=1500)
    for url in (
        "/en/ataskaitos/strategija/2023-2029.pdf",
        "/en/ataskaitos/projektas/kavine.pdf",
        "/ataskaitos/strategija/2023-2029.pdf",
    ):
        pdf = _pdf(Client().get(url), tmp_path, "report.pdf")
        assert _overlapping_words(pdf) == []


def test_a_word_broken_in_a_narrow_column_is_hyphenated_where_lithuanian_allows(db, tmp_path):
    strategy = make_strategy()
    node = make_node(strategy, "1.1.1", title="Integracija")
    make_indicator(node, name="Dalyviai", target=100)
    promoter = make_organisation("Nevyriausybinių organizacijų konfederacija")
    make_project(node, "Kavinė", slug="kavine", promoter=promoter, start_date=datetime.date(2024, 1, 1))
    for url in ("/ataskaitos/strategija/2023-2029.pdf", "/en/ataskaitos/strategija/2023-2029.pdf"):
        pdf = _pdf(Client().get(url), tmp_path, "report.pdf")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
        # the promoter's column is too narrow for "Nevyriausybinių": it breaks between Lithuanian syllables, with a
        # hyphen, in the English report too (the name is Lithuanian)
        lines = text.stdout.splitlines()
        at = next(n for n, line in enumerate(lines) if "Nevyriausybi\u2010" in line)  # broken with a hyphen…
        column = lines[at].index("Nevyriausybi")
        assert lines[at + 1][column:].startswith("nių"), url  # …the rest of the word below it
