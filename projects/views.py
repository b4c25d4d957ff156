import csv

from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from participants.models import ProgressReport
from strategies.progress import project_progress, projects_achieved
from vvg_portal.pagination import PAGE_PARAMETER, paginate
from workbooks.exporter import safe_text

from .filters import ProjectFilter
from .models import Organisation, Project, ProjectPartner, ProjectTargetGroup

PAGE_SIZE = 20


def _public_projects():
    return Project.objects.public().select_related("node__strategy", "promoter")


def _get_public_project(slug):
    queryset = _public_projects().prefetch_related(
        Prefetch("partnerships", queryset=ProjectPartner.objects.select_related("organisation")),
        Prefetch("project_target_groups", queryset=ProjectTargetGroup.objects.select_related("target_group")),
    )
    return get_object_or_404(queryset, slug=slug)


def _without_empty(query):
    """The query string without its empty fields, so that a shared filtered list has a short address."""
    kept = query.copy()
    for key in list(kept):
        values = [value for value in kept.getlist(key) if value.strip()]
        if values:
            kept.setlist(key, values)
        else:
            del kept[key]
    return kept.urlencode()


@require_GET
def project_list(request):
    short = _without_empty(request.GET)
    if short != request.GET.urlencode():
        return redirect(f"{request.path}?{short}" if short else request.path)
    project_filter = ProjectFilter(request.GET or None, queryset=_public_projects())
    page, query = paginate(request, project_filter.qs, PAGE_SIZE)
    ctx = {
        "filter": project_filter,
        "page": page,
        "achieved": projects_achieved(page.object_list),
        "query": query,
        "filters_used": len([key for key in request.GET if key not in ("q", PAGE_PARAMETER)]),
    }
    return render(request, "projects/project_list.html", ctx)


# The columns of the CSV list: a heading and how to read the cell from a project and its approved figures.
CSV_COLUMNS = [
    (_("code"), lambda project, figures: project.code),
    (_("title"), lambda project, figures: project.title),
    (_("strategy"), lambda project, figures: project.node.strategy.period),
    (_("action"), lambda project, figures: project.node.code),
    (_("promoter"), lambda project, figures: project.promoter.name if project.promoter else ""),
    (_("status"), lambda project, figures: project.get_status_display()),
    (_("start date"), lambda project, figures: project.start_date),
    (_("end date"), lambda project, figures: project.end_date),
    (_("grant, EUR"), lambda project, figures: project.grant),
    (_("planned participants"), lambda project, figures: project.planned_participants),
    (_("participants achieved"), lambda project, figures: figures.participants),
]


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula (the workbook export's rule)."""
    return safe_text("" if value is None else str(value))


@require_GET
def project_csv(request):
    projects = list(ProjectFilter(request.GET or None, queryset=_public_projects()).qs)
    achieved = projects_achieved(projects)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="projektai.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([str(heading) for heading, _read in CSV_COLUMNS] + [str(_("address"))])
    for project in projects:
        cells = [read(project, achieved[project.pk]) for _heading, read in CSV_COLUMNS]
        cells.append(request.build_absolute_uri(project.get_absolute_url()))
        writer.writerow(_cell(value) for value in cells)
    return response


@require_GET
def project_detail(request, slug):
    project = _get_public_project(slug)
    ctx = {
        "project": project,
        "progress": project_progress(project),
        "reports": ProgressReport.objects.approved().filter(project=project).order_by("period_start"),
    }
    return render(request, "projects/project_detail.html", ctx)


@require_GET
def organisation_list(request):
    organisations = Organisation.objects.annotate(
        led=Count("promoted_projects", filter=~Q(promoted_projects__node__strategy__status="draft"), distinct=True),
        partnered=Count(
            "partnerships", filter=~Q(partnerships__project__node__strategy__status="draft"), distinct=True
        ),
    ).order_by("name")
    page, query = paginate(request, organisations, PAGE_SIZE)
    return render(request, "projects/organisation_list.html", {"page": page, "query": query})


@require_GET
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    ctx = {
        "organisation": organisation,
        "led": _public_projects().filter(promoter=organisation),
        "partnered": ProjectPartner.objects.filter(
            organisation=organisation, project__in=Project.objects.public()
        ).select_related("project__node__strategy", "project__promoter"),
    }
    return render(request, "projects/organisation_detail.html", ctx)
