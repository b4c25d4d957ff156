from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin_mixins import BoundedRowsMixin, KnownRowsInlineFormSet, SafeTextAdminMixin
from common.formatting import format_number

from .forms import MilestoneInlineFormSet
from .models import Indicator, ManualValue, Milestone, Node, Strategy, TargetGroup


class NodeInline(BoundedRowsMixin, SafeTextAdminMixin, admin.TabularInline):
    model = Node
    fields = ["code", "title", "title_en", "parent", "budget"]
    extra = 1
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only nodes of the strategy being edited as parents.
        if db_field.name == "parent":
            strategy_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Node.objects.filter(strategy_id=strategy_id) if strategy_id else Node.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class IndicatorRowsFormSet(KnownRowsInlineFormSet):
    """A node's indicators: a target is not lowered below a milestone the indicator has (its milestones are on its
    own page, where the same rule holds for the rows posted there)."""

    def clean(self):
        super().clean()
        ceilings = {}  # indicator id -> (its form, the most a milestone may be, what that is in words)
        for form in self.forms:
            indicator = form.instance
            if not indicator.pk or self._should_delete_form(form) or form.errors or not form.has_changed():
                continue
            ceiling, of_what = Milestone(indicator=indicator).ceiling()
            if ceiling is not None:
                ceilings[indicator.pk] = (form, ceiling, of_what)
        reported = set()
        for milestone in Milestone.objects.filter(indicator__in=ceilings).order_by("date"):  # one query for all
            form, ceiling, of_what = ceilings[milestone.indicator_id]
            if milestone.value > ceiling and milestone.indicator_id not in reported:
                reported.add(milestone.indicator_id)  # the first such milestone of each
                form.add_error(
                    "target",
                    _("The milestone of %(date)s (%(value)s) would be above %(what)s (%(ceiling)s): change it first.")
                    % {
                        "date": milestone.date.isoformat(),
                        "value": format_number(milestone.value),
                        "what": of_what,
                        "ceiling": format_number(ceiling),
                    },
                )


class IndicatorInline(BoundedRowsMixin, SafeTextAdminMixin, admin.StackedInline):
    model = Indicator
    formset = IndicatorRowsFormSet
    fields = [
        ("name", "name_en"),
        ("unit", "unit_label"),
        ("target_kind", "target", "target_max"),
        ("source", "figure", "target_group", "measure"),
        ("headline", "position"),
    ]
    extra = 0
    show_change_link = True


class MoneyMilestoneInline(BoundedRowsMixin, SafeTextAdminMixin, admin.TabularInline):
    """Milestones of the strategy's money: the amount paid by a date."""

    model = Milestone
    formset = MilestoneInlineFormSet
    fk_name = "strategy"
    fields = ["date", "value", "note"]
    extra = 0
    verbose_name = _("milestone of the money paid")
    verbose_name_plural = _("milestones of the money paid, EUR")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(indicator__isnull=True)


@admin.register(Strategy)
class StrategyAdmin(SafeTextAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title", "period", "status", "amendment_number"]
    list_filter = ["status"]
    search_fields = ["code", "title"]
    fieldsets = [
        (None, {"fields": ["code", ("title", "title_en"), ("summary", "summary_en")]}),
        (None, {"fields": [("start_year", "end_year"), "status"]}),
        (None, {"fields": [("amendment_number", "amendment_date"), "document_url", "programme", "budget"]}),
        (None, {"fields": ["level_names", "level_names_en", "holds_sample"]}),
        (_("List of operations"), {"fields": [("fund", "co_financing_rate"), "specific_objective"]}),
    ]
    inlines = [NodeInline, MoneyMilestoneInline]


class NodeIndicatorInline(IndicatorInline):
    exclude = ["strategy"]


@admin.register(Node)
class NodeAdmin(SafeTextAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title", "strategy", "depth"]
    list_filter = ["strategy", "depth"]
    search_fields = ["code", "title"]
    list_select_related = ["strategy"]
    autocomplete_fields = ["parent"]
    inlines = [NodeIndicatorInline]

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if hasattr(inline_form.instance, "strategy_id") and not inline_form.instance.strategy_id:
                inline_form.instance.strategy_id = form.instance.strategy_id
        super().save_formset(request, form, formset, change)


class ManualValueInline(BoundedRowsMixin, SafeTextAdminMixin, admin.TabularInline):
    model = ManualValue
    extra = 1


class MilestoneInline(BoundedRowsMixin, SafeTextAdminMixin, admin.TabularInline):
    """An indicator's intermediate targets; the strategy is taken from the indicator."""

    model = Milestone
    formset = MilestoneInlineFormSet
    fk_name = "indicator"
    fields = ["date", "value", "note"]
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(SafeTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "strategy", "node", "unit", "target_kind", "target", "target_max", "source"]
    list_filter = ["strategy", "unit", "source", "target_kind", "measure"]
    search_fields = ["name", "name_en", "node__code"]
    list_select_related = ["strategy", "node"]
    autocomplete_fields = ["node"]
    inlines = [MilestoneInline, ManualValueInline]


@admin.register(TargetGroup)
class TargetGroupAdmin(SafeTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}
