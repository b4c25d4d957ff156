import csv
from decimal import Decimal

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from common.pagination import PAGE_PARAMETER, paginate
from common.text import safe_text
from progress.calculation import (
    organisations_with_project_counts,
    project_progress,
    projects_achieved,
    projects_at_a_glance,
)
from projects.filters import ProjectFilter
from projects.models import Organisation, Project, ProjectPartner

PAGE_SIZE = 20
# The organisation page's second list (projects it partners) pages with its own parameter.
PARTNER_PAGE_PARAMETER = "partneris"


def _public_projects():
    return Project.objects.public().select_related("node__strategy", "promoter")


def _get_public_project(slug):
    return get_object_or_404(_public_projects().with_rows(), slug=slug)


# Values the list takes when a field is left out: the sort field has no empty choice, so the form sends its first.
DEFAULTS = {"rikiuoti": "title"}


def _without_empty(query):
    """The query string without its empty fields (nor defaults), so that a shared filtered list has a short address."""
    kept = query.copy()
    for key in list(kept):
        values = [value for value in kept.getlist(key) if value.strip() and value != DEFAULTS.get(key)]
        if values:
            kept.setlist(key, values)
        else:
            del kept[key]
    return kept.urlencode()


@require_safe
def project_list(request):
    short = _without_empty(request.GET)
    if short != request.GET.urlencode():
        return redirect(f"{request.path}?{short}" if short else request.path)
    project_filter = ProjectFilter(request.GET or None, queryset=_public_projects())
    page, query = paginate(request, project_filter.qs, PAGE_SIZE)
    # the download links ask for the list the page shows: without the filters it refused (the CSV would refuse them)
    kept = request.GET.copy()
    for name in [PAGE_PARAMETER, *(project_filter.errors if project_filter.is_bound else ())]:
        kept.pop(name, None)
    ctx = {
        "filter": project_filter,
        "page": page,
        "glances": projects_at_a_glance(page.object_list),
        "query": query,
        "csv_query": kept.urlencode(),
        # the filters in force: not the search, the page, nor a filter the form refused
        "filters_used": len([key for key in kept if key != "q"]),
    }
    return render(request, "projects/project_list.html", ctx)


# The columns of the CSV list: a heading and how to read the cell from a project and its approved figures.
CSV_COLUMNS = [
    (_("code"), lambda project, figures: project.code),
    (_("title"), lambda project, figures: project.title),
    (_("strategy"), lambda project, figures: project.node.strategy.period),
    (_("action"), lambda project, figures: project.node.code),
    (_("promoter"), lambda project, figures: project.promoter.published_name if project.promoter else ""),
    (_("status"), lambda project, figures: project.get_status_display()),
    (_("start date"), lambda project, figures: project.start_date),
    (_("end date"), lambda project, figures: project.end_date),
    (_("grant, EUR"), lambda project, figures: project.grant),
    (_("planned participants"), lambda project, figures: project.planned_participants),
    (_("participants achieved"), lambda project, figures: figures.participants),
]


def _cell(value, decimal_comma=False):
    """A CSV cell that a spreadsheet will not run as a formula (the workbook export's rule)."""
    if isinstance(value, Decimal) and decimal_comma:
        return str(value).replace(".", ",")
    return safe_text("" if value is None else str(value))


def _filter_problems(project_filter):
    """The refused filters in words, each with the value given: `metai=„1999“: …`."""
    lines = [gettext("The list was not written: these filters were refused.")]
    for name, messages in project_filter.errors.items():
        value = project_filter.data.get(name, "")
        lines.append(f"{name}=„{value}“: {' '.join(str(message) for message in messages)}")
    return "\n".join(lines) + "\n"


@require_safe
def project_csv(request):
    """The list as CSV. `?format=excel` is for Lithuanian Excel, which opens it without a wizard: `;` between
    cells and a decimal comma. Without it, the plain CSV for programs: `,` and a decimal point."""
    excel = request.GET.get("format") == "excel"
    project_filter = ProjectFilter(request.GET or None, queryset=_public_projects())
    if project_filter.is_bound and not project_filter.is_valid():  # not the whole list under a filtered name
        return HttpResponseBadRequest(_filter_problems(project_filter), content_type="text/plain; charset=utf-8")
    projects = list(project_filter.qs)
    achieved = projects_achieved(projects)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = "projektai-excel.csv" if excel else "projektai.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response, delimiter=";" if excel else ",")
    writer.writerow([str(heading) for heading, _read in CSV_COLUMNS] + [str(_("address"))])
    for project in projects:
        cells = [read(project, achieved[project.pk]) for _heading, read in CSV_COLUMNS]
        cells.append(request.build_absolute_uri(project.get_absolute_url()))
        writer.writerow(_cell(value, decimal_comma=excel) for value in cells)
    return response


@require_safe
def project_detail(request, slug):
    project = _get_public_project(slug)
    progress = project_progress(project)
    ctx = {"project": project, "progress": progress, "reports": progress.reports}
    return render(request, "projects/project_detail.html", ctx)


@require_safe
def organisation_list(request):
    organisations = organisations_with_project_counts(Organisation.objects.public().in_published_order())
    page, query = paginate(request, organisations, PAGE_SIZE)
    return render(request, "projects/organisation_list.html", {"page": page, "query": query})


@require_safe
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.public(), slug=slug)
    led = _public_projects().filter(promoter=organisation).order_by("title", "pk")
    partnered = (
        ProjectPartner.objects.filter(organisation=organisation, project__in=Project.objects.public())
        .select_related("project__node__strategy", "project__promoter")
        .order_by("project__title", "pk")
    )
    led_page, led_query = paginate(request, led, PAGE_SIZE)
    partner_page, partner_query = paginate(request, partnered, PAGE_SIZE, PARTNER_PAGE_PARAMETER)
    ctx = {
        "organisation": organisation,
        "led": led_page,
        "led_query": led_query,
        "partnered": partner_page,
        "partner_query": partner_query,
        "partner_parameter": PARTNER_PAGE_PARAMETER,
        "glances": projects_at_a_glance(
            [*led_page.object_list, *(partnership.project for partnership in partner_page.object_list)]
        ),
    }
    return render(request, "projects/organisation_detail.html", ctx)
