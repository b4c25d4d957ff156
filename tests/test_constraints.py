"""When the database itself refuses a write (two requests slipped past the check together), people read why."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from common.constraints import constraint_message
from participants.models import ProgressReport
from projects.models import Organisation, Project

from .conftest import make_node, make_organisation, make_project, make_strategy

pytestmark = pytest.mark.django_db


def refusal(write):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    with translation.override("lt"):
        return constraint_message(caught.value)


def test_a_second_project_with_the_same_code_names_the_code():
    node = make_node(make_strategy(), "1")
    make_project(node, "Pirmas", code="07-007-P-0001")
    message = refusal(lambda: Project.objects.create(node=node, title="Antras", slug="antras", code="07-007-P-0001"))
    assert message == "Kodas: Kitas projektas jau turi šį kodą."


def test_a_second_report_starting_the_same_day_names_the_period():
    project = make_project(make_node(make_strategy(), "1"))
    ProgressReport.objects.create(project=project, period_start="2024-01-01", period_end="2024-03-31")
    message = refusal(
        lambda: ProgressReport.objects.create(project=project, period_start="2024-01-01", period_end="2024-01-31")
    )
    assert message in (
        "Laikotarpis nuo: Projektas jau turi ataskaitą už laikotarpį, prasidedantį šią dieną.",
        # PostgreSQL may meet its exclusion constraint first; the services word that one themselves
        "Pakeitimas pažeidžia duomenų bazės taisyklę ir neišsaugotas. Patikrinkite reikšmes ir bandykite dar kartą.",
    )


def test_a_second_organisation_of_the_same_name_names_the_name():
    make_organisation("Utenos kolegija")
    message = refusal(lambda: Organisation.objects.create(name="Utenos kolegija", slug="kita"))
    assert message == "Pavadinimas: Organizacija tokiu pavadinimu jau yra portale."


def test_a_period_ending_before_it_starts_names_the_field():
    project = make_project(make_node(make_strategy(), "1"))
    message = refusal(
        lambda: ProgressReport.objects.create(project=project, period_start="2024-03-01", period_end="2024-01-31")
    )
    assert message == "Iki: laikotarpis turi baigtis vėliau, nei prasideda."
