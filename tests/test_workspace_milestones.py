"""Staff keep a strategy's milestones in the workspace; the board reads them; bad rows save nothing."""

import datetime

import pytest

from strategies.models import Milestone

from .conftest import inline, make_indicator, make_node, make_strategy

pytestmark = pytest.mark.django_db

URL = "/darbas/strategijos/2023-2029/tarpines-reiksmes/"


@pytest.fixture
def strategy(db):
    strategy = make_strategy(budget=1000000)
    make_indicator(make_node(strategy, "1.1"), "Projektai", unit="projects", source="projects", target=6)
    make_indicator(strategy, "Dalyviai", target=360)
    return strategy


def rows(*items):
    return inline("milestones", [{"indicator": i, "date": d, "value": v, "note": n} for i, d, v, n in items])


def test_staff_set_milestones_of_an_indicator_and_of_the_money(staff_client, strategy):
    participants = strategy.indicators.get(name="Dalyviai")
    response = staff_client.post(
        URL,
        rows(
            (participants.pk, "2025-12-31", "150", "Tarpinė reikšmė"),
            ("", "2025-12-31", "250 000,50", ""),
        ),
    )
    assert response.status_code == 302
    saved = list(Milestone.objects.order_by("indicator").values_list("indicator__name", "date", "value"))
    assert sorted(saved, key=str) == sorted(
        [("Dalyviai", datetime.date(2025, 12, 31), 150), (None, datetime.date(2025, 12, 31), 250000.5)], key=str
    )
    page = staff_client.get("/darbas/strategijos/").content.decode().replace("\u00a0", " ")
    assert "Tarpinė reikšmė" in page and "250 000,50 €" in page


def test_a_date_outside_the_period_is_named_and_nothing_is_saved(staff_client, strategy):
    participants = strategy.indicators.get(name="Dalyviai")
    response = staff_client.post(
        URL,
        rows((participants.pk, "2025-12-31", "150", ""), (participants.pk, "2031-01-01", "300", "")),
    )
    assert response.status_code == 200
    assert "2031-01-01" in response.content.decode()
    assert not Milestone.objects.exists()


def test_two_rows_for_one_indicator_on_one_day_are_refused(staff_client, strategy):
    participants = strategy.indicators.get(name="Dalyviai")
    response = staff_client.post(
        URL, rows((participants.pk, "2025-12-31", "150", ""), (participants.pk, "2025-12-31", "160", ""))
    )
    assert response.status_code == 200
    assert "Kita eilutė" in response.content.decode()
    assert not Milestone.objects.exists()


def test_a_negative_value_and_another_strategys_indicator_are_refused(staff_client, strategy):
    other = make_indicator(make_strategy("2016-2022", 2016, 2022), "Svetimas", target=5)
    response = staff_client.post(URL, rows(("", "2025-12-31", "-5", ""), (other.pk, "2025-12-31", "5", "")))
    page = response.content.decode()
    assert response.status_code == 200
    assert "negali būti neigiamas" in page
    assert "Pasirinkite tinkamą reikšmę" in page  # the other strategy's indicator is not offered
    assert not Milestone.objects.exists()


def test_staff_delete_a_milestone(staff_client, strategy):
    kept = Milestone.objects.create(strategy=strategy, date=datetime.date(2024, 12, 31), value=100)
    data = inline("milestones", [{"id": kept.pk, "date": "2024-12-31", "value": "100", "DELETE": "on"}], initial=1)
    assert staff_client.post(URL, data).status_code == 302
    assert not Milestone.objects.exists()


def test_the_board_reads_milestones_but_cannot_change_them(board_client, strategy):
    Milestone.objects.create(strategy=strategy, date=datetime.date(2024, 12, 31), value=100)
    page = board_client.get("/darbas/strategijos/")
    assert page.status_code == 200
    assert "2024-12-31" in page.content.decode()
    assert URL not in page.content.decode()
    assert board_client.get(URL).status_code == 403
    assert board_client.post(URL, rows(("", "2025-12-31", "5", ""))).status_code == 403
    assert Milestone.objects.count() == 1


STALE_ROW = "1 eilutės (įrašo „{}“) nebėra tarp šio puslapio eilučių"


def test_a_row_deleted_meanwhile_or_of_another_strategy_is_named_and_nothing_is_saved(staff_client, strategy):
    # A colleague deleted the milestone after this page was opened: the refusal sat on a hidden field, unseen.
    gone = Milestone.objects.create(strategy=strategy, date=datetime.date(2024, 12, 31), value=100)
    data = inline("milestones", [{"id": gone.pk, "date": "2024-12-31", "value": "150"}], initial=1)
    gone_pk = gone.pk
    gone.delete()
    response = staff_client.post(URL, data)
    assert response.status_code == 200
    assert STALE_ROW.format(gone_pk) in response.content.decode()
    assert not Milestone.objects.exists()
    # Another strategy's milestone: the row was dropped without a word and the page said "saved".
    other = Milestone.objects.create(
        strategy=make_strategy("2016-2022", 2016, 2022), date=datetime.date(2020, 12, 31), value=100
    )
    data = inline(
        "milestones",
        [{"id": other.pk, "date": "2024-12-31", "value": "150"}, {"date": "2025-12-31", "value": "300"}],
        initial=1,
    )
    response = staff_client.post(URL, data)
    assert response.status_code == 200
    assert STALE_ROW.format(other.pk) in response.content.decode()
    assert list(Milestone.objects.values_list("strategy__code", "value")) == [("2016-2022", 100)]


def test_a_milestone_saved_at_the_same_moment_elsewhere_is_a_message_not_an_error(staff_client, strategy, monkeypatch):
    """Two tabs (or a double click) add the same money milestone: the second save finds the row in the database."""
    from strategies.forms import BaseMilestoneFormSet

    save = BaseMilestoneFormSet.save

    def save_after_the_other_tab(self, *args, **kwargs):
        Milestone.objects.create(strategy=strategy, date=datetime.date(2027, 6, 30), value=1)  # after the check
        return save(self, *args, **kwargs)

    monkeypatch.setattr(BaseMilestoneFormSet, "save", save_after_the_other_tab)
    response = staff_client.post(URL, rows(("", "2027-06-30", "2 000", "")))
    assert response.status_code == 409
    assert "Nieko neišsaugota:" in response.content.decode()
    assert not Milestone.objects.filter(value=2000).exists()  # nothing of this save (the stand-in rolled back too)


def test_a_milestone_above_the_final_target_or_the_budget_is_refused_naming_both(staff_client, strategy):
    participants = strategy.indicators.get(name="Dalyviai")
    response = staff_client.post(
        URL, rows((participants.pk, "2026-12-31", "500", ""), ("", "2026-12-31", "1 200 000", ""))
    )
    page = response.content.decode().replace("\u00a0", " ")
    assert response.status_code == 200
    assert "negali būti didesnė už rodiklio siektiną reikšmę (360), o 500 – didesnė" in page
    assert "negali būti didesnė už strategijos biudžetą (1 000 000,00 €), o 1 200 000,00 € – didesnė" in page
    assert not Milestone.objects.exists()


def test_a_later_milestone_below_an_earlier_one_is_refused_but_changing_both_at_once_is_judged_by_the_result(
    staff_client, strategy
):
    kept = Milestone.objects.create(strategy=strategy, date=datetime.date(2025, 12, 31), value=300000)
    falling = inline(
        "milestones",
        [{"id": kept.pk, "date": "2025-12-31", "value": "300000"}, {"date": "2028-12-31", "value": "100"}],
        initial=1,
    )
    response = staff_client.post(URL, falling)
    page = response.content.decode().replace("\u00a0", " ")
    assert response.status_code == 200
    assert "100 (2028-12-31), o ankstesnė – 300 000 (2025-12-31)" in page
    assert list(Milestone.objects.values_list("value", flat=True)) == [300000]

    both = inline(
        "milestones",
        [{"id": kept.pk, "date": "2025-12-31", "value": "50"}, {"date": "2028-12-31", "value": "100"}],
        initial=1,
    )
    assert staff_client.post(URL, both).status_code == 302
    assert list(Milestone.objects.order_by("date").values_list("value", flat=True)) == [50, 100]


def test_the_strategys_last_day_is_refused_with_the_last_day_a_milestone_may_take(staff_client, strategy):
    participants = strategy.indicators.get(name="Dalyviai")
    form = staff_client.get(URL).content.decode()
    assert "2023-01-01 ir 2029-12-30" in form
    response = staff_client.post(URL, rows((participants.pk, "2029-12-31", "300", "")))
    assert "(2023-01-01 – 2029-12-30" in response.content.decode()
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("typed", ["sNaN", "NaN", "Infinity"])
def test_a_value_that_is_not_a_finite_number_is_refused_quoting_it(staff_client, strategy, typed):
    kept = Milestone.objects.create(strategy=strategy, date=datetime.date(2025, 12, 31), value=1000)
    data = inline("milestones", [{"id": kept.pk, "date": "2025-12-31", "value": typed}], initial=1)
    response = staff_client.post(URL, data)
    assert response.status_code == 200
    assert f"Įveskite skaičių, o ne „{typed}“." in response.content.decode()
    assert list(Milestone.objects.values_list("value", flat=True)) == [1000]


def test_a_form_that_says_it_posts_a_million_rows_builds_no_more_than_the_limit(staff_client, strategy):
    data = {**rows(("", "2025-12-31", "1000", "")), "milestones-TOTAL_FORMS": "1000000"}
    response = staff_client.post(URL, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "ne daugiau kaip 200" in page
    assert page.count('name="milestones-') <= 6 * 200 + 4  # six boxes a row, the limit of rows at most
    assert not Milestone.objects.exists()


def test_saved_values_show_in_their_boxes_as_a_person_writes_them(staff_client, strategy):
    Milestone.objects.create(strategy=strategy, date=datetime.date(2025, 12, 31), value=300000)
    Milestone.objects.create(strategy=strategy, date=datetime.date(2026, 12, 31), value="400000.50")
    page = staff_client.get(URL).content.decode()
    assert 'value="300000"' in page and 'value="400000,50"' in page


def test_the_milestones_page_lists_its_errors_first(staff_client, strategy):
    response = staff_client.post(URL, rows(("", "2031-01-01", "abc", "")))
    summary = response.content.decode().split('class="alert alert-danger error-summary"', 1)[1].split("</div>", 1)[0]
    assert "reikia pataisyti 2 dalykus" in summary
    assert (
        "Tarpinės reikšmės, eilutė 1 · Data" in summary and "Tarpinės reikšmės, eilutė 1 · Tarpinė reikšmė" in summary
    )
