"""Logging in and out, changing the password, and the account links in the header."""

import pytest

pytestmark = pytest.mark.django_db


def test_staff_log_in_and_land_where_they_were_going(client, staff):
    page = client.get("/paskyra/login/?next=/darbas/")
    assert "Prisijungti" in page.content.decode()
    response = client.post("/paskyra/login/", {"username": "vida", "password": "pass-for-tests", "next": "/darbas/"})
    assert response.status_code == 302
    assert response["Location"] == "/darbas/"


@pytest.mark.parametrize(("who", "lands"), [("staff", "/darbas/"), ("board_member", "/darbas/"), ("outsider", "/")])
def test_a_login_without_a_destination_leads_staff_and_the_board_to_the_workspace(client, request, who, lands):
    user = request.getfixturevalue(who)
    user.set_password("pass-for-tests")
    user.save()
    response = client.post("/paskyra/login/", {"username": user.username, "password": "pass-for-tests"}, follow=True)
    assert response.redirect_chain[-1][0] == lands
    assert response.status_code == 200


def test_a_wrong_password_says_so_in_lithuanian(client, staff):
    response = client.post("/paskyra/login/", {"username": "vida", "password": "neteisingas"})
    assert response.status_code == 200
    assert "Neteisingas vartotojo vardas arba slaptažodis." in response.content.decode()


def test_logging_out_is_a_post(staff_client):
    assert staff_client.get("/paskyra/logout/").status_code == 405
    response = staff_client.post("/paskyra/logout/")
    assert response.status_code == 302
    assert staff_client.get("/darbas/").status_code == 302  # logged out: sent to log in


def test_staff_change_their_password(staff_client, staff):
    page = staff_client.get("/paskyra/password_change/")
    assert "Pakeiskite slaptažodį" in page.content.decode()
    response = staff_client.post(
        "/paskyra/password_change/",
        {"old_password": "pass-for-tests", "new_password1": "Naujas-Slapt-2026", "new_password2": "Naujas-Slapt-2026"},
    )
    assert response["Location"] == "/paskyra/password_change/done/"
    staff.refresh_from_db()
    assert staff.check_password("Naujas-Slapt-2026")
    assert "Slaptažodis pakeistas" in staff_client.get(response["Location"]).content.decode()


def test_the_header_offers_log_in_to_anonymous_visitors(client):
    html = client.get("/apie/").content.decode()
    assert 'href="/paskyra/login/?next=/apie/"' in html
    assert "Atsijungti" not in html


def test_the_header_links_staff_to_the_workspace(staff_client):
    html = staff_client.get("/paskyra/password_change/").content.decode()
    assert '<a class="nav-link" href="/darbas/">Darbo sritis</a>' in html
    assert '<form method="post" action="/paskyra/logout/">' in html


def test_the_header_links_board_members_to_the_reports(board_client):
    html = board_client.get("/paskyra/password_change/").content.decode()
    assert '<a class="nav-link" href="/darbas/ataskaitos/">Pažangos ataskaitos</a>' in html
    assert '<a class="nav-link" href="/ataskaitos/">PDF ataskaitos</a>' in html  # two names apart
    assert 'href="/darbas/"' not in html


def test_the_password_rules_and_their_errors_are_in_lithuanian(staff_client):
    """Django's own Lithuanian catalogue lacks the rules since their apostrophe became ’; the portal gives them."""
    page = staff_client.get("/paskyra/password_change/").content.decode()
    assert "Your password" not in page
    assert "Jūsų slaptažodis negali būti pernelyg panašus į kitą jūsų asmeninę informaciją." in page
    assert "Jūsų slaptažodis negali būti dažnai naudojamas slaptažodis." in page
    assert "Jūsų slaptažodis negali būti sudarytas tik iš skaitmenų." in page
    response = staff_client.post(
        "/paskyra/password_change/",
        {"old_password": "pass-for-tests", "new_password1": "Naujas-Slapt-2026", "new_password2": "Kitas-Slapt-2026"},
    )
    assert response.context["form"].errors["new_password2"] == ["Abu slaptažodžio laukai nesutampa."]


def test_the_log_in_link_on_the_log_in_page_does_not_lead_back_to_it_after_logging_in(client, staff):
    page = client.get("/paskyra/login/").content.decode()
    assert "next=/paskyra/login/" not in page
    assert 'href="/paskyra/login/" aria-current="page"' in page
    page = client.get("/paskyra/login/?next=/darbas/").content.decode()
    assert 'href="/paskyra/login/?next=/darbas/" aria-current="page"' in page
    assert "{#" not in page and "{#" not in client.get("/apie/").content.decode()  # no comment leaks into the menu
