"""The staff workspace's form for a strategy's milestones (the admin edits them too, through the same model)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.formatting import format_number
from common.forms import ROW_LIMITS, KnownRowsFormSetMixin, LocalDecimalField, non_negative

from .models import Indicator, Milestone

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, indicator):
        where = indicator.node.code if indicator.node_id else _("strategy")
        return f"{where} · {indicator.display_name}"


class MilestoneForm(forms.ModelForm):
    indicator = IndicatorChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("— the strategy's money: paid, EUR —"),
    )

    class Meta:
        model = Milestone
        fields = ["indicator", "date", "value", "note"]
        field_classes = {"value": LocalDecimalField}
        widgets = {"date": _DATE}

    def __init__(self, *args, strategy, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy  # the model's checks need it before saving
        self.fields["indicator"].queryset = indicators
        non_negative(self, ["value"])


class MilestoneOrderMixin:
    """A formset of milestones (the workspace's, the admin's inlines): a series that adds up (the money paid, a
    flow indicator) never falls from one milestone to the next. Checked on the rows as they will be saved, so
    that changing several at once is judged by the result, with the saved rows this page did not show (added in
    another tab since) as they are."""

    def clean(self):
        super().clean()
        series, posted = {}, set()
        for form in self.forms:
            if form.instance.pk:
                posted.add(form.instance.pk)
            if self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            milestone, data = form.instance, form.cleaned_data
            if data.get("date") is None or data.get("value") is None or form.errors:
                continue
            if not milestone.pk and not form.has_changed():
                continue
            if milestone.adds_up:
                series.setdefault(milestone.series, []).append((data["date"], data["value"], form))
        for (kind, saved_id, _identity), rows in series.items():
            if saved_id is not None:  # a saved indicator's or strategy's: with its rows this page did not post
                if kind == "indicator":
                    saved = Milestone.objects.filter(indicator_id=saved_id)
                else:
                    saved = Milestone.objects.filter(strategy_id=saved_id, indicator__isnull=True)
                rows += [(row.date, row.value, None) for row in saved.exclude(pk__in=posted)]
            self._check_order(sorted(rows, key=lambda row: row[0]))

    def _check_order(self, rows):
        highest = None
        for date, value, form in rows:
            if highest is not None and value < highest[1]:
                # on the row this page posted: the later one, or else the earlier, higher one
                target = form if form is not None else highest[2]
                if target is not None:
                    target.add_error(
                        "value",
                        _(
                            "A milestone cannot be below an earlier one: %(value)s (%(date)s), while the earlier "
                            "is %(earlier)s (%(earlier_date)s)."
                        )
                        % {
                            "value": format_number(value),
                            "date": date.isoformat(),
                            "earlier": format_number(highest[1]),
                            "earlier_date": highest[0].isoformat(),
                        },
                    )
            else:
                highest = (date, value, form)


class MilestoneInlineFormSet(MilestoneOrderMixin, KnownRowsFormSetMixin, forms.BaseInlineFormSet):
    """The admin's milestones of one indicator, or of the strategy's money."""


class BaseMilestoneFormSet(MilestoneOrderMixin, KnownRowsFormSetMixin, forms.BaseModelFormSet):
    section = _("Milestones")  # named so in the error summary

    def __init__(self, *args, strategy, **kwargs):
        self.strategy = strategy
        self.indicators = (
            Indicator.objects.filter(strategy=strategy)
            .select_related("node")
            .order_by("node__sort_key", "position", "pk")
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "strategy": self.strategy, "indicators": self.indicators}

    def clean(self):
        """Two rows of the form for one indicator (or the money) on one day: say which, save nothing."""
        super().clean()
        seen = {}
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk or self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", {})
            key = (data.get("indicator"), data.get("date"))
            if key[1] is None:
                continue
            if key in seen:
                form.add_error(
                    "date",
                    _("Another row sets a milestone of the same indicator on %(date)s.") % {"date": key[1].isoformat()},
                )
            seen[key] = form


MilestoneFormSet = forms.modelformset_factory(
    Milestone, form=MilestoneForm, formset=BaseMilestoneFormSet, extra=3, can_delete=True, **ROW_LIMITS
)


def milestone_formset(data=None, *, strategy):
    """The milestones of `strategy`, by date, with three empty rows."""
    queryset = Milestone.objects.filter(strategy=strategy).select_related("indicator__node").order_by("date", "pk")
    return MilestoneFormSet(data, queryset=queryset, strategy=strategy, prefix="milestones")
