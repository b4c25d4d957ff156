from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from common.pagination import paginate
from progress.calculation import (
    projects_at_a_glance,
    status_rule,
    strategy_outline,
    strategy_progress,
    strategy_years,
)
from projects.models import Project
from strategies.models import Node, Strategy

from .forms import AsOfForm
from .tree import tree_rows

RECENT_PROJECTS = 6
PROJECTS_PAGE_SIZE = 20  # an action's projects, a page at a time, as on the project list
# The strategy and year pages show the goals (with everything under them) a few at a time: a real strategy has
# two to five goals and fits one page; a very large one does not make a page that grows with it.
GOALS_PAGE_SIZE = 5


def _get_public_strategy(code):
    return get_object_or_404(Strategy.objects.public(), code=code)


def _as_of(request):
    """The bound as-of form and its date: today when the field is empty or wrong (the form says why)."""
    form = AsOfForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["data"]:
        return form, form.cleaned_data["data"], f"data={form.cleaned_data['data']:%Y-%m-%d}"
    return form, timezone.localdate(), ""


class _GoalPage:
    """What the strategy page and the year page share: the strategy, the as-of date and one page of its goals."""

    def __init__(self, request, code):
        self.strategy = _get_public_strategy(code)
        self.form, self.as_of, self.as_of_query = _as_of(request)
        self.outline = strategy_outline(self.strategy)
        self.goals, self.goals_query = paginate(request, self.outline.root_ids, GOALS_PAGE_SIZE)

    def context(self):
        return {
            "strategy": self.strategy,
            "form": self.form,
            "as_of_query": self.as_of_query,
            "status_rule": status_rule(),
            "goals": self.goals,
            "goals_query": self.goals_query,
        }


# The node's ancestors come with it in one query (a strategy is rarely deeper; deeper ones still work).
_ANCESTORS = "parent__parent__parent__parent__parent"


def _ancestors(node, strategy):
    """The nodes above `node`, from the top (loaded with it: see _ANCESTORS)."""
    ancestors = []
    while node.parent_id:
        node = node.parent
        node.strategy = strategy
        ancestors.insert(0, node)
    return ancestors


@require_safe
def home(request):
    strategies = list(Strategy.objects.public())
    current = next((s for s in strategies if s.status == Strategy.Status.IN_FORCE), None)
    recent = list(
        Project.objects.public().select_related("node__strategy", "promoter").order_by("-updated_at")[:RECENT_PROJECTS]
    )
    ctx = {
        "current": current,
        "progress": strategy_progress(current, headline_only=True) if current else None,
        "others": [s for s in strategies if s != current],
        "recent_projects": recent,
        "glances": projects_at_a_glance(recent),
    }
    return render(request, "home.html", ctx)


@require_safe
def strategy_list(request):
    return render(request, "strategies/strategy_list.html", {"strategies": Strategy.objects.public()})


@require_safe
def strategy_detail(request, code):
    page = _GoalPage(request, code)
    progress = strategy_progress(page.strategy, page.as_of, roots=page.goals.object_list, outline=page.outline)
    ctx = {**page.context(), "progress": progress, "tree": tree_rows(progress.roots, top_level=3)}
    return render(request, "strategies/strategy_detail.html", ctx)


@require_safe
def node_detail(request, code, node_code):
    strategy = _get_public_strategy(code)
    form, as_of, as_of_query = _as_of(request)
    if not node_code.isprintable():  # no node has such a code, and PostgreSQL refuses a NUL in a query
        raise Http404
    node = get_object_or_404(Node.objects.select_related(_ANCESTORS), strategy=strategy, code=node_code)
    ancestors = _ancestors(node, strategy)
    progress = strategy_progress(strategy, as_of, subtree=node)
    node_progress = progress.roots[0]
    node = node_progress.node
    projects, projects_query = paginate(
        request,
        Project.objects.public()
        .filter(node__in=[item.node for item in node_progress.walk()])
        .select_related("node__strategy", "promoter")
        .order_by("node__sort_key", "title", "pk"),
        PROJECTS_PAGE_SIZE,
    )
    ctx = {
        "strategy": strategy,
        "form": form,
        "as_of_query": as_of_query,
        "status_rule": status_rule(),
        "progress": progress,
        "np": node_progress,
        "node": node,
        "ancestors": ancestors,
        "tree": tree_rows(node_progress.children, top_level=2 - node.depth),
        "projects": projects,
        "projects_query": projects_query,
        "glances": projects_at_a_glance(projects.object_list, as_of),
    }
    return render(request, "strategies/node_detail.html", ctx)


@require_safe
def strategy_year_table(request, code):
    """Each indicator and the money year by year: the indicator performance tracking table."""
    page = _GoalPage(request, code)
    table = strategy_years(page.strategy, page.as_of, roots=page.goals.object_list, outline=page.outline)
    ctx = {**page.context(), "progress": table.progress, "table": table}
    return render(request, "strategies/strategy_years.html", ctx)
