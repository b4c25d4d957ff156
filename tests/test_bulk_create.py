"""reports_create and projects_create: an import's new rows in bulk, by the same rules and with the same result as
one at a time."""

import datetime

import pytest
from django.utils import timezone

from common import bulk
from common.history import copy_to_history
from participants import services
from participants.models import ProgressReport, ReportBreakdown
from projects import services as project_services
from projects.models import Organisation, Project, ProjectTargetGroup

from .conftest import _user, make_node, make_organisation, make_project, make_report, make_strategy, make_target_group

Status = ProgressReport.Status
pytestmark = pytest.mark.django_db
FIELDS = ["status", "version", "participants", "created_by_id", "submitted_by_id", "approved_by_id", "return_comment"]


@pytest.fixture
def project():
    strategy = make_strategy()
    return make_project(
        make_node(strategy, "1.1.1"), start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2025, 12, 31)
    )


def _new(project, start, end, participants=10):
    return ProgressReport(
        project=project,
        period_start=datetime.date.fromisoformat(start),
        period_end=datetime.date.fromisoformat(end),
        participants=participants,
    )


def test_it_leaves_a_new_report_as_the_steps_one_at_a_time_would(project):
    user, group = _user("vida"), make_target_group()
    one = _new(project, "2024-01-01", "2024-03-31")
    services.report_save(report=one, breakdown={group: 4}, user=user, reason="import: a.xlsx")
    services.report_submit(report=one, user=user, reason="import: a.xlsx")
    services.report_approve(report=one, user=user, reason="import: a.xlsx")

    [bulk] = services.reports_create(
        entries=[(_new(project, "2024-04-01", "2024-06-30"), {group: 4}, ("submit", "approve"))],
        user=user,
        reason="import: a.xlsx",
    )

    one, bulk = (ProgressReport.objects.get(pk=report.pk) for report in (one, bulk))
    assert [getattr(bulk, name) for name in FIELDS] == [getattr(one, name) for name in FIELDS]
    assert bulk.status == Status.APPROVED and bulk.version == 3 and bulk.approved_at is not None

    def steps(report):
        rows = report.history.order_by("history_id")
        return list(rows.values_list("history_type", "status", "history_change_reason", "history_user_id"))

    assert (
        steps(bulk)
        == steps(one)
        == [
            ("+", "draft", "import: a.xlsx", user.pk),
            ("~", "submitted", "import: a.xlsx", user.pk),
            ("~", "approved", "import: a.xlsx", user.pk),
        ]
    )
    breakdown = ReportBreakdown.objects.get(report=bulk)
    assert breakdown.participants == 4 and breakdown.history.count() == 1


def test_it_refuses_a_period_that_overlaps_a_saved_report_and_saves_nothing(project):
    make_report(project, "2024-01-01", "2024-03-31", participants=1)
    entries = [
        (_new(project, "2024-04-01", "2024-06-30"), {}, ()),
        (_new(project, "2024-03-01", "2024-05-31"), {}, ()),
    ]
    with pytest.raises(services.ReportsConflict) as refused:
        services.reports_create(entries=entries, user=_user("vida"), reason="import")
    assert refused.value.index == 1 and "2024-01-01 – 2024-03-31" in str(refused.value.message)
    assert ProgressReport.objects.count() == 1


def test_it_refuses_a_period_outside_the_project_and_a_step_the_workflow_does_not_allow(project):
    with pytest.raises(services.ReportsConflict, match="anksčiau nei projektas"):
        services.reports_create(entries=[(_new(project, "2023-12-01", "2024-02-29"), {}, ())], user=None, reason="")
    with pytest.raises(services.ReportsConflict, match="Patvirtinti galima tik pateiktą ataskaitą"):
        services.reports_create(
            entries=[(_new(project, "2024-01-01", "2024-02-29"), {}, ("approve",))], user=None, reason=""
        )
    assert ProgressReport.objects.count() == 0


def test_new_projects_get_a_slug_of_their_own_their_links_and_history(project):
    user, group = _user("vida"), make_target_group()
    museum, school = make_organisation("Muziejus"), make_organisation("Mokykla")
    group = group.pk
    entries = [
        (Project(node=project.node, title="Gera būti", code="P-1", promoter=museum), [school.pk, museum.pk], [group]),
        (Project(node=project.node, title="Gera būti", code="P-2", promoter=school), None, None),
    ]
    created = project_services.projects_create(entries=entries, user=user, reason="import: a.xlsx")

    assert [p.slug for p in created] == ["gera-buti-2", "gera-buti-3"]  # the fixture's project has gera-buti
    first = Project.objects.get(code="P-1")
    assert first.version == 1 and first.history.get().history_change_reason == "import: a.xlsx"
    assert sorted(first.partnerships.values_list("organisation__name", flat=True)) == ["Mokykla", "Muziejus"]
    assert list(first.project_target_groups.values_list("target_group", flat=True)) == [group]
    assert first.partnerships.first().history.get().history_user == user
    assert Project.objects.get(code="P-2").partnerships.count() == 0
    assert Organisation.objects.count() == 3  # make_project's promoter, and the two above


def test_a_project_code_taken_since_the_check_saves_none_of_them(project):
    Project.objects.filter(pk=project.pk).update(code="P-1")
    entries = [(Project(node=project.node, title="Kitas", code="P-1", promoter=project.promoter), None, None)]
    with pytest.raises(project_services.Conflict):
        project_services.projects_create(entries=entries, user=None, reason="import")
    assert Project.objects.count() == 1


# --- the bulk paths write what the one-at-a-time paths write, history too -----------------------------------

# Columns that differ between any two rows written at different moments.
_MOMENT = {"id", "history_id", "history_date", "slug", "created_at", "updated_at", "submitted_at", "approved_at"}
_MOMENT |= {"returned_at", "period_start", "period_end", "report_id", "project_id"}


def _history(model, pks, by="id"):
    rows = model.history.filter(**{f"{by}__in": pks}).order_by(by, "history_id").values()
    return [{k: v for k, v in row.items() if k not in _MOMENT} for row in rows]


@pytest.mark.parametrize(
    "steps", [(), ("submit",), ("submit", "approve"), ("submit", "return")], ids=["draft", "sub", "appr", "ret"]
)
def test_a_bulk_created_report_has_the_same_history_rows_as_its_steps_one_at_a_time(project, steps):
    user, group = _user("vida"), make_target_group()
    one = _new(project, "2024-01-01", "2024-03-31")
    services.report_save(report=one, breakdown={group: 4}, user=user, reason="import: a.xlsx")
    for step in steps:
        if step == "submit":
            services.report_submit(report=one, user=user, reason="import: a.xlsx")
        elif step == "approve":
            services.report_approve(report=one, user=user, reason="import: a.xlsx")
        else:
            comment = "Grąžinta importuotame faile a.xlsx."
            services.report_return(report=one, user=user, comment=comment, reason="import: a.xlsx")

    [bulk] = services.reports_create(
        entries=[(_new(project, "2024-04-01", "2024-06-30"), {group: 4}, steps)],
        user=user,
        reason="import: a.xlsx",
        return_comment="Grąžinta importuotame faile a.xlsx.",
    )

    assert _history(ProgressReport, [bulk.pk]) == _history(ProgressReport, [one.pk])
    assert len(_history(ProgressReport, [bulk.pk])) == 1 + len(steps)
    assert _history(ReportBreakdown, [bulk.pk], by="report") == _history(ReportBreakdown, [one.pk], by="report")


def test_reports_of_many_projects_in_one_call_each_get_their_own_steps_in_order(project):
    other = make_project(
        project.node, title="Kitas", code="P-2", start_date=project.start_date, end_date=project.end_date
    )
    user = _user("vida")
    entries = [
        (_new(project, "2024-01-01", "2024-03-31"), {}, ("submit", "approve")),
        (_new(other, "2024-01-01", "2024-03-31"), {}, ()),
        (_new(project, "2024-04-01", "2024-06-30"), {}, ("submit", "return")),
        (_new(other, "2024-04-01", "2024-06-30"), {}, ("submit",)),
    ]
    reports = services.reports_create(entries=entries, user=user, reason="import", return_comment="Grąžinta.")

    def statuses(report):
        return list(report.history.order_by("history_id").values_list("history_type", "status", "version"))

    assert [statuses(report) for report in reports] == [
        [("+", "draft", 1), ("~", "submitted", 2), ("~", "approved", 3)],
        [("+", "draft", 1)],
        [("+", "draft", 1), ("~", "submitted", 2), ("~", "returned", 3)],
        [("+", "draft", 1), ("~", "submitted", 2)],
    ]
    returned = reports[2].history.order_by("history_id").last()
    assert (returned.return_comment, returned.returned_by_id, returned.approved_by_id) == ("Grąžinta.", user.pk, None)


def test_bulk_created_organisations_equal_those_saved_one_at_a_time():
    user = _user("vida")
    fields = {"legal_form": "asociacija", "sector": "civil", "company_code": "300000001", "email": "a@b.lt"}
    one = project_services.organisation_save(
        organisation=Organisation(name="Bendruomenė", **fields), user=user, reason="import: a.xlsx"
    )
    fields["company_code"] = "300000002"
    [bulk, twin] = project_services.organisations_create(
        organisations=[Organisation(name="Bendruomenė ", **fields), Organisation(name="bendruomenė")],
        user=user,
        reason="import: a.xlsx",
    )

    def saved(organisation):
        row = Organisation.objects.filter(pk=organisation.pk).values().get()
        return {k: v for k, v in row.items() if k not in ("id", "slug", "name", "company_code")}

    assert saved(bulk) == saved(one) and bulk.version == 1
    assert [one.slug, bulk.slug, twin.slug] == ["bendruomene", "bendruomene-2", "bendruomene-3"]
    ignore = {"name", "company_code", "legal_form", "sector", "email"}

    def history(organisation):
        return [{k: v for k, v in row.items() if k not in ignore} for row in _history(Organisation, [organisation.pk])]

    assert history(bulk) == history(one) == history(twin)
    assert history(one)[0]["history_type"] == "+" and history(one)[0]["history_user_id"] == user.pk


def test_a_name_taken_since_the_check_saves_no_organisation():
    make_organisation("Muziejus")
    with pytest.raises(project_services.Conflict):
        project_services.organisations_create(
            organisations=[Organisation(name="Mokykla"), Organisation(name="Muziejus")], user=None, reason="import"
        )
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Muziejus"]


def test_bulk_created_projects_equal_those_saved_with_the_setters(project):
    user, senior, youth = _user("vida"), make_target_group(), make_target_group("Jaunimas", "Youth")
    museum = make_organisation("Muziejus")

    def build(code):
        return Project(node=project.node, title="Gera būti", code=code, promoter=museum, total_cost=100, grant=80)

    one = project_services.project_save(project=build("P-1"), user=user, reason="import: a.xlsx")
    project_services.project_set_partners(project=one, organisation_ids=[museum.pk], user=user, reason="import: a.xlsx")
    project_services.project_set_target_groups(
        project=one, target_group_ids=[senior.pk, youth.pk], user=user, reason="import: a.xlsx"
    )
    project_services.project_set_planned_participants(
        project=one, planned={senior.pk: 40, youth.pk: None}, user=user, reason="import: a.xlsx"
    )
    [bulk] = project_services.projects_create(
        entries=[(build("P-2"), [museum.pk], [youth.pk, senior.pk], {senior.pk: 40, youth.pk: None})],
        user=user,
        reason="import: a.xlsx",
    )

    def saved(project):
        row = Project.objects.filter(pk=project.pk).values().get()
        links = project.project_target_groups.order_by("target_group").values_list(
            "target_group", "planned_participants"
        )
        partners = list(project.partnerships.values_list("organisation", "role"))
        return (
            {k: v for k, v in row.items() if k not in ("id", "slug", "code", "created_at", "updated_at")},
            list(links),
            partners,
        )

    assert saved(bulk) == saved(one)
    assert _history(Project, [bulk.pk]) == [
        {k: v for k, v in row.items() if k != "code"} | {"code": "P-2"} for row in _history(Project, [one.pk])
    ]

    def links(project):
        rows = ProjectTargetGroup.history.filter(project_id=project.pk).order_by("target_group_id", "history_id")
        latest = {}
        for row in rows:
            latest[row.target_group_id] = (row.planned_participants, row.history_user_id, row.history_change_reason)
        return latest

    # One at a time a link is created and then given its figure (two rows); in bulk it is created with it.
    assert links(bulk) == links(one)


def test_copy_to_history_writes_what_bulk_history_create_writes(project):
    user = _user("vida")
    rows = [make_organisation(f"Org {n}", company_code=f"30000000{n}", email=f"o{n}@b.lt") for n in range(3)]
    Organisation.history.all().delete()
    moment = timezone.now()
    Organisation.history.bulk_history_create(rows, default_user=user, default_change_reason="r", default_date=moment)
    expected = list(Organisation.history.order_by("history_id").values())
    Organisation.history.all().delete()
    copy_to_history(Organisation, [row.pk for row in rows], user=user, reason="r", date=moment)
    copied = list(Organisation.history.order_by("history_id").values())
    assert [dict(row, history_id=None) for row in copied] == [dict(row, history_id=None) for row in expected]


def test_bulk_insert_fills_keys_and_stamps_as_bulk_create_does(project):
    reports = bulk.insert(
        [_new(project, "2024-01-01", "2024-03-31"), _new(project, "2024-04-01", "2024-06-30", participants=None)]
    )
    assert all(report.pk and report.created_at and not report._state.adding for report in reports)
    saved = ProgressReport.objects.order_by("period_start").values_list("pk", "participants", "status", "version")
    assert list(saved) == [(reports[0].pk, 10, "draft", 1), (reports[1].pk, None, "draft", 1)]


def test_a_natural_person_created_in_bulk_gets_its_code_for_an_address_as_one_saved_alone_does():
    alone = project_services.organisation_save(
        organisation=Organisation(name="Ona Vienišė", legal_form=Organisation.LegalForm.NATURAL_PERSON),
        user=None,
        reason="import: a.xlsx",
    )
    [person, association] = project_services.organisations_create(
        organisations=[
            Organisation(name="Jonas Slaptasis", legal_form=Organisation.LegalForm.NATURAL_PERSON),
            Organisation(name="Jonas Slaptasis bendrija"),
        ],
        user=None,
        reason="import: a.xlsx",
    )
    assert alone.slug == f"fa-{alone.pk:06d}"
    assert Organisation.objects.get(pk=person.pk).slug == person.slug == f"fa-{person.pk:06d}"
    assert association.slug == "jonas-slaptasis-bendrija"
    assert [row.slug for row in person.history.all()] == [person.slug]
