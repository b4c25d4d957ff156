"""The demo loads the source articles' facts, and loading it twice changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command

from participants.models import TargetGroup
from projects.models import Organisation, Project, ProjectPartner, ProjectTargetGroup
from strategies.models import Indicator, ManualValue, Node, Strategy

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
]


def _snapshot():
    data = {model.__name__: serializers.serialize("json", model.objects.order_by("pk")) for model in MODELS}
    data["history"] = Project.history.count() + Organisation.history.count()
    data["users"] = list(get_user_model().objects.values_list("username", "password", "last_login"))
    return data


def test_it_loads_twice_without_change():
    call_command("load_demo")
    first = _snapshot()
    call_command("load_demo")
    assert _snapshot() == first


def test_it_holds_the_2023_2029_strategy_with_its_targets():
    call_command("load_demo")
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
    call_command("load_demo")
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
    call_command("load_demo")
    staff = get_user_model().objects.get(username="staff")
    board = get_user_model().objects.get(username="board")
    assert staff.check_password("vvg-demo-2026")
    assert staff.has_perm("participants.approve_progressreport")
    assert board.has_perm("participants.view_progressreport")
    assert not board.has_perm("participants.change_progressreport")


def test_it_holds_the_target_group_list():
    call_command("load_demo")
    assert TargetGroup.objects.count() == 14
    assert TargetGroup.objects.get(slug="senjorai").name_en == "Seniors"
