from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Job
from .services import job_retry

# Kinds of work that may simply run again: a document; never an import, whose plan is used once.
RETRIABLE = ("pdf", "test")


def progress_page(request, job, *, title, back_url="", result_template="", extra=None):
    """The page that shows a job: a bar that refreshes itself while it runs, then the file or summary, or the failure.

    202 while the work runs (the answer is not there yet), 200 once it is finished, failed or not.
    """
    waited = (timezone.now() - job.created_at).total_seconds()
    ctx = {
        "job": job,
        "waiting_long": job.status == Job.Status.QUEUED and waited > settings.JOBS_WAIT_NOTICE_SECONDS,
        "title": title,
        "back_url": back_url,
        "result_template": result_template,
        "refresh_seconds": settings.JOBS_REFRESH_SECONDS,
        **(extra or {}),
    }
    return render(request, "jobs/progress.html", ctx, status=200 if job.finished else 202)


def file_response(job, disposition="inline"):
    """The finished job's file."""
    response = HttpResponse(bytes(job.content), content_type=job.content_type or "application/octet-stream")
    response["Content-Disposition"] = f'{disposition}; filename="{job.filename}"'
    return response


@require_POST
def retry(request, key):
    """Start a failed PDF again and go back to the page that shows it (a failed import is uploaded again)."""
    job = get_object_or_404(Job.objects.defer("content"), key=key, kind__in=RETRIABLE)
    job_retry(job)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "/"
    return redirect(back)
