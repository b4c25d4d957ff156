"""Staff pages to keep organisations and projects (with partners and target groups) up to date.

Board members may read these pages and get 403 on every change; anonymous users are sent to log in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from participants.selectors import project_history as project_history_entries
from participants.selectors import readable_history
from vvg_portal.pagination import paginate

from .forms import OrganisationForm, ProjectForm, project_formsets
from .models import Organisation, Project

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


@transaction.atomic
def _save_project(form, formsets):
    project = form.save()
    for formset in formsets.values():
        formset.instance = project
        formset.save()
    return project


def _project_form_page(request, project):
    form = ProjectForm(request.POST or None, instance=project)
    formsets = project_formsets(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        created = project.pk is None
        project = _save_project(form, formsets)
        messages.success(request, _("The project was created.") if created else _("The project was saved."))
        return redirect("projects_staff:project-detail", slug=project.slug)
    return render(request, "projects_staff/project_form.html", {"form": form, "formsets": formsets, "project": project})


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
        project.delete()
        messages.success(request, _("The project was deleted."))
        return redirect("projects_staff:project-list")
    ctx = {"project": project, "report_count": project.reports.count()}
    return render(request, "projects_staff/project_confirm_delete.html", ctx)


# --- organisations -------------------------------------------------------------------------------------


@login_required
@permission_required("projects.view_organisation", raise_exception=True)
def organisation_list(request):
    organisations = Organisation.objects.annotate(
        project_count=Count("promoted_projects", distinct=True), partner_count=Count("partnerships", distinct=True)
    ).order_by("name")
    page, query = paginate(request, organisations, PAGE_SIZE)
    return render(request, "projects_staff/organisation_list.html", {"page": page, "query": query})


def _organisation_form_page(request, organisation):
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        created = organisation.pk is None
        form.save()
        messages.success(request, _("The organisation was created.") if created else _("The organisation was saved."))
        return redirect("projects_staff:organisation-list")
    return render(request, "projects_staff/organisation_form.html", {"form": form, "organisation": organisation})


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
        try:
            organisation.delete()
        except ProtectedError:
            messages.error(request, _("The organisation promotes or partners projects, so it cannot be deleted."))
            return redirect("projects_staff:organisation-list")
        messages.success(request, _("The organisation was deleted."))
        return redirect("projects_staff:organisation-list")
    return render(request, "projects_staff/organisation_confirm_delete.html", {"organisation": organisation})
