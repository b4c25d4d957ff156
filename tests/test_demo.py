"""The demo loads the source articles' facts, and loading it twice changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command

from participants.models import ProgressReport
from projects.models import Organisation, Project, ProjectPartner, ProjectTargetGroup
from strategies.models import Indicator, ManualValue, Milestone, Node, Strategy, TargetGroup
from vvg_profile.models import Profile

pytestmark = pytest.mark.django_db

MODELS = [
    Strategy,
    Node,
    Indicator,
    ManualValue,
    TargetGroup,
    Organisation,
    Project,
    ProjectPartner,
    ProjectTargetGroup,
    Profile,
]


def _snapshot():
    data = {model.__name__: serializers.serialize("json", model.objects.order_by("pk")) for model in MODELS}
    data["history"] = Project.history.count() + Organisation.history.count()
    data["users"] = list(get_user_model().objects.values_list("username", "password", "last_login"))
    return data


def test_it_loads_twice_without_change():
    call_command("load_demo", force=True)
    first = _snapshot()
    call_command("load_demo", force=True)
    assert _snapshot() == first


def test_it_holds_the_2023_2029_strategy_with_its_targets():
    call_command("load_demo", force=True)
    strategy = Strategy.objects.get(code="2023-2029")
    assert strategy.status == "in_force"
    codes = list(strategy.nodes.values_list("code", flat=True))
    assert codes == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.1", "1.2.2", "1.2.3"]
    targets = {
        (i.node.code if i.node else None): (i.target_kind, i.target, i.target_max)
        for i in strategy.indicators.filter(unit="projects").select_related("node")
    }
    assert targets == {
        "1.1": ("range", 6, 7),
        "1.2.1": ("exact", 1, None),
        "1.2.2": ("exact", 1, None),
        "1.2.3": ("exact", 3, None),
    }
    participants = strategy.indicators.get(node=None, unit="participants")
    assert (participants.target_kind, participants.target) == ("at_least", 360)
    assert not Project.objects.filter(node__strategy=strategy).exists()


def test_it_holds_the_2016_2022_strategy_with_the_articles_figures():
    call_command("load_demo", force=True)
    strategy = Strategy.objects.get(code="2016-2022")
    assert list(strategy.nodes.values_list("code", flat=True)) == ["1", "2", "3", "4"]
    per_objective = dict(
        Project.objects.filter(node__strategy=strategy)
        .values_list("node__code")
        .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id"))
        .order_by()
    )
    assert per_objective == {"1": 6, "2": 1, "3": 4, "4": 4}
    objective_1 = strategy.indicators.get(node__code="1", unit="participants")
    assert (objective_1.target_kind, objective_1.target) == ("about", 1000)
    value = objective_1.manual_values.get()
    assert (str(value.date), value.value) == ("2020-12-31", 1200)
    assert Project.objects.get(title="Pokyčių keliu").promoter.name == "Utenos šeimos ir vaiko gerovės centras"


def test_it_creates_the_demo_accounts_in_their_roles():
    call_command("load_demo", force=True)
    staff = get_user_model().objects.get(username="staff")
    board = get_user_model().objects.get(username="board")
    assert staff.check_password("vvg-demo-2026")
    assert staff.has_perm("participants.approve_progressreport")
    assert board.has_perm("participants.view_progressreport")
    assert not board.has_perm("participants.change_progressreport")


def test_it_holds_the_target_group_list():
    call_command("load_demo", force=True)
    assert TargetGroup.objects.count() == 14
    assert TargetGroup.objects.get(slug="senjorai").name_en == "Seniors"


def test_the_plain_demo_holds_no_sample():
    call_command("load_demo", force=True)
    strategy = Strategy.objects.get(code="2023-2029")
    assert strategy.holds_sample is False and strategy.budget is None
    assert not Milestone.objects.exists()
    assert not Project.objects.filter(is_sample=True).exists()


def test_the_sample_adds_a_marked_fictional_set_to_2023_2029_once():
    call_command("load_demo", "--sample", force=True, stdout=io.StringIO())
    first = _snapshot() | {"reports": list(ProgressReport.objects.order_by("pk").values())}
    call_command("load_demo", "--sample", force=True, stdout=io.StringIO())
    assert _snapshot() | {"reports": list(ProgressReport.objects.order_by("pk").values())} == first

    strategy = Strategy.objects.get(code="2023-2029")
    assert strategy.holds_sample is True
    projects = Project.objects.filter(node__strategy=strategy)
    assert projects.count() == 8 and all(p.is_sample and p.title.endswith("(pavyzdys)") for p in projects)
    assert set(projects.values_list("status", flat=True)) == set(Project.Status.values)
    reports = ProgressReport.objects.filter(project__node__strategy=strategy)
    assert reports.count() == 20
    assert set(reports.values_list("status", flat=True)) == set(ProgressReport.Status.values)
    assert {r.period_end.year for r in reports} == {2024, 2025}
    assert Milestone.objects.filter(strategy=strategy, indicator=None).exists()  # the money's
    assert Milestone.objects.filter(strategy=strategy, indicator__isnull=False).count() == 3
    # the 2016–2022 strategy of the articles is untouched
    assert not Project.objects.filter(node__strategy__code="2016-2022", is_sample=True).exists()


def test_its_profile_is_utenas_with_the_eu_funding_statement_shown():
    call_command("load_demo", force=True)
    profile = Profile.objects.current()
    assert (profile.name, profile.short_name) == ("Utenos miesto vietos veiklos grupė", "Utenos miesto VVG")
    assert profile.show_eu_emblem
    assert (profile.funding_statement, profile.funding_statement_en) == (
        "Bendrai finansuoja Europos Sąjunga",
        "Co-funded by the European Union",
    )


def test_it_leaves_a_profile_the_vvg_has_saved_as_it_is():
    Profile.objects.create(name="Rokiškio VVG", show_eu_emblem=False)
    call_command("load_demo", force=True)
    profile = Profile.objects.get()
    assert (profile.name, profile.show_eu_emblem) == ("Rokiškio VVG", False)
