"""Staff pages to keep organisations and projects (with partners and target groups) up to date.

Board members may read these pages and get 403 on every change; anonymous users are sent to log in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.forms import DeleteForm, rebased_form
from common.history import stale_context
from common.pagination import paginate
from participants.models import ProgressReport
from progress.calculation import organisations_with_project_counts
from projects import services
from projects.forms import OrganisationForm, ProjectForm, project_formsets, project_rows
from projects.models import Organisation, Project
from workspace.selectors import project_history as project_history_entries
from workspace.selectors import readable_history

PAGE_SIZE = 50


def _get_project_for_user(slug):
    return get_object_or_404(Project.objects.select_related("node__strategy", "promoter"), slug=slug)


def _get_organisation_for_user(slug):
    return get_object_or_404(Organisation, slug=slug)


# --- projects ------------------------------------------------------------------------------------------


@login_required
@permission_required("projects.view_project", raise_exception=True)
def project_list(request):
    projects = (
        Project.objects.select_related("node__strategy", "promoter")
        .annotate(report_count=Count("reports"))
        .order_by("-node__strategy__start_year", "title")
    )
    page, query = paginate(request, projects, PAGE_SIZE)
    return render(request, "projects_staff/project_list.html", {"page": page, "query": query})


@login_required
@permission_required("projects.view_project", raise_exception=True)
def project_detail(request, slug):
    project = _get_project_for_user(slug)
    ctx = {
        "project": project,
        "partners": project.partnerships.select_related("organisation"),
        "target_groups": project.project_target_groups.select_related("target_group"),
        "reports": project.reports.select_related("submitted_by", "approved_by").order_by("-period_start"),
    }
    return render(request, "projects_staff/project_detail.html", ctx)


@login_required
@permission_required("projects.view_project", raise_exception=True)
def project_history(request, slug):
    project = _get_project_for_user(slug)
    entries = project_history_entries(project)
    return render(request, "projects_staff/history.html", {"object": project, "entries": entries})


def _reason(created):
    return services.change_reason(services.WORKSPACE, "create" if created else "save")


def _save_project(form, formsets, user, created):
    return services.project_save_with_rows(
        project=form.instance,
        **project_rows(formsets["partners"], formsets["target_groups"]),
        user=user,
        version=form.cleaned_data["version"],
        reason=_reason(created),
    )


def _project_form_page(request, project):
    form = ProjectForm(request.POST or None, instance=project)
    formsets = project_formsets(request.POST or None, instance=project)
    ctx = {"form": form, "formsets": formsets, "project": project}
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        created = project.pk is None
        try:
            project = _save_project(form, formsets, request.user, created)
        except services.AlreadySaved as saved:  # the form sent twice: its first sending created the project
            messages.info(request, saved.message)
            return redirect("projects_staff:project-detail", slug=saved.instance.slug)
        except services.Conflict as conflict:
            if created:
                form.add_error(None, conflict.message)
                return render(request, "projects_staff/project_form.html", ctx)
            messages.error(request, conflict.message)
            return _stale_project_page(request, project.slug)
        messages.success(request, _("The project was created.") if created else _("The project was saved."))
        return redirect("projects_staff:project-detail", slug=project.slug)
    return render(request, "projects_staff/project_form.html", ctx)


def _stale_project_page(request, slug):
    """The refused form again, with what the user typed, now based on the saved version (saving overwrites it)."""
    current = _get_project_for_user(slug)
    form = rebased_form(ProjectForm, request.POST, current)
    formsets = project_formsets(request.POST, instance=current)
    for formset in formsets.values():
        formset.is_valid()
    ctx = {"form": form, "formsets": formsets, "project": current, "current": stale_context(current)}
    return render(request, "projects_staff/project_form.html", ctx, status=409)


@login_required
@permission_required("projects.add_project", raise_exception=True)
def project_create(request):
    return _project_form_page(request, Project())


@login_required
@permission_required("projects.change_project", raise_exception=True)
def project_edit(request, slug):
    return _project_form_page(request, _get_project_for_user(slug))


@login_required
@permission_required("projects.delete_project", raise_exception=True)
def project_delete(request, slug):
    project = _get_project_for_user(slug)
    if request.method == "POST":
        form = DeleteForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.refusal())
            return redirect("projects_staff:project-detail", project.slug)
        try:
            services.project_delete(project=project, user=request.user, version=form.cleaned_data["version"])
        except services.Conflict as conflict:
            messages.error(request, conflict.message)
            return redirect("projects_staff:project-detail", project.slug)
        messages.success(request, _("The project “%(title)s” was deleted.") % {"title": project.title})
        return redirect("projects_staff:project-list")
    reports = project.reports.aggregate(
        count=Count("pk"), approved=Count("pk", filter=Q(status=ProgressReport.Status.APPROVED))
    )
    ctx = {"project": project, "report_count": reports["count"], "approved_count": reports["approved"]}
    return render(request, "projects_staff/project_confirm_delete.html", ctx)


# --- organisations -------------------------------------------------------------------------------------


@login_required
@permission_required("projects.view_organisation", raise_exception=True)
def organisation_list(request):
    organisations = organisations_with_project_counts(Organisation.objects.order_by("name"), public_only=False)
    page, query = paginate(request, organisations, PAGE_SIZE)
    return render(request, "projects_staff/organisation_list.html", {"page": page, "query": query})


def _organisation_form_page(request, organisation):
    form = OrganisationForm(request.POST or None, instance=organisation)
    ctx = {"form": form, "organisation": organisation}
    if request.method == "POST" and form.is_valid():
        created = organisation.pk is None
        try:
            services.organisation_save(
                organisation=form.instance,
                user=request.user,
                version=form.cleaned_data["version"],
                reason=_reason(created),
            )
        except services.AlreadySaved as saved:  # the form sent twice: its first sending created the organisation
            messages.info(request, saved.message)
            return redirect("projects_staff:organisation-list")
        except services.Conflict as conflict:
            if created:
                form.add_error(None, conflict.message)
                return render(request, "projects_staff/organisation_form.html", ctx)
            messages.error(request, conflict.message)
            return _stale_organisation_page(request, organisation.slug)
        messages.success(request, _("The organisation was created.") if created else _("The organisation was saved."))
        return redirect("projects_staff:organisation-list")
    return render(request, "projects_staff/organisation_form.html", ctx)


def _stale_organisation_page(request, slug):
    current = _get_organisation_for_user(slug)
    form = rebased_form(OrganisationForm, request.POST, current)
    ctx = {"form": form, "organisation": current, "current": stale_context(current)}
    return render(request, "projects_staff/organisation_form.html", ctx, status=409)


@login_required
@permission_required("projects.add_organisation", raise_exception=True)
def organisation_create(request):
    return _organisation_form_page(request, Organisation())


@login_required
@permission_required("projects.change_organisation", raise_exception=True)
def organisation_edit(request, slug):
    return _organisation_form_page(request, _get_organisation_for_user(slug))


@login_required
@permission_required("projects.view_organisation", raise_exception=True)
def organisation_history(request, slug):
    organisation = _get_organisation_for_user(slug)
    entries = readable_history(Organisation, organisation.history.select_related("history_user"))
    return render(request, "projects_staff/history.html", {"object": organisation, "entries": entries})


@login_required
@permission_required("projects.delete_organisation", raise_exception=True)
def organisation_delete(request, slug):
    organisation = _get_organisation_for_user(slug)
    if request.method == "POST":
        form = DeleteForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.refusal())
            return redirect("projects_staff:organisation-list")
        try:
            services.organisation_delete(
                organisation=organisation, user=request.user, version=form.cleaned_data["version"]
            )
        except services.Conflict as conflict:
            messages.error(request, conflict.message)
            return redirect("projects_staff:organisation-list")
        messages.success(request, _("The organisation “%(name)s” was deleted.") % {"name": organisation.name})
        return redirect("projects_staff:organisation-list")
    # Said before asking: an organisation that promotes or partners a project cannot be deleted (the database
    # keeps it for them), as the project's page says of approved reports.
    ctx = {
        "organisation": organisation,
        "promoted_count": organisation.promoted_projects.count(),
        "partnered_count": organisation.partnerships.count(),
    }
    return render(request, "projects_staff/organisation_confirm_delete.html", ctx)
