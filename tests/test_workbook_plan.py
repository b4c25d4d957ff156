"""The change computation is a pure function: typed rows and the saved state in, the plan out, no database.

These tests build both sides by hand, so they run without a database and say exactly which rule they pin.
"""

import datetime
from decimal import Decimal

from django.utils import translation

from workbooks.plan import NEW, UNCHANGED, UPDATED, SavedOrganisation, SavedProject, SavedReport, Snapshot, compute_plan
from workbooks.rows import ABSENT, ProjectRow, ReportRow, TypedRows

D = datetime.date
ALL_RIGHTS = frozenset(
    {
        "projects.add_organisation",
        "projects.change_organisation",
        "projects.add_project",
        "projects.change_project",
        "participants.add_progressreport",
        "participants.change_progressreport",
        "participants.approve_progressreport",
    }
)
SENIORS = 7


def snapshot(reports=(), **project):
    saved = SavedProject(
        pk=1,
        version=3,
        code="P-1",
        title="Gera būti",
        node_id=10,
        status="in_progress",
        start_date=D(2024, 1, 1),
        end_date=D(2025, 12, 31),
        promoter="Utenos kolegija",
        **project,
    )
    return Snapshot(
        organisations={"Utenos kolegija": SavedOrganisation(pk=5, version=1, name="Utenos kolegija")},
        projects={"P-1": saved},
        reports={"P-1": list(reports)},
        node_codes={10: "1.1.1", 11: "1.1.2"},
        group_names={SENIORS: "Senjorai"},
    )


def saved_report(status="draft", **fields):
    values = {"participants": 10, "breakdown": {SENIORS: 4}, **fields}
    return SavedReport(
        pk=20, version=2, project="P-1", period_start=D(2024, 1, 1), period_end=D(2024, 6, 30), status=status, **values
    )


def report(status="draft", row=2, **fields):
    return ReportRow(row, "P-1", period_start=D(2024, 1, 1), period_end=D(2024, 6, 30), status=status, **fields)


def plan_of(typed, saved, rights=ALL_RIGHTS):
    with translation.override("lt"):
        plan = compute_plan(typed, saved, rights, "Rasa Importuotoja")
        plan.messages = [str(error) for error in plan.errors]
    return plan


def test_an_approved_report_that_the_row_would_change_is_an_error_naming_project_and_period():
    typed = TypedRows(reports=[report("approved", participants=777)], sheets=("Ataskaitos",))
    plan = plan_of(typed, snapshot([saved_report("approved")]))
    assert plan.messages == [
        "Lapas Ataskaitos, eilutė 2: Projekto P-1 ataskaita už 2024-01-01 – 2024-06-30 patvirtinta, todėl "
        "užrakinta, o ši eilutė ją pakeistų (Nauji dalyviai: 10 → 777). Pirmiausia grąžinkite ataskaitą portale, "
        "tada importuokite failą dar kartą."
    ]
    assert plan.rows["Ataskaitos"] == []


def test_a_row_identical_to_an_approved_report_is_unchanged():
    typed = TypedRows(reports=[report("approved", participants=10, breakdown={SENIORS: 4})], sheets=("Ataskaitos",))
    plan = plan_of(typed, snapshot([saved_report("approved")]))
    assert plan.errors == []
    assert plan.summary() == [("Ataskaitos", 0, 0, 1)]


def test_a_row_that_only_moves_an_approved_report_back_is_an_error_too():
    typed = TypedRows(reports=[report("returned", participants=10)], sheets=("Ataskaitos",))
    plan = plan_of(typed, snapshot([saved_report("approved")]))
    assert "Būsena: patvirtinta → grąžinta" in plan.messages[0]


def test_approving_takes_the_workflow_steps_and_needs_the_right_to_approve():
    typed = TypedRows(reports=[report("approved", participants=12)], sheets=("Ataskaitos",))
    plan = plan_of(typed, snapshot([saved_report("draft")]))
    [change] = plan.rows["Ataskaitos"]
    assert (change.kind, change.steps, change.version) == (UPDATED, ("save", "submit", "approve"), 2)
    assert [(f.column, f.old, f.new) for f in change.diffs] == [
        ("Būsena", "juodraštis", "patvirtinta"),
        ("Nauji dalyviai", "10", "12"),
    ]

    without = plan_of(typed, snapshot([saved_report("draft")]), ALL_RIGHTS - {"participants.approve_progressreport"})
    assert without.messages == [
        "Lapas Ataskaitos, eilutė 2: Tam reikia teisės tvirtinti ar grąžinti pažangos ataskaitas, o Rasa "
        "Importuotoja jos neturi."
    ]


def test_a_new_report_row_is_created_then_moved_to_its_status():
    typed = TypedRows(reports=[report("returned", participants=3)], sheets=("Ataskaitos",))
    [change] = plan_of(typed, snapshot()).rows["Ataskaitos"]
    assert (change.kind, change.steps) == (NEW, ("create", "submit", "return"))


def test_the_workflow_does_not_go_back_to_draft():
    typed = TypedRows(reports=[report("draft", participants=10)], sheets=("Ataskaitos",))
    plan = plan_of(typed, snapshot([saved_report("submitted")]))
    assert plan.messages == [
        "Lapas Ataskaitos, eilutė 2, stulpelis „Būsena“: Portale ataskaitos būsena – „pateikta“; jos negalima "
        "grąžinti į būseną „juodraštis“. Įrašykite „pateikta“ arba vėlesnę būseną."
    ]


def test_a_lower_total_is_checked_against_the_saved_breakdown():
    typed = TypedRows(reports=[report("draft", participants=3)], sheets=("Ataskaitos",))
    plan = plan_of(typed, snapshot([saved_report("draft")]))
    assert plan.messages == [
        "Lapas Ataskaitos, eilutė 2, stulpelis „Dalyviai: Senjorai“: Tikslinės grupės „Senjorai“ dalyvių (4) "
        "yra daugiau nei iš viso naujų dalyvių (3)."
    ]


def test_an_absent_column_leaves_the_field_and_an_empty_cell_clears_it():
    typed = TypedRows(reports=[report("draft", participants=ABSENT, volunteers=None)], sheets=("Ataskaitos",))
    plan = plan_of(typed, snapshot([saved_report("draft", volunteers=5)]))
    [change] = plan.rows["Ataskaitos"]
    assert [(f.column, f.old, f.new) for f in change.diffs] == [("Nauji savanoriai", "5", "—")]


def test_periods_may_not_overlap_a_saved_report_the_file_does_not_touch():
    other = ReportRow(3, "P-1", period_start=D(2024, 6, 1), period_end=D(2024, 9, 30), status="draft")
    typed = TypedRows(reports=[other], sheets=("Ataskaitos",))
    plan = plan_of(typed, snapshot([saved_report("approved")]))
    assert plan.messages == [
        "Lapas Ataskaitos, eilutė 3, stulpelis „Nuo“: Laikotarpis persidengia su ataskaita už 2024-01-01 – 2024-06-30."
    ]


def test_a_project_row_shows_every_changed_field_and_keeps_the_version_it_saw():
    row = ProjectRow(
        4,
        "P-1",
        strategy="2023-2029",
        node_id=11,
        title="Gera būti",
        promoter="Utenos kolegija",
        status="completed",
        total_cost=Decimal("1200.50"),
    )
    plan = plan_of(TypedRows(projects=[row], sheets=("Projektai",)), snapshot())
    [change] = plan.rows["Projektai"]
    assert (change.kind, change.pk, change.version) == (UPDATED, 1, 3)
    assert [(f.column, f.old, f.new) for f in plan.field_changes(change)] == [
        ("Veiksmas", "1.1.1", "1.1.2"),
        ("Būsena", "įgyvendinamas", "įgyvendintas"),
        ("Biudžetas, EUR", "—", "1\xa0200,5"),
    ]


def test_the_model_rules_apply_to_the_project_as_the_file_leaves_it():
    row = ProjectRow(
        4,
        "P-1",
        strategy="2023-2029",
        node_id=10,
        title="Gera būti",
        promoter="Utenos kolegija",
        status="in_progress",
        grant=Decimal("500"),
    )
    plan = plan_of(TypedRows(projects=[row], sheets=("Projektai",)), snapshot(total_cost=Decimal("400")))
    assert plan.messages == [
        "Lapas Projektai, eilutė 4, stulpelis „Finansavimas, EUR“: Paramos suma (500,00\u00a0€) negali viršyti visų "
        "tinkamų finansuoti išlaidų (400,00\u00a0€)."
    ]


def test_an_organisation_named_nowhere_is_created_by_name_and_needs_the_right():
    row = ProjectRow(
        2, "P-2", strategy="2023-2029", node_id=10, title="Naujas", promoter="UAB „Rigera“", status="planned"
    )
    plan = plan_of(TypedRows(projects=[row], sheets=("Projektai",)), snapshot())
    assert [(c.label, c.kind) for c in plan.rows["Organizacijos"]] == [("UAB „Rigera“", NEW)]
    refused = plan_of(
        TypedRows(projects=[row], sheets=("Projektai",)), snapshot(), ALL_RIGHTS - {"projects.add_organisation"}
    )
    assert refused.messages[0].startswith("Lapas Projektai, eilutė 2: Organizacijos „UAB „Rigera““ sukūrimas:")


def test_a_name_the_portal_has_written_otherwise_is_refused_naming_the_portals_spelling():
    # "Utenos Kolegija" would have become a second Utenos kolegija
    rows = [
        ProjectRow(
            2, "P-2", strategy="2023-2029", node_id=10, title="A", promoter="Utenos  Kolegija", status="planned"
        ),
        ProjectRow(
            3, "P-3", strategy="2023-2029", node_id=10, title="B", promoter="Nauja „Asociacija“", status="planned"
        ),
        ProjectRow(
            4, "P-4", strategy="2023-2029", node_id=10, title="C", promoter='nauja "asociacija"', status="planned"
        ),
    ]
    plan = plan_of(TypedRows(projects=rows, sheets=("Projektai",)), snapshot())
    assert plan.messages == [
        "Lapas Projektai, eilutė 2, stulpelis „Vykdytojas“: „Utenos  Kolegija“ portale nėra, bet yra „Utenos "
        "kolegija“: rašykite pavadinimą taip, kaip jis rašomas portale.",
        'Lapas Projektai, eilutė 4, stulpelis „Vykdytojas“: „nauja "asociacija"“ portale nėra, bet yra „Nauja '
        "„Asociacija““: rašykite pavadinimą taip, kaip jis rašomas portale.",
    ]


def test_unchanged_rows_are_counted_and_not_listed():
    row = ProjectRow(
        2, "P-1", strategy="2023-2029", node_id=10, title="Gera būti", promoter="Utenos kolegija", status="in_progress"
    )
    plan = plan_of(TypedRows(projects=[row], sheets=("Projektai",)), snapshot())
    assert plan.summary() == [("Projektai", 0, 0, 1)]
    assert plan.rows["Projektai"] == [] and plan.changes == 0
    assert UNCHANGED in plan.counts["Projektai"]


DISABLED = 8


def planned_snapshot(planned):
    saved = snapshot(target_groups=frozenset({SENIORS, DISABLED}), planned=dict(planned))
    saved.group_names[DISABLED] = "Neįgalieji"
    return saved


def project_row(**fields):
    values = {"strategy": "2023-2029", "node_id": 10, "title": "Gera būti", "promoter": "Utenos kolegija"}
    return ProjectRow(3, "P-1", status="in_progress", **values, **fields)


def test_a_planned_participants_column_changes_that_target_group_old_to_new_and_keeps_the_version_it_saw():
    saved = planned_snapshot({SENIORS: 7, DISABLED: None})
    plan = plan_of(TypedRows(projects=[project_row(planned={SENIORS: 40, DISABLED: None})]), saved)
    [change] = plan.rows["Projektai"]
    assert (change.kind, change.pk, change.version) == (UPDATED, 1, 3)
    assert change.needs == ("projects.change_project",)
    assert [(f.column, f.old, f.new) for f in plan.field_changes(change)] == [
        ("Planuojami dalyviai: Senjorai", "7", "40")
    ]
    cleared = plan_of(TypedRows(projects=[project_row(planned={SENIORS: None})]), planned_snapshot({SENIORS: 7}))
    assert [(f.column, f.old, f.new) for f in cleared.rows["Projektai"][0].diffs] == [
        ("Planuojami dalyviai: Senjorai", "7", "—")
    ]
    same = plan_of(TypedRows(projects=[project_row(planned={SENIORS: 7, DISABLED: None})]), saved)
    assert same.summary() == [("Projektai", 0, 0, 1)] and same.errors == []


def test_planned_participants_are_refused_for_a_group_the_row_leaves_the_project_without():
    saved = planned_snapshot({SENIORS: 7})
    row = project_row(target_groups=[DISABLED], planned={SENIORS: 5, DISABLED: 3})
    plan = plan_of(TypedRows(projects=[row]), saved)
    assert plan.messages == [
        "Lapas Projektai, eilutė 3, stulpelis „Planuojami dalyviai: Senjorai“: "
        "„Senjorai“ nėra tarp projekto tikslinių grupių."
    ]
    assert plan.rows["Projektai"] == []
    emptied = plan_of(TypedRows(projects=[project_row(target_groups=[DISABLED], planned={SENIORS: None})]), saved)
    assert emptied.errors == []
    assert [f.column for f in emptied.rows["Projektai"][0].diffs] == ["Tikslinės grupės"]
    new_group = plan_of(TypedRows(projects=[project_row(planned={SENIORS: 1})]), snapshot())
    assert new_group.messages == [
        "Lapas Projektai, eilutė 3, stulpelis „Planuojami dalyviai: Senjorai“: "
        "„Senjorai“ nėra tarp projekto tikslinių grupių."
    ]
