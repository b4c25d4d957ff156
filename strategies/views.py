from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from projects.models import Project

from .forms import AsOfForm
from .models import Strategy
from .progress import STATUS_RULE, strategy_progress

RECENT_PROJECTS = 6


def _get_public_strategy(code):
    return get_object_or_404(Strategy.objects.public(), code=code)


def _as_of(request):
    """The bound as-of form and its date: today when the field is empty or wrong (the form says why)."""
    form = AsOfForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["data"]:
        return form, form.cleaned_data["data"], f"data={form.cleaned_data['data']:%Y-%m-%d}"
    return form, timezone.localdate(), ""


def _ancestors(progress, node):
    """The nodes above `node`, from the top, taken from the tree already loaded."""
    by_id = {np.node.pk: np.node for np in progress.nodes()}
    ancestors = []
    while node.parent_id in by_id:
        node = by_id[node.parent_id]
        ancestors.insert(0, node)
    return ancestors


@require_GET
def home(request):
    strategies = list(Strategy.objects.public())
    current = next((s for s in strategies if s.status == Strategy.Status.IN_FORCE), None)
    ctx = {
        "current": current,
        "progress": strategy_progress(current) if current else None,
        "others": [s for s in strategies if s != current],
        "recent_projects": Project.objects.public()
        .select_related("node__strategy", "promoter")
        .order_by("-updated_at")[:RECENT_PROJECTS],
    }
    return render(request, "home.html", ctx)


@require_GET
def strategy_list(request):
    return render(request, "strategies/strategy_list.html", {"strategies": Strategy.objects.public()})


@require_GET
def strategy_detail(request, code):
    strategy = _get_public_strategy(code)
    form, as_of, as_of_query = _as_of(request)
    ctx = {
        "strategy": strategy,
        "form": form,
        "as_of_query": as_of_query,
        "status_rule": STATUS_RULE,
        "progress": strategy_progress(strategy, as_of),
    }
    return render(request, "strategies/strategy_detail.html", ctx)


@require_GET
def node_detail(request, code, node_code):
    strategy = _get_public_strategy(code)
    form, as_of, as_of_query = _as_of(request)
    progress = strategy_progress(strategy, as_of)
    node_progress = progress.find(node_code)
    if node_progress is None:
        raise Http404
    node = node_progress.node
    ctx = {
        "strategy": strategy,
        "form": form,
        "as_of_query": as_of_query,
        "status_rule": STATUS_RULE,
        "progress": progress,
        "np": node_progress,
        "node": node,
        "ancestors": _ancestors(progress, node),
        "child_top": 2 - node.depth,
        "projects": Project.objects.public()
        .filter(node__in=[item.node for item in node_progress.walk()])
        .select_related("node__strategy", "promoter")
        .order_by("node__sort_key", "title"),
    }
    return render(request, "strategies/node_detail.html", ctx)
