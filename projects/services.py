"""Writes to organisations and projects, with the same optimistic locking as progress reports.

Every write of an existing row bumps `version` with a compare-and-swap UPDATE (`common.versioning`), so a form, an
admin page or an import that read the row at an older version is refused instead of silently overwriting someone
else's change.
Each write records who made it and where it came from (django-simple-history's change reason): the workspace,
the admin, or the imported file.
"""

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import bulk
from common.constraints import constraint_message
from common.history import copy_to_history
from common.versioning import Conflict, check_version, claim_version

from .models import Organisation, Project, ProjectPartner, ProjectTargetGroup, unique_slugs

WORKSPACE = "workspace"
ADMIN = "admin"
IMPORT = "import"


def change_reason(source, detail=""):
    """The change reason history keeps: `workspace: submit`, `admin`, `import: registras.xlsx` (at most 100)."""
    return (f"{source}: {detail}" if detail else source)[:100]


STALE_PROJECT = _(
    "Someone else changed this project while you were editing it. Your changes were not saved: "
    "compare them with the current version and save again."
)
STALE_ORGANISATION = _(
    "Someone else changed this organisation while you were editing it. Your changes were not saved: "
    "compare them with the current version and save again."
)


PROJECT_HAS_APPROVED_REPORTS = _(
    "The project has approved progress reports: their figures are public. Return them first to delete the project, "
    "or mark the project terminated."
)


def save_with_history(instance, user, reason):
    instance._history_user = user  # history records the user outside requests too (imports, shell)
    instance._change_reason = reason
    instance.save()


class AlreadySaved(Conflict):
    """The form that creates a row was sent again (a double click): `instance` is what its first sending saved."""

    def __init__(self, instance):
        super().__init__(_("This was saved already: the form was sent twice, and it was created once."))
        self.instance = instance


def saved_or_conflict(instance, user, reason, extra_constraints=None, conflict=Conflict):
    """Save; a database constraint that refuses the row (two requests at once) becomes a Conflict with a message,
    and a new row whose form key (`submission`) was saved already becomes AlreadySaved."""
    creating = instance._state.adding
    try:
        with transaction.atomic():
            save_with_history(instance, user, reason)
    except IntegrityError as exc:
        submission = getattr(instance, "submission", None)
        first = type(instance).objects.filter(submission=submission).first() if creating and submission else None
        if first is not None:
            raise AlreadySaved(first) from exc
        raise conflict(constraint_message(exc, extra_constraints)) from exc


@transaction.atomic
def organisation_save(*, organisation, user, version=None, reason=WORKSPACE):
    """Create `organisation` (already validated), or save it if it is still at `version`."""
    if organisation.pk is None:
        organisation.version = 1
    else:
        claim_version(organisation, version, STALE_ORGANISATION)
    saved_or_conflict(organisation, user, reason)
    return organisation


@transaction.atomic
def organisation_delete(*, organisation, user, version=None, reason=WORKSPACE):
    """Delete an organisation that promotes or partners no project (those keep it: the database protects them),
    as it was at `version` (the page that asked showed it)."""
    saved = Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("version", flat=True)
    check_version(saved.first(), version)
    organisation._history_user = user
    organisation._change_reason = change_reason(reason, "delete")
    try:
        organisation.delete()
    except ProtectedError as exc:  # refused before anything is deleted
        raise Conflict(_("The organisation promotes or partners projects, so it cannot be deleted.")) from exc


@transaction.atomic
def project_delete(*, project, user, version=None, reason=WORKSPACE):
    """Delete a project with its reports and their history, unless a report is approved (the reports' rule), as
    it was at `version` (the page that asked showed it)."""
    # Locks in the order an approval takes them: a report saving waits for this (it locks the project for update),
    # an approval does not (its foreign key check takes only a key-share lock), and the reports are locked next.
    saved = Project.objects.select_for_update(no_key=True).filter(pk=project.pk).values_list("version", flat=True)
    check_version(saved.first(), version)
    project._history_user = user
    project._change_reason = change_reason(reason, "delete")
    try:
        project.delete()
    except ProtectedError as exc:  # the one protection a project has: participants.models.delete_unless_approved
        raise Conflict(PROJECT_HAS_APPROVED_REPORTS) from exc


@transaction.atomic
def organisations_create(*, organisations, user, reason, batch=2000):
    """Create many new organisations at once (an import's new rows), as organisation_save would one at a time.

    Each organisation new and validated. Version 1, a slug of its own, one history row each with `reason` and
    `user`; written with bulk inserts. A database rule that refuses a row (a name or company code taken since
    the check) raises Conflict, and nothing is saved.
    """
    if not organisations:
        return organisations
    # A natural person's address is its code, known once it has a primary key (see Organisation.save).
    natural = [organisation for organisation in organisations if organisation.is_natural_person]
    for organisation in natural:
        organisation.slug = Organisation.provisional_slug()
    unnamed = [organisation for organisation in organisations if not organisation.slug]
    for organisation, slug in zip(unnamed, unique_slugs(Organisation, [o.name for o in unnamed]), strict=True):
        organisation.slug = slug
    for organisation in organisations:
        organisation.version = 1
    try:
        with transaction.atomic():
            bulk.insert(organisations, batch=batch)
            for organisation in natural:
                organisation.slug = organisation.code_slug()
            Organisation.objects.bulk_update(natural, ["slug"], batch_size=batch)
            copy_to_history(Organisation, [o.pk for o in organisations], user=user, reason=reason, batch=batch)
    except IntegrityError as exc:
        raise Conflict(constraint_message(exc)) from exc
    return organisations


@transaction.atomic
def project_save(*, project, user, version=None, reason=WORKSPACE):
    """Create `project` (already validated), or save it if it is still at `version`.

    Partners and target groups are saved after it, in the same transaction (the form's formsets, or
    `project_set_partners` and `project_set_target_groups`), so their change bumps the project's version too.
    """
    if project.pk is None:
        project.version = 1
    else:
        claim_version(project, version, STALE_PROJECT)
    saved_or_conflict(project, user, reason)
    return project


def _set_links(project, rows, model, key, wanted, user, reason):
    """Make the project's link rows (`rows`, a related manager of `model`) exactly those whose `key` is in `wanted`.

    `wanted` is keys (rows kept keep their other fields: a file that lists partners but not their roles) or
    {key: {field: value}} (rows kept take those fields, written only when one differs: the project form's rows).
    """
    fields = wanted if isinstance(wanted, dict) else dict.fromkeys(wanted, {})
    existing = {getattr(row, key): row for row in rows.all()}
    for value, row in existing.items():
        if value not in fields:
            row._history_user, row._change_reason = user, reason
            row.delete()
            continue
        changed = {name: new for name, new in fields[value].items() if getattr(row, name) != new}
        if changed:
            for name, new in changed.items():
                setattr(row, name, new)
            save_with_history(row, user, reason)
    for value in sorted(set(fields) - set(existing)):
        save_with_history(model(project=project, **{key: value}, **fields[value]), user, reason)


def project_set_partners(*, project, organisation_ids, user, reason):
    """Make the project's partners exactly `organisation_ids`; partners kept keep their role."""
    _set_links(project, project.partnerships, ProjectPartner, "organisation_id", organisation_ids, user, reason)


def project_set_target_groups(*, project, target_group_ids, user, reason):
    """Make the project's target groups exactly `target_group_ids`; groups kept keep their planned figure."""
    _set_links(
        project, project.project_target_groups, ProjectTargetGroup, "target_group_id", target_group_ids, user, reason
    )


def project_set_rows(*, project, partners, target_groups, user, reason):
    """Make the project's partners exactly `partners` ({organisation id: role}) and its target groups exactly
    `target_groups` ({target group id: planned participants or None}): the project form's rows, in the workspace
    and in the admin alike. Each row added, changed or removed is one history row with `reason`."""
    partner_fields = {organisation: {"role": role} for organisation, role in partners.items()}
    _set_links(project, project.partnerships, ProjectPartner, "organisation_id", partner_fields, user, reason)
    group_fields = {group: {"planned_participants": planned} for group, planned in target_groups.items()}
    _set_links(
        project, project.project_target_groups, ProjectTargetGroup, "target_group_id", group_fields, user, reason
    )


@transaction.atomic
def project_save_with_rows(*, project, partners, target_groups, user, version=None, reason=WORKSPACE):
    """`project_save`, then `project_set_rows`, in one transaction: the project form's one write."""
    project = project_save(project=project, user=user, version=version, reason=reason)
    project_set_rows(project=project, partners=partners, target_groups=target_groups, user=user, reason=reason)
    return project


def project_set_planned_participants(*, project, planned, user, reason):
    """Set the planned participants of the project's target groups: `planned` is {TargetGroup id: count or None}.

    Groups the project does not have are left out; a link whose figure does not change is not written.
    """
    for row in project.project_target_groups.filter(target_group_id__in=list(planned)):
        if row.planned_participants != planned[row.target_group_id]:
            row.planned_participants = planned[row.target_group_id]
            save_with_history(row, user, reason)


@transaction.atomic
def projects_create(*, entries, user, reason, batch=2000):
    """Create many new projects at once (an import's new rows), as project_save and the two setters would.

    `entries`: [(project, partner organisation ids, target group ids[, planned])] — each project new and validated;
    None for a list the file leaves as it is; `planned` {TargetGroup id: planned participants} as
    project_set_planned_participants takes it (groups the project does not have are left out). Version 1, a slug of
    its own, one history row per project, partner and target group (with its planned figure) with `reason` and
    `user`; written with bulk inserts. A database rule that refuses a row (a code taken since the check) raises
    Conflict, and nothing is saved.
    """
    if not entries:
        return []
    projects = [project for project, _partners, _groups, *_planned in entries]
    unnamed = [project for project in projects if not project.slug]
    for project, slug in zip(unnamed, unique_slugs(Project, [p.title for p in unnamed]), strict=True):
        project.slug = slug
    for project in projects:
        project.version = 1
    partners = [
        ProjectPartner(project=project, organisation_id=organisation_id)
        for project, organisation_ids, _groups, *_planned in entries
        for organisation_id in sorted(set(organisation_ids or ()))
    ]
    groups = []
    for project, _partners, group_ids, *rest in entries:
        planned = rest[0] if rest else {}
        groups += [
            ProjectTargetGroup(project=project, target_group_id=group_id, planned_participants=planned.get(group_id))
            for group_id in sorted(set(group_ids or ()))
        ]
    now = timezone.now()
    try:
        with transaction.atomic():
            # Partners and target groups take their project's key from the insert before theirs.
            for model, rows in ((Project, projects), (ProjectPartner, partners), (ProjectTargetGroup, groups)):
                bulk.insert(rows, batch=batch)
                copy_to_history(model, [row.pk for row in rows], user=user, reason=reason, date=now, batch=batch)
    except IntegrityError as exc:
        raise Conflict(constraint_message(exc)) from exc
    return projects
