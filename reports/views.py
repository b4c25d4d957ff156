from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.http import require_GET

from projects.models import Project
from strategies.models import Strategy

from .documents import project_report_pdf, strategy_report_pdf
from .forms import ReportForm

BOARD_REPORT_PERMISSION = "participants.download_board_report"


def _pdf_response(pdf, disposition="inline"):
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'{disposition}; filename="{pdf.filename}"'
    return response


def _board_pdf(data):
    if data["project"]:
        return project_report_pdf(data["project"], as_of=data["as_of"], lang=data["language"], board=True)
    return strategy_report_pdf(
        data["strategy"],
        as_of=data["as_of"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        lang=data["language"],
        board=True,
    )


@require_GET
@login_required
@permission_required(BOARD_REPORT_PERMISSION, raise_exception=True)
def report_form(request):
    form = ReportForm(initial={"language": translation.get_language()})
    ctx = {"form": form, "strategies": Strategy.objects.public()}
    return render(request, "reports/report_form.html", ctx)


@require_GET
@login_required
@permission_required(BOARD_REPORT_PERMISSION, raise_exception=True)
def board_report(request):
    form = ReportForm(request.GET)
    if not form.is_valid():
        ctx = {"form": form, "strategies": Strategy.objects.public()}
        return render(request, "reports/report_form.html", ctx, status=400)
    return _pdf_response(_board_pdf(form.cleaned_data), disposition="attachment")


@require_GET
def public_strategy_report(request, code):
    """The strategy report anyone may download: approved figures only, as of today."""
    strategy = get_object_or_404(Strategy.objects.public(), code=code)
    return _pdf_response(strategy_report_pdf(strategy, board=False))


@require_GET
def public_project_report(request, slug):
    """A project's report anyone may download: approved figures only, as of today."""
    project = get_object_or_404(Project.objects.public(), slug=slug)
    return _pdf_response(project_report_pdf(project, board=False))
