"""Staff pages: upload a workbook, see exactly what would change, import that on confirmation; download it."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.pagination import paginate
from jobs.models import Job
from jobs.services import job_key, job_start
from jobs.views import progress_page
from projects.models import Project

from . import uploads
from .exporter import too_long_for_a_cell, write_workbook
from .forms import ExportForm, UploadForm
from .importer import apply, check
from .reader import WorkbookFileError, read_files
from .tasks import apply_import

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_RIGHT = "projects.add_project"
PAGE_SIZE = 50  # changed rows per page of the preview
SHEET_PARAMETER = "lapas"


UNCODED_SHOWN = 20  # the projects without a code named on the page, each linked to its form to give it one


def _page(request, form, **ctx):
    uncoded = Project.objects.filter(code="").count()  # the export leaves them out: the code is what import matches
    uncoded_first = list(Project.objects.filter(code="").order_by("title", "pk")[:UNCODED_SHOWN]) if uncoded else []
    too_long = list(too_long_for_a_cell()[:20])  # saved before the limit: shorten them before exporting
    ctx = {
        "form": form,
        "export_form": ExportForm(),
        "uncoded": uncoded,
        "uncoded_first": uncoded_first,
        "too_long": too_long,
        **ctx,
    }
    return render(request, "workbooks/upload.html", ctx, status=ctx.pop("status", 200))


@login_required
@permission_required(IMPORT_RIGHT, raise_exception=True)
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form)
    files = form.cleaned_data["files"]
    source = ", ".join(file.name for file in files)
    try:
        plan = check(read_files([(file.name, file) for file in files]), user=request.user, source=source)
    except WorkbookFileError as exc:
        form.add_error("files", exc.args[0])
        return _page(request, form)
    if plan.errors:
        return _page(request, UploadForm(), plan=plan)
    return redirect("workbooks:preview", token=uploads.store_plan(plan, request.user))


def _expired(request):
    messages.error(request, _("The uploaded file has expired. Upload it again."))
    return redirect("workbooks:upload")


def _refused_before(request):
    messages.error(
        request,
        _(
            "This file's import was stopped by a conflict and saved nothing, as the page said then. Upload the file "
            "again: it is checked against the portal's data as they are now."
        ),
    )
    return redirect("workbooks:upload")


def _already_applied(request):
    messages.warning(
        request,
        _(
            "This workbook's import was confirmed already (the confirmation was sent twice); it was applied once. "
            "Check its result in the data, or upload the file again to compare."
        ),
    )
    return redirect("workbooks:upload")


@login_required
@permission_required(IMPORT_RIGHT, raise_exception=True)
@require_safe
def preview(request, token):
    plan = uploads.load_plan(token, request.user)
    if plan is None:
        return _expired(request)
    sheets = [sheet for sheet, rows in plan.changes_by_sheet()]
    sheet = request.GET.get(SHEET_PARAMETER)
    if sheet not in sheets:
        sheet = sheets[0] if sheets else None
    page, query = paginate(request, plan.rows[sheet] if sheet else [], PAGE_SIZE)
    ctx = {
        "plan": plan,
        "token": token,
        "sheets": sheets,
        "sheet": sheet,
        "page": page,
        "query": query,
        "items": [(change, plan.field_changes(change)) for change in page],
    }
    return _page(request, UploadForm(), **ctx)


@login_required
@permission_required(IMPORT_RIGHT, raise_exception=True)
@require_POST
def confirm(request):
    token = request.POST.get("token", "")
    plan = uploads.load_plan(token, request.user)
    if plan is None:
        state = uploads.claimed_state(token, request.user)
        if state == uploads.REFUSED:
            return _refused_before(request)
        return _already_applied(request) if state else _expired(request)
    if plan.changes > settings.IMPORT_BACKGROUND_ROWS:
        job, _started = job_start(
            key=job_key("import", token),
            kind="import",
            task=apply_import,
            params={"token": token, "user": request.user.pk, "source": plan.source, "rows": plan.changes},
        )
        return redirect("workbooks:import-job", key=job.key)
    if not uploads.claim(token):  # a plan is applied once; after a conflict it is out of date anyway
        return _already_applied(request)
    try:
        apply(plan, user=request.user)
    finally:
        uploads.settle(token, applied=plan.applied and not plan.errors)
    if plan.errors:
        return _page(request, UploadForm(), plan=plan, conflict=True, status=409)
    changed = ", ".join(
        _("%(sheet)s: %(new)s new, %(updated)s updated") % {"sheet": sheet, "new": new, "updated": updated}
        for sheet, new, updated, _unchanged in plan.summary()
    )
    messages.success(request, _("The workbook was imported. %(changes)s.") % {"changes": changed})
    return redirect("workbooks:upload")


@login_required
@permission_required(IMPORT_RIGHT, raise_exception=True)
@require_safe
def import_job(request, key):
    """A large import running in the background: its progress, then what it saved or why it saved nothing."""
    job = get_object_or_404(Job.objects.defer("content"), key=key, kind="import")
    title = _("Import of %(name)s") % {"name": job.params.get("source") or _("the workbook")}
    back = reverse("workbooks:upload")
    return progress_page(request, job, title=title, back_url=back, result_template="workbooks/import_result.html")


@login_required
@permission_required(IMPORT_RIGHT, raise_exception=True)
@require_safe
def export(request):
    form = ExportForm(request.GET)
    if not form.is_valid():
        raise Http404(_("There is no such strategy."))
    strategy = form.cleaned_data["strategy"]
    response = HttpResponse(content_type=XLSX_TYPE)
    suffix = f"-{strategy.code}" if strategy else ""
    name = f"vvg-registras{suffix}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    buffer = io.BytesIO()
    write_workbook(buffer, strategy=strategy)
    response.write(buffer.getvalue())
    return response
