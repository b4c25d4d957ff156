"""Starting, advancing and finishing jobs: the only writes to `Job`.

`job_start` is called by a view; `job_run` by the task that does the work, in the worker. A task function takes
the job's id and reports through the `report(percent, stage)` callable it is handed.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Job

logger = logging.getLogger(__name__)


class JobError(Exception):
    """A failure whose message is meant for the person who asked (a bad file, a missing strategy)."""


@dataclass
class Outcome:
    """What a finished job keeps: a file (content, filename, content type) and/or a summary for its page."""

    content: bytes | None = None
    filename: str = ""
    content_type: str = ""
    result: dict = field(default_factory=dict)


def job_key(*parts):
    """A key for the work `parts` describe (what was asked, the data fingerprint): equal parts, equal key."""
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def _task_path(task):
    return f"{task.func.__module__}.{task.func.__name__}"


def job_start(*, key, kind, task, params=None, content=None, filename=""):
    """The job of `key`, and whether this call enqueued it.

    Work already queued, running, finished or failed under the same key is not started again: the caller shows
    that job. Work that has sat unfinished longer than `JOBS_STALE_SECONDS` (its worker died) is started afresh.
    """
    job, created = Job.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "params": params or {},
            "content": content,
            "filename": filename,
            "task": _task_path(task),
        },
    )
    if created:
        _prune(kind)
    elif job.finished or job.updated_at > timezone.now() - timedelta(seconds=settings.JOBS_STALE_SECONDS):
        return job, False
    else:
        logger.warning("Background job %s (%s) was left unfinished; starting it again", key, kind)
        _reset(job)
    task.enqueue(job.pk)
    job.refresh_from_db()
    return job, True


def job_retry(job):
    """Start a failed job again, with the task it was started with."""
    if job.status != Job.Status.FAILED:
        return False
    _reset(job)
    import_string(job.task).enqueue(job.pk)
    return True


def _reset(job):
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.QUEUED, progress=0, stage="", message="", updated_at=timezone.now()
    )


def _prune(kind):
    """Forget jobs of this kind untouched for `JOBS_KEEP_SECONDS`: their files belong to data that has changed."""
    old = timezone.now() - timedelta(seconds=settings.JOBS_KEEP_SECONDS)
    Job.objects.filter(kind=kind, updated_at__lt=old).delete()


def job_run(job_id, work):
    """Run `work(job, report)` for the job and keep its Outcome; on an error mark the job failed and log it."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("Background job %s no longer exists", job_id)
        return None
    rows = Job.objects.filter(pk=job_id)
    rows.update(status=Job.Status.RUNNING, progress=1, updated_at=timezone.now())

    def report(percent, stage=""):
        rows.update(progress=max(1, min(99, int(percent))), stage=stage, updated_at=timezone.now())

    try:
        outcome = work(job, report)
    except JobError as error:
        logger.warning("Background job %s (%s) refused: %s", job.key, job.kind, error)
        rows.update(status=Job.Status.FAILED, message=str(error), content=None, updated_at=timezone.now())
        return {"status": Job.Status.FAILED, "message": str(error)}
    except Exception:
        logger.exception("Background job %s (%s) failed", job.key, job.kind)
        rows.update(status=Job.Status.FAILED, message="", content=None, updated_at=timezone.now())
        raise
    rows.update(
        status=Job.Status.DONE,
        progress=100,
        stage="",
        content=outcome.content,
        filename=outcome.filename or job.filename,
        content_type=outcome.content_type,
        result=outcome.result,
        updated_at=timezone.now(),
    )
    return {"status": Job.Status.DONE, "result": outcome.result}
