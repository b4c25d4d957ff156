"""Staff pages: upload a workbook, see what would change, import on confirmation; download the register."""

import io
from contextlib import contextmanager

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from projects.models import Project

from . import uploads
from .exporter import write_workbook
from .forms import ExportForm, UploadForm
from .importer import import_sheets, plan_import
from .reader import WorkbookFileError, read_files

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@contextmanager
def _stored_files(token, user):
    files = uploads.open_files(token, user)
    try:
        yield files
    finally:
        for _name, handle in files or []:
            handle.close()


def _page(request, form, **ctx):
    uncoded = Project.objects.filter(code="").count()  # the export leaves them out: the code is what import matches
    ctx = {"form": form, "export_form": ExportForm(), "uncoded": uncoded, **ctx}
    return render(request, "workbooks/upload.html", ctx)


@login_required
@permission_required("projects.add_project", raise_exception=True)
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form)
    files = form.cleaned_data["files"]
    try:
        result = plan_import(read_files([(file.name, file) for file in files]))
    except WorkbookFileError as exc:
        form.add_error("files", exc.args[0])
        return _page(request, form)
    token = None if result.errors else uploads.store(files, request.user)
    names = ", ".join(file.name for file in files)
    return _page(request, UploadForm(), result=result, token=token, file_names=names)


@login_required
@permission_required("projects.add_project", raise_exception=True)
@require_POST
def confirm(request):
    token = request.POST.get("token", "")
    with _stored_files(token, request.user) as files:
        if files is None:
            messages.error(request, _("The uploaded file has expired. Upload it again."))
            return redirect("workbooks:upload")
        result = import_sheets(read_files(files), user=request.user)
    if result.errors:
        return _page(request, UploadForm(), result=result)
    uploads.discard(token)
    changed = ", ".join(
        _("%(sheet)s: %(new)s new, %(updated)s updated") % {"sheet": sheet, "new": new, "updated": updated}
        for sheet, new, updated, _unchanged in result.summary()
    )
    messages.success(request, _("The workbook was imported. %(changes)s.") % {"changes": changed})
    return redirect("workbooks:upload")


@login_required
@permission_required("projects.add_project", raise_exception=True)
@require_GET
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
