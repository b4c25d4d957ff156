"""The VVG's profile: the logo is checked and an SVG sanitised, staff keep it, every page and PDF shows it."""

import base64
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common import markdown as markdown_module
from common.markdown import read_ahead, render_markdown
from vvg_profile.logo import MAX_BYTES, checked_logo, sanitise_svg
from vvg_profile.models import Profile

from .conftest import make_node, make_project, make_strategy

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'


def png_bytes(size=(40, 20), kind="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#0b5e3c").save(buffer, kind)
    return buffer.getvalue()


# --- the logo -------------------------------------------------------------------------------------------


def test_it_keeps_an_svgs_drawing():
    clean = sanitise_svg(SVG.format('<g fill="#039"><circle cx="5" cy="5" r="4"/><path d="M0 0h1"/></g>').encode())
    assert b"<circle" in clean and b'fill="#039"' in clean and b"<path" in clean


@pytest.mark.parametrize(
    ("drawing", "gone"),
    [
        ("<script>alert(1)</script>", b"script"),
        ('<circle r="1" onclick="alert(1)"/>', b"onclick"),
        ('<foreignObject><iframe src="https://evil.example"/></foreignObject>', b"evil"),
        ('<use href="https://evil.example/x.svg#a"/>', b"evil"),
        ('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="javascript:alert(1)"/>', b"javascript"),
        ('<image href="https://evil.example/track.png"/>', b"evil"),
        ('<rect fill="url(https://evil.example/#g)"/>', b"evil"),
        ("<style>@import url(https://evil.example/x.css);</style>", b"evil"),
        ('<a href="https://evil.example"><rect/></a>', b"evil"),
        ('<animate attributeName="href" to="javascript:alert(1)"/>', b"javascript"),
    ],
)
def test_it_strips_scripts_handlers_and_external_references_from_an_svg(drawing, gone):
    clean = sanitise_svg(SVG.format(drawing).encode())
    assert gone not in clean
    assert clean.startswith(b"<?xml")


def test_it_keeps_references_inside_the_svg():
    drawing = '<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use href="#g"/>'
    clean = sanitise_svg(SVG.format(drawing).encode())
    assert b'fill="url(#g)"' in clean and b'href="#g"' in clean


def test_it_refuses_an_svg_with_entities():
    bomb = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    with pytest.raises(ValidationError, match="SVG"):
        sanitise_svg(bomb)


def test_it_refuses_xml_that_is_no_svg():
    with pytest.raises(ValidationError, match="<svg>"):
        sanitise_svg(b"<html><body>hi</body></html>")


def test_it_refuses_an_svg_nested_too_deep_naming_the_depth(staff_client):
    # A few hundred kilobytes of nested groups once ran the sanitiser out of recursion: a 500.
    deep = SVG.format("<g>" * 5000 + "</g>" * 5000).encode()
    with pytest.raises(ValidationError) as error:
        sanitise_svg(deep)
    assert error.value.params == {"depth": 5001, "limit": 100}
    response = staff_client.post(
        "/darbas/profilis/", {"name": "VVG", "funding_statement": "x", "logo": SimpleUploadedFile("logo.svg", deep)}
    )
    assert response.status_code == 400
    assert "SVG elementai įdėti vienas į kitą 5001 lygiais; leidžiama ne daugiau kaip 100." in response.content.decode()
    assert not Profile.objects.exists()


def test_an_svg_nested_to_the_limit_is_kept():
    assert sanitise_svg(SVG.format("<g>" * 99 + "</g>" * 99).encode()).count(b"<g") == 99


def _use_bomb(levels, fan_out=10):
    """<use> of <use> of…: `fan_out` ** `levels` circles drawn from a file of a few hundred bytes."""
    groups = ['<g id="g0"><circle r="1"/></g>']
    for level in range(1, levels + 1):
        uses = f'<use href="#g{level - 1}"/>' * fan_out
        groups.append(f'<g id="g{level}">{uses}</g>')
    return SVG.format("<defs>" + "".join(groups) + "</defs>" + f'<use href="#g{levels}"/>').encode()


def test_it_refuses_an_svg_whose_use_references_multiply_what_it_draws(staff_client):
    # 100 000 circles from 1,5 KB made every PDF with the logo take a minute
    with pytest.raises(ValidationError) as error:
        sanitise_svg(_use_bomb(5))
    assert error.value.code == "too_many_elements"
    assert b"<use" in sanitise_svg(_use_bomb(2))  # a hundred circles drawn by reference is a drawing
    loop = SVG.format('<g id="a"><use href="#a"/></g>').encode()
    with pytest.raises(ValidationError) as error:
        sanitise_svg(loop)
    assert error.value.code == "use_loop"
    response = staff_client.post(
        "/darbas/profilis/",
        {"name": "VVG", "funding_statement": "x", "logo": SimpleUploadedFile("logo.svg", _use_bomb(5))},
    )
    assert response.status_code == 400 and not Profile.objects.exists()


def test_it_holds_a_picture_embedded_in_an_svg_to_the_pixels_of_an_uploaded_one():
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")  # small as a file, 81 million pixels when drawn
    huge = base64.b64encode(buffer.getvalue()).decode()
    with pytest.raises(ValidationError) as error:
        sanitise_svg(SVG.format(f'<image href="data:image/png;base64,{huge}"/>').encode())
    assert error.value.params == {"width": 9000, "height": 9000, "limit": 16_000_000}
    small = base64.b64encode(png_bytes()).decode()
    assert b"data:image/png" in sanitise_svg(SVG.format(f'<image href="data:image/png;base64,{small}"/>').encode())


def test_it_takes_a_png_and_a_jpeg_as_they_are():
    assert checked_logo("logo.png", png_bytes()) == ("png", png_bytes())
    assert checked_logo("logo.jpg", png_bytes(kind="JPEG"))[0] == "jpg"


def test_it_refuses_a_file_that_only_claims_to_be_an_image():
    with pytest.raises(ValidationError) as error:
        checked_logo("logo.png", b"GIF89a not really")
    assert error.value.params == {"name": "logo.png"}
    with pytest.raises(ValidationError):
        checked_logo("logo.gif", png_bytes(kind="GIF"))


def test_it_refuses_a_logo_over_the_size_limit_naming_its_size():
    with pytest.raises(ValidationError) as error:
        checked_logo("big.png", b"\x89PNG" + b"0" * MAX_BYTES)
    assert error.value.params["name"] == "big.png"
    assert error.value.params["size"] == 1024


# --- staff keep the profile -------------------------------------------------------------------------------


def test_staff_save_the_profile_with_a_sanitised_svg_logo(staff_client, staff, media_root):
    logo = SimpleUploadedFile("logo.svg", SVG.format('<circle r="3" onload="x()"/><script>x()</script>').encode())
    response = staff_client.post(
        "/darbas/profilis/",
        {"name": "Rokiškio VVG", "short_name": "Rokiškio VVG", "email": "info@vvg.lt", "logo": logo,
         "funding_statement": "Bendrai finansuoja Europos Sąjunga", "show_eu_emblem": "on", "version": 0},
    )  # fmt: skip
    assert response.status_code == 302
    profile = Profile.objects.get()
    assert profile.logo.name.startswith("profile/logo-") and profile.logo.name.endswith(".svg")
    stored = (media_root / profile.logo.name).read_bytes()
    assert b"<circle" in stored and b"onload" not in stored and b"script" not in stored
    assert profile.history.get().history_user == staff


def test_it_refuses_a_bad_logo_with_a_message_and_saves_nothing(staff_client):
    logo = SimpleUploadedFile("logo.png", b"not an image at all")
    response = staff_client.post("/darbas/profilis/", {"name": "Rokiškio VVG", "logo": logo,
                                                         "funding_statement": "x"})  # fmt: skip
    assert response.status_code == 400
    assert "Logotipas „logo.png“ nėra PNG, JPEG ar SVG paveikslas." in response.content.decode()
    assert not Profile.objects.exists()


def test_it_refuses_a_social_link_that_is_no_address_naming_the_line(staff_client):
    response = staff_client.post(
        "/darbas/profilis/",
        {"name": "VVG", "funding_statement": "x", "social_links": "https://facebook.com/vvg\nfacebook vvg"},
    )
    assert response.status_code == 400
    assert "2 eilutė, „facebook vvg“, nėra interneto adresas" in response.content.decode()


def test_it_refuses_more_social_links_than_a_footer_can_carry_naming_the_count(staff_client):
    links = "\n".join(f"https://facebook.com/vvg{n}" for n in range(11))
    response = staff_client.post("/darbas/profilis/", {"name": "VVG", "funding_statement": "x", "social_links": links})
    assert response.status_code == 400
    assert "Nuorodų yra 11; jos rodomos kiekvieno puslapio apačioje, todėl leidžiama ne daugiau kaip 10." in (
        response.content.decode()
    )
    assert not Profile.objects.exists()


def test_the_header_and_footer_of_every_page_show_the_profile(client, db):
    Profile.objects.create(
        name="Rokiškio miesto vietos veiklos grupė",
        short_name="Rokiškio VVG",
        phone="+370 458 00000",
        email="info@rokiskiovvg.lt",
        company_code="300000001",
        social_links="https://www.facebook.com/rokiskiovvg",
    )
    for url in ["/", "/projektai/", "/apie/", "/en/strategijos/"]:
        html = client.get(url).content.decode()
        name = '<span lang="lt">Rokiškio VVG</span>' if url.startswith("/en/") else "Rokiškio VVG"
        assert f'<span class="brand-name">{name}</span>' in html
        assert 'href="mailto:info@rokiskiovvg.lt"' in html
        assert "+370 458 00000" in html and "300000001" in html
        assert '<a href="https://www.facebook.com/rokiskiovvg" rel="me">Facebook</a>' in html
        assert "img/eu-emblem" in html


def test_the_emblem_and_statement_are_left_out_when_the_vvg_says_so(client, db):
    Profile.objects.create(name="VVG", show_eu_emblem=False)
    html = client.get("/").content.decode()
    assert "eu-emblem" not in html and "Bendrai finansuoja" not in html


def test_before_the_profile_is_saved_the_name_is_vvg_name(client, db, settings):
    settings.VVG_NAME = "Pakruojo VVG"
    assert '<span class="brand-name">Pakruojo VVG</span>' in client.get("/").content.decode()


def test_english_pages_show_the_english_statement_or_mark_the_lithuanian(client, db):
    profile = Profile.objects.create(name="VVG")
    assert "Co-funded by the European Union" in client.get("/en/").content.decode()
    Profile.objects.filter(pk=profile.pk).update(funding_statement_en="")
    assert '<span lang="lt">Bendrai finansuoja Europos Sąjunga</span>' in client.get("/en/").content.decode()


# --- the site's pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/apie/", "Apie mus"),
        ("/prieinamumas/", "Prieinamumo pareiškimas"),
        ("/privatumas/", "Privatumas"),
        ("/en/apie/", "About us"),
        ("/en/prieinamumas/", "Accessibility statement"),
        ("/en/privatumas/", "Privacy"),
    ],
)
def test_the_sites_pages_have_default_texts_in_both_languages(client, db, url, heading):
    html = client.get(url).content.decode()
    assert f"<h1>{heading}</h1>" in html


def test_the_accessibility_statement_says_when_it_was_checked_and_how_to_report(client, db):
    Profile.objects.create(name="VVG", email="info@vvg.lt", accessibility_checked_on="2026-11-20")
    html = client.get("/prieinamumas/").content.decode()
    assert "Portalo prieinamumas paskutinį kartą tikrintas 2026-11-20." in html
    assert "Pranešti apie problemą" in html and 'href="mailto:info@vvg.lt"' in html


def test_the_privacy_page_lists_the_cookies_and_says_there_is_no_tracking(client, db):
    html = client.get("/privatumas/").content.decode()
    for cookie in ("sessionid", "csrftoken", "django_language"):
        assert f"<code>{cookie}</code>" in html
    assert "Jokios analitikos, reklamos ar sekimo" in html


def test_staff_text_replaces_the_default_and_is_rendered_safely(staff_client, client):
    response = staff_client.post(
        "/darbas/profilis/puslapiai/",
        {"about": "## Kas mes\n\nMes **veikiame** Utenoje. <script>alert(1)</script> [x](javascript:alert(1))",
         "about_en": "", "accessibility": "", "accessibility_en": "", "privacy": "", "privacy_en": "", "version": 0},
    )  # fmt: skip
    assert response.status_code == 302
    html = client.get("/apie/").content.decode()
    assert "<h2>Kas mes</h2>" in html and "<strong>veikiame</strong>" in html
    assert "<script>alert" not in html and "javascript:" not in html
    assert "vietos veiklos grupė: savivaldybės" not in html  # the default is replaced
    english = client.get("/en/apie/").content.decode()
    assert '<div lang="lt"><h2>Kas mes</h2>' in english  # Lithuanian on an English page is marked


def test_markdown_keeps_links_and_lists_and_drops_raw_html():
    html = render_markdown('- [VVG](https://vvg.lt)\n- <img src=x onerror="alert(1)">')
    assert '<a href="https://vvg.lt" rel="noopener">VVG</a>' in html
    assert "<img" not in html and "onerror" not in html


def test_the_profile_refuses_a_direction_override_in_its_name_and_control_characters_in_its_texts(staff_client):
    response = staff_client.post("/darbas/profilis/", {"name": "Utenos\u202e VVG", "funding_statement": "x"})
    assert response.status_code == 400
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE) (7 pozicijoje)" in response.context["form"].errors["name"][0]
    assert not Profile.objects.exists()
    response = staff_client.post("/darbas/profilis/puslapiai/", {"about": "Mes\x07 veikiame"})
    assert response.status_code == 400
    assert response.context["form"].errors["about"] == [
        "Tekste yra valdymo simbolis U+0007 (4 pozicijoje): pašalinkite jį."
    ]
    assert not Profile.objects.exists()


def test_the_admin_shows_the_profile_and_its_history_but_changes_nothing(staff_client):
    # The workspace's page is the one way to change it: the version check and the logo check live there.
    Profile.objects.create(name="Utenos VVG")
    page = staff_client.get("/admin/vvg_profile/profile/1/change/")
    assert page.status_code == 200 and "Utenos VVG" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    response = staff_client.post("/admin/vvg_profile/profile/1/change/", {"name": "Kita VVG", "funding_statement": "x"})
    assert response.status_code == 403
    assert staff_client.post("/admin/vvg_profile/profile/add/", {"name": "Antra"}).status_code == 403
    assert list(Profile.objects.values_list("name", flat=True)) == ["Utenos VVG"]


def test_a_profile_saved_by_someone_else_meanwhile_is_not_overwritten_and_the_typed_values_stay(staff_client):
    profile_page = staff_client.get("/darbas/profilis/")
    assert profile_page.context["form"]["version"].value() == 0  # never saved yet
    first = {"name": "Utenos VVG", "funding_statement": "x", "version": 0}
    assert staff_client.post("/darbas/profilis/", first).status_code == 302
    # a second tab opened before that save still says version 0: it would create the profile a second time
    late = staff_client.post("/darbas/profilis/", {**first, "name": "Kita VVG"})
    assert late.status_code == 409
    assert "išsaugojo profilį, kol jį redagavote, todėl jūsų pakeitimai neišsaugoti." in late.content.decode()
    assert late.context["form"]["name"].value() == "Kita VVG"  # what was typed stays on the page
    assert late.context["form"]["version"].value() == 1  # now based on the saved version
    assert "Išsaugota versija – Vida Darbuotoja, " in late.content.decode()  # who saved it, and when
    assert Profile.objects.get().name == "Utenos VVG"
    # the texts' page reads the same version: saving it over a newer profile is refused too
    assert staff_client.post("/darbas/profilis/", {**first, "version": 1}).status_code == 302
    stale_texts = staff_client.post("/darbas/profilis/puslapiai/", {**PAGE_TEXTS, "about": "Apie mus", "version": 1})
    assert stale_texts.status_code == 409
    assert Profile.objects.get().about == ""
    saved = staff_client.post("/darbas/profilis/puslapiai/", {**PAGE_TEXTS, "about": "Apie mus", "version": 2})
    assert saved.status_code == 302
    assert Profile.objects.get().about == "Apie mus" and Profile.objects.get().version == 3


def test_a_refused_first_save_leaves_no_logo_file_behind_and_asks_for_the_logo_again(staff_client, media_root):
    first = {"name": "Utenos VVG", "funding_statement": "x", "version": 0}
    assert staff_client.post("/darbas/profilis/", first).status_code == 302
    logo = SimpleUploadedFile("naujas.png", png_bytes())
    late = staff_client.post("/darbas/profilis/", {**first, "logo": logo})
    assert late.status_code == 409
    assert late.context["form"].errors["logo"] == [
        "Logotipas „naujas.png“ neišsaugotas kartu su kitais duomenimis: prieš saugodami pasirinkite failą dar "
        "kartą, kitaip profilis pasiliks dabartinį logotipą."
    ]
    assert list(media_root.rglob("*.png")) == []  # the file written before the refused insert is removed
    assert not Profile.objects.get().logo


@pytest.mark.parametrize("version", [None, "", "abc", "1.5"])
def test_a_profile_form_without_its_version_saves_nothing_and_says_why_above_the_form(staff_client, version):
    Profile.objects.create(name="Utenos VVG")
    data = {"name": "Kita VVG", "funding_statement": "x"} | ({} if version is None else {"version": version})
    response = staff_client.post("/darbas/profilis/", data)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Puslapyje nenurodyta, kurią versiją skaitėte, todėl išsaugojus būtų galima perrašyti naujesnį kito žmogaus "
        "pakeitimą. Niekas neišsaugota: atverkite puslapį iš naujo ir pakeiskite dar kartą."
    ]
    assert "version" not in response.context["form"].errors  # a hidden field's error would not show
    assert Profile.objects.get().name == "Utenos VVG"


# As the page sends them while the profile has never been saved (version 0).
PAGE_TEXTS = {
    "about_en": "",
    "accessibility": "",
    "accessibility_en": "",
    "privacy": "",
    "privacy_en": "",
    "version": 0,
}


def test_a_page_text_nesting_lists_too_deep_is_refused_and_a_saved_one_still_shows(staff_client, client):
    # One line of dashes is a list inside a list three thousand times: it ran Python-Markdown out of recursion,
    # so the public page answered 500 on every request.
    dashes = "- " * 3000 + "Mes"
    response = staff_client.post("/darbas/profilis/puslapiai/", {**PAGE_TEXTS, "about": dashes})
    assert response.status_code == 400
    assert response.context["form"].errors["about"] == [
        "Tekste sąrašai ar citatos įdėti vienas į kitą per giliai, todėl jo negalima parodyti. "
        "Palikite ne daugiau kaip kelis lygius."
    ]
    assert not Profile.objects.exists()
    Profile.objects.create(name="VVG", about=dashes)  # saved before this check
    response = client.get("/apie/")
    assert response.status_code == 200
    assert "- - - Mes" in response.content.decode()  # shown as plain text


def test_a_page_text_too_long_or_with_too_many_brackets_is_refused_naming_the_count(staff_client):
    # An unclosed "[" makes Python-Markdown read the rest of the paragraph again: 20 000 of them took minutes.
    response = staff_client.post(
        "/darbas/profilis/puslapiai/", {**PAGE_TEXTS, "about": "[" * 301, "privacy": "a" * 20_001}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["about"] == [
        "Tekste yra 301 laužtinis skliaustas „[“; leidžiama ne daugiau kaip 300 (nuorodai reikia vieno)."
    ]
    assert errors["privacy"] == ["Tekste yra 20001 simbolis; puslapio tekste leidžiama ne daugiau kaip 20000."]
    assert not Profile.objects.exists()
    links = "\n".join(f"- [Nuoroda {n}](https://vvg.lt/{n})" for n in range(300))
    assert staff_client.post("/darbas/profilis/puslapiai/", {**PAGE_TEXTS, "about": links}).status_code == 302


def test_a_page_text_with_brackets_left_open_in_long_paragraphs_is_refused_naming_where(staff_client):
    # Within both limits above, 300 unclosed "[" in a paragraph of 20 000 characters took 1,4 s to render.
    slow = "Įvadas.\n\n" + "[" * 300 + "a" * 19_000
    response = staff_client.post("/darbas/profilis/puslapiai/", {**PAGE_TEXTS, "about": slow})
    assert response.status_code == 400
    assert response.context["form"].errors["about"] == [
        "Tekste yra skliaustų, dėl kurių puslapis būtų rodomas lėtai: „[“ arba nuorodos „(“, kurio uždarantysis "
        "skliaustas ilgoje pastraipoje yra toli arba jo nėra (toliausiai siekiantis – ties simboliu Nr. 10). "
        "Kiekvieną skliaustą uždarykite netoli ten, kur jis atidarytas, arba padalykite pastraipą."
    ]
    assert not Profile.objects.exists()
    # the same brackets closed, or the paragraph split into short ones, are read quickly and kept
    closed = "Įvadas.\n\n" + "[a] " * 300 + "a" * 18_000
    assert staff_client.post("/darbas/profilis/puslapiai/", {**PAGE_TEXTS, "about": closed}).status_code == 302
    split = "\n\n".join("[" + "a" * 60 for _ in range(300))
    response = staff_client.post("/darbas/profilis/puslapiai/", {**PAGE_TEXTS, "about": split, "version": 1})
    assert response.status_code == 302


def test_a_page_text_running_too_many_lines_in_a_row_is_refused_naming_where_and_an_old_one_shows_plain(
    staff_client, client
):
    # 10 000 one-character headings in a row (20 000 characters) took Python-Markdown 2,3 s to render
    slow = "Įvadas.\n\n" + "=\n" * 10_000
    response = staff_client.post("/darbas/profilis/puslapiai/", {**PAGE_TEXTS, "about": slow[:20_000]})
    assert response.status_code == 400
    assert response.context["form"].errors["about"] == [
        "Nuo 3 eilutės tekstas tęsiasi 9996 eilutes be tuščios eilutės tarp jų; leidžiama ne daugiau kaip 400. "
        "Tarp pastraipų palikite tuščią eilutę."
    ]
    # the same lines with an empty one every 400 are kept, and render in a fraction of the time
    kept = "\n".join("=\n" * 400 for _ in range(24))
    assert staff_client.post("/darbas/profilis/puslapiai/", {**PAGE_TEXTS, "about": kept}).status_code == 302
    # a text saved before the check is shown as plain paragraphs, not rendered
    Profile.objects.update(about=slow)
    assert client.get("/apie/").status_code == 200
    assert render_markdown(slow).startswith("<p>Įvadas.</p>")


def test_the_message_names_the_bracket_that_reaches_farthest_not_the_first_one(staff_client):
    # A harmless open "[" first, then links whose "(" never closes: the message points at the first of those.
    text = "[x\n\n" + "[a](" * 290 + "b" * 15_000
    response = staff_client.post("/darbas/profilis/puslapiai/", {**PAGE_TEXTS, "about": text})
    assert "ties simboliu Nr. 8)" in response.context["form"].errors["about"][0]


def test_raw_html_is_inline_text_for_the_sanitiser_not_a_block_markdown_skips():
    # Python-Markdown's raw-HTML block step read 20 000 characters of "<a " for 3 s; without it a tag is inline
    # text that nh3 removes, and Markdown around it is Markdown.
    assert "<em>a</em>" in render_markdown("<div>\n*a*\n</div>")
    assert "<div" not in render_markdown("<div>\n*a*\n</div>")
    assert render_markdown("Mes <b>veikiame</b> <script>x</script> **čia**") == (
        "<p>Mes <b>veikiame</b>  <strong>čia</strong></p>"
    )


def test_read_ahead_follows_each_bracket_to_its_match_or_the_paragraphs_end():
    assert read_ahead("[a](b) and [c]") == 2 + 2 + 2  # "[a", "(b", "[c": each to its closing one
    assert read_ahead("[[a]]") == 4 + 2  # the outer one reads to its own "]", past the inner pair
    assert read_ahead("[abc\n\nnext") == 4  # an open one reads to the end of its paragraph only
    assert read_ahead("no links (at all)") == 0


def test_a_page_text_is_rendered_once_however_often_the_page_is_shown(client, db, monkeypatch):
    calls = []
    real = markdown_module._html
    monkeypatch.setattr(markdown_module, "_html", lambda text: calls.append(text) or real(text))
    Profile.objects.create(name="VVG", about="Apie **mus**, kartą: " + str(id(calls)))
    for _request in range(3):
        assert "<strong>mus</strong>" in client.get("/apie/").content.decode()
    assert len(calls) == 1


# --- language both ways, English content ------------------------------------------------------------------


def test_the_language_link_leads_to_the_same_page_with_its_query(client, db):
    html = client.get("/en/projektai/?q=x&busena=in_progress").content.decode()
    assert '<a class="nav-link" href="/projektai/?q=x&amp;busena=in_progress" lang="lt" hreflang="lt">' in html
    html = client.get("/projektai/?q=x").content.decode()
    assert '<a class="nav-link" href="/en/projektai/?q=x" lang="en" hreflang="en">English</a>' in html
    assert '<link rel="alternate" hreflang="lt" href="http://testserver/projektai/?q=x">' in html


def test_a_missing_page_links_to_the_home_page_of_the_other_language(client, db):
    html = client.get("/en/nera-tokio/").content.decode()
    assert '<a class="nav-link" href="/" lang="lt" hreflang="lt">Lietuviškai</a>' in html


def test_english_pages_show_english_titles_and_mark_lithuanian_ones(client, db):
    strategy = make_strategy(title="Strategija", title_en="The strategy")
    node = make_node(strategy, "1", title="Uždavinys be vertimo")
    make_project(node, title="Gera būti", title_en="Good to be")
    html = client.get("/en/projektai/").content.decode()
    assert "„Good to be“" in html
    assert '<span lang="lt">Uždavinys be vertimo</span>' in html
    html = client.get(f"/en/strategijos/{strategy.code}/").content.decode()
    assert "<h1>The strategy</h1>" in html
    assert "„Gera būti“" in client.get("/projektai/").content.decode()
