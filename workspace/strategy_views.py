"""Staff pages for a strategy's milestones: the intermediate targets of its indicators and of its money.

Board members read the list and get 403 on the form; anonymous users are sent to log in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.constraints import constraint_message
from strategies.forms import milestone_formset
from strategies.models import Milestone, Strategy

MILESTONE_PERMISSIONS = ("strategies.add_milestone", "strategies.change_milestone", "strategies.delete_milestone")


@login_required
@permission_required("strategies.view_milestone", raise_exception=True)
def strategy_list(request):
    strategies = Strategy.objects.annotate(milestone_count=Count("milestones")).order_by("-start_year")
    milestones = Milestone.objects.select_related("indicator__node").order_by("date", "pk")
    by_strategy = {}
    for milestone in milestones:
        by_strategy.setdefault(milestone.strategy_id, []).append(milestone)
    rows = [(strategy, by_strategy.get(strategy.pk, [])) for strategy in strategies]
    return render(request, "strategies_staff/strategy_list.html", {"rows": rows})


@login_required
@permission_required(MILESTONE_PERMISSIONS, raise_exception=True)
def milestones_edit(request, code):
    strategy = get_object_or_404(Strategy, code=code)
    formset = milestone_formset(request.POST or None, strategy=strategy)
    status = 200
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic():
                formset.save()
        except IntegrityError as exc:  # a row of the same date saved at the same moment (a second tab, a double click)
            messages.error(request, _("Nothing was saved: %(reason)s") % {"reason": constraint_message(exc)})
            status = 409
        else:
            messages.success(request, _("The milestones were saved."))
            return redirect("strategies_staff:strategy-list")
    ctx = {"strategy": strategy, "formset": formset}
    return render(request, "strategies_staff/milestones_form.html", ctx, status=status)
