"""The background task that applies a large checked import plan (run by the worker; see `jobs`)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from jobs.services import JobError, Outcome, job_run

from . import uploads
from .importer import apply


def import_result(plan):
    """What the job keeps of an applied plan for its page: the counts per sheet, or the errors."""
    return {
        "summary": [
            {"sheet": sheet, "new": new, "updated": updated, "unchanged": unchanged}
            for sheet, new, updated, unchanged in plan.summary()
        ],
        "errors": [
            {"sheet": e.sheet, "row": e.row, "column": e.column, "value": e.value, "message": str(e.message)}
            for e in plan.errors
        ],
    }


def _apply(job, report):
    user = get_user_model().objects.filter(pk=job.params["user"]).first()
    plan = uploads.load_plan(job.params["token"], user) if user is not None else None
    if plan is None or not uploads.claim(job.params["token"]):  # applied once; after a conflict it is out of date
        raise JobError(_("The uploaded file has expired. Upload it again."))
    report(10, gettext_noop("Saving the rows"))
    try:
        apply(plan, user=user)
    finally:
        uploads.settle(job.params["token"], applied=plan.applied and not plan.errors)
    return Outcome(result=import_result(plan))


@task()
def apply_import(job_id):
    return job_run(job_id, _apply)
