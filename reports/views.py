from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jobs.models import Job
from jobs.services import job_start
from jobs.views import file_response, progress_page
from projects.models import Project
from strategies.models import Strategy

from .documents import (
    annual_params,
    in_background,
    project_report_pdf,
    report_filename,
    report_key,
    report_params,
    strategy_report_pdf,
)
from .forms import ReportForm
from .tasks import render_report

BOARD_REPORT_PERMISSION = "participants.download_board_report"


def _pdf_response(pdf, disposition="inline"):
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'{disposition}; filename="{pdf.filename}"'
    return response


def _background_pdf(request, strategy, params, disposition):
    """A large report: the progress page while the task worker renders it, the PDF once it is ready.

    The request that starts the work answers at once with the page; the same address asked again shows the same
    progress, then serves the file (kept under the data fingerprint, so a repeat download is instant).
    """
    job, started = job_start(
        key=report_key(params),
        kind="pdf",
        task=render_report,
        params=params,
        filename=report_filename(params, strategy),
    )
    if job.status == Job.Status.DONE and not started:
        return file_response(job, disposition)
    title = _("PDF report: %(strategy)s") % {"strategy": strategy.title}
    return progress_page(request, job, title=title, extra={"file_url": request.get_full_path()})


def _board_pdf(request, data):
    if data["year"] is not None:  # the annual report: always rendered by the task worker
        strategy = data["strategy"]
        params = annual_params(strategy, data["year"], lang=data["language"], board=True)
        return _background_pdf(request, strategy, params, disposition="attachment")
    if data["project"]:
        pdf = project_report_pdf(data["project"], as_of=data["as_of"], lang=data["language"], board=True)
        return _pdf_response(pdf, disposition="attachment")
    strategy = data["strategy"]
    asked = {"as_of": data["as_of"], "period_start": data["period_start"], "period_end": data["period_end"]}
    if in_background(strategy):
        params = report_params(strategy, lang=data["language"], board=True, **asked)
        return _background_pdf(request, strategy, params, disposition="attachment")
    pdf = strategy_report_pdf(strategy, lang=data["language"], board=True, **asked)
    return _pdf_response(pdf, disposition="attachment")


@require_safe
@login_required
@permission_required(BOARD_REPORT_PERMISSION, raise_exception=True)
def report_form(request):
    form = ReportForm(initial={"language": translation.get_language()})
    ctx = {"form": form, "strategies": Strategy.objects.public()}
    return render(request, "reports/report_form.html", ctx)


@require_safe
@login_required
@permission_required(BOARD_REPORT_PERMISSION, raise_exception=True)
def board_report(request):
    form = ReportForm(request.GET)
    if not form.is_valid():
        ctx = {"form": form, "strategies": Strategy.objects.public()}
        return render(request, "reports/report_form.html", ctx, status=400)
    return _board_pdf(request, form.cleaned_data)


@require_safe
def public_strategy_report(request, code):
    """The strategy report anyone may download: approved figures only, as of today."""
    strategy = get_object_or_404(Strategy.objects.public(), code=code)
    if in_background(strategy):
        return _background_pdf(request, strategy, report_params(strategy, board=False), disposition="inline")
    return _pdf_response(strategy_report_pdf(strategy, board=False))


@require_safe
def public_project_report(request, slug):
    """A project's report anyone may download: approved figures only, as of today."""
    project = get_object_or_404(Project.objects.public(), slug=slug)
    return _pdf_response(project_report_pdf(project, board=False))
