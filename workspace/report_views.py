"""The staff workspace for progress reports: dashboard, report pages, the report form and the workflow.

Staff change; board members read everything (pending reports too) and get 403 on every change;
anonymous users are sent to log in. Changes are POST only, then redirect with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import DeleteForm
from common.pagination import paginate
from participants import services
from participants.forms import ProgressReportForm, ReturnForm, VersionForm
from participants.models import ProgressReport
from progress.calculation import report_against_plan
from projects.models import Project
from strategies.models import TargetGroup

from . import selectors

VIEW = "participants.view_progressreport"
CHANGE = "participants.change_progressreport"
PAGE_SIZE = 50


def _get_report_for_user(request, pk):
    """The report with what its pages show; board and staff may read any report, pending ones too."""
    reports = ProgressReport.objects.all()
    if not request.user.has_perm("participants.view_pending_reports"):
        reports = reports.approved()
    return get_object_or_404(
        reports.select_related(
            "project", "project__promoter", "created_by", "submitted_by", "approved_by", "returned_by"
        ),
        pk=pk,
    )


def _breakdown_groups(project, report=None):
    """The project's target groups, plus any group the report already counts that the project no longer has."""
    ids = set(project.project_target_groups.values_list("target_group_id", flat=True))
    if report is not None and report.pk:
        ids |= set(report.breakdown.values_list("target_group_id", flat=True))
    return list(TargetGroup.objects.filter(pk__in=ids))


@login_required
def after_login(request):
    """Where a login without `next` leads: the workspace for staff and the board, the home page for anyone else."""
    if request.user.has_perm("participants.view_pending_reports"):
        return redirect("participants:dashboard")
    return redirect("strategies:home")


@login_required
@permission_required("participants.view_pending_reports", raise_exception=True)
def dashboard(request):
    return render(request, "participants/dashboard.html", {"dashboard": selectors.dashboard()})


@login_required
@permission_required(VIEW, raise_exception=True)
def report_list(request):
    status = request.GET.get("status")
    if status not in ProgressReport.Status.values:
        status = None
    page, query = paginate(request, selectors.report_list(status), PAGE_SIZE)
    ctx = {"page": page, "query": query, "status": status, "statuses": ProgressReport.Status.choices}
    return render(request, "participants/report_list.html", ctx)


@login_required
@permission_required(VIEW, raise_exception=True)
def report_detail(request, pk):
    report = _get_report_for_user(request, pk)
    ctx = {
        "report": report,
        "breakdown": report.breakdown.select_related("target_group"),
        "version_form": VersionForm(initial={"version": report.version}),
        "four_eyes": services.four_eyes_refuses(report, request.user),
    }
    return render(request, "participants/report_detail.html", ctx)


@login_required
@permission_required(VIEW, raise_exception=True)
def report_history(request, pk):
    report = _get_report_for_user(request, pk)
    ctx = {"report": report, "entries": selectors.report_history(report)}
    return render(request, "participants/report_history.html", ctx)


@login_required
@permission_required("participants.add_progressreport", raise_exception=True)
def report_create(request, slug):
    project = get_object_or_404(Project, slug=slug)
    report = ProgressReport(project=project)
    # the dashboard's link to a report a project owes gives its period (`?nuo=…&iki=…`): only shown, checked on save
    initial = {"period_start": request.GET.get("nuo", ""), "period_end": request.GET.get("iki", "")}
    form = ProgressReportForm(
        request.POST or None,
        instance=report,
        project=project,
        target_groups=_breakdown_groups(project),
        initial={name: value[:10] for name, value in initial.items() if value and value.isprintable()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_save(report=form.instance, breakdown=form.breakdown(), user=request.user)
        except services.ReportConflict as conflict:
            # Another request saved an overlapping report after this form was checked (a double click).
            form.add_error(None, conflict.message)
        else:
            messages.success(request, _("The report was saved as a draft. Submit it when the figures are final."))
            return redirect("participants:report-detail", pk=report.pk)
    return render(request, "participants/report_form.html", {"form": form, "project": project, "report": None})


@login_required
@permission_required(CHANGE, raise_exception=True)
def report_edit(request, pk):
    report = _get_report_for_user(request, pk)
    if report.is_locked:
        messages.warning(request, _("An approved report is locked. Return it first to change it."))
        return redirect("participants:report-detail", pk=report.pk)
    groups = _breakdown_groups(report.project, report)
    form = ProgressReportForm(request.POST or None, instance=report, project=report.project, target_groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save(
                report=form.instance,
                breakdown=form.breakdown(),
                user=request.user,
                version=form.cleaned_data["version"],
            )
        except services.ReportConflict as conflict:
            messages.error(request, conflict.message)
            current = _get_report_for_user(request, pk)
            # A second copy for the form: validating it writes the typed figures onto its instance.
            form = _keep_typed(form, _get_report_for_user(request, pk), groups)
            ctx = {"form": form, "project": current.project, "report": current, "current": current}
            return render(request, "participants/report_form.html", ctx, status=409)
        if report.status == ProgressReport.Status.RETURNED:
            messages.success(request, _("The report was saved. Submit it again for approval when it is corrected."))
        else:
            messages.success(request, _("The report was saved."))
        return redirect("participants:report-detail", pk=report.pk)
    return render(request, "participants/report_form.html", {"form": form, "project": report.project, "report": report})


def _keep_typed(form, current, groups):
    """The refused form again, with what the user typed, now based on the current version of the report."""
    data = form.data.copy()
    data["version"] = current.version
    kept = ProgressReportForm(data, instance=current, project=current.project, target_groups=groups)
    kept.is_valid()
    return kept


def _workflow(request, pk, change, done_message, form_class=VersionForm):
    """Run one workflow step on a POSTed form carrying the version the page showed.

    A refused comment shows the confirmation page again with the comment as typed; any other error (a version the
    page did not send) goes back to the report with the message.
    """
    report = _get_report_for_user(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        if form_class is ReturnForm and "comment" in form.errors:
            # the confirmation page again, with the comment as typed and what is wrong with it
            return _confirm(request, pk, "return", ReturnForm, form=form)
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(report_url(report))
    try:
        change(report=report, user=request.user, version=form.cleaned_data["version"], **_extra(form))
    except services.ReportConflict as conflict:
        if _done_already(change, report.pk, request.user):
            messages.info(request, _("You had done this already: the request was sent twice."))
        else:
            messages.error(request, conflict.message)
    else:
        messages.success(request, done_message(report) if callable(done_message) else done_message)
    return redirect("participants:report-detail", pk=report.pk)


# What each step leaves: the status and who it records, to tell a request sent twice from someone else's change.
_STEP_RESULTS = {
    services.report_submit: (ProgressReport.Status.SUBMITTED, "submitted_by_id"),
    services.report_approve: (ProgressReport.Status.APPROVED, "approved_by_id"),
    services.report_return: (ProgressReport.Status.RETURNED, "returned_by_id"),
}


def _done_already(change, pk, user):
    """Whether the report is already where `change` would take it, by this user (a double click, a second tab)."""
    status, by = _STEP_RESULTS.get(change, (None, None))
    saved = ProgressReport.objects.filter(pk=pk).values("status", by).first() if status else None
    return saved is not None and saved["status"] == status and saved[by] == user.pk


def report_url(report):
    return reverse("participants:report-detail", kwargs={"pk": report.pk})


def _extra(form):
    return {"comment": form.cleaned_data["comment"]} if "comment" in form.cleaned_data else {}


@login_required
@permission_required(CHANGE, raise_exception=True)
@require_POST
def report_submit(request, pk):
    return _workflow(request, pk, services.report_submit, _("The report was submitted for approval."))


def _confirm(request, pk, action, form_class, form=None):
    """The page that asks before approving or returning (GET); the form on it posts the step itself. `form`: the
    posted one, when its comment was refused."""
    report = _get_report_for_user(request, pk)
    ctx = {
        "report": report,
        "action": action,
        "form": form or form_class(initial={"version": report.version}),
        "breakdown": report.breakdown.select_related("target_group"),
        "four_eyes": action == "approve" and services.four_eyes_refuses(report, request.user),
        "against_plan": report_against_plan(report) if action == "approve" else [],
    }
    ctx["above_plan"] = any(row.above_plan for row in ctx["against_plan"])
    return render(request, "participants/report_confirm.html", ctx)


@login_required
@permission_required("participants.approve_progressreport", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def report_approve(request, pk):
    if request.method != "POST":  # GET or HEAD: the page that asks first
        return _confirm(request, pk, "approve", VersionForm)
    return _workflow(request, pk, services.report_approve, _approved_message)


def _approved_message(report):
    """Figures count once the report's period has ended (the counting rule): say when, if that is still ahead."""
    if report.period_end > timezone.localdate():
        return _("The report was approved; its figures count from %(date)s, when its period ends.") % {
            "date": report.period_end.strftime("%Y-%m-%d")
        }
    return _("The report was approved; its figures now count.")


@login_required
@permission_required("participants.approve_progressreport", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def report_return(request, pk):
    if request.method != "POST":  # GET or HEAD: the page that asks first
        return _confirm(request, pk, "return", ReturnForm)
    return _workflow(request, pk, services.report_return, _("The report was returned with your comment."), ReturnForm)


@login_required
@permission_required("participants.delete_progressreport", raise_exception=True)
def report_delete(request, pk):
    report = _get_report_for_user(request, pk)
    if request.method == "POST":
        project = report.project
        form = DeleteForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.refusal())
            return redirect("participants:report-detail", pk=report.pk)
        try:
            services.report_delete(report=report, user=request.user, version=form.cleaned_data["version"])
        except services.ReportConflict as conflict:
            messages.error(request, conflict.message)
            return redirect("participants:report-detail", pk=report.pk)
        messages.success(request, _("The report was deleted."))
        return redirect("projects_staff:project-detail", slug=project.slug)
    return render(request, "participants/report_confirm_delete.html", {"report": report})
