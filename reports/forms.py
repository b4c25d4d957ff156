from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import validate_date_range, validate_not_future
from projects.models import Project
from strategies.models import Strategy

from .selectors import AnnualReportError, check_annual_year


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectChoiceField(forms.ModelChoiceField):
    """Projects by strategy, each with its strategy's period: the list holds every strategy's projects."""

    def label_from_instance(self, project):
        return f"„{project.title}“ ({project.node.strategy.period})"


class ReportForm(forms.Form):
    """What the board's report is about; sent by GET, since downloading a report changes nothing."""

    strategy = forms.ModelChoiceField(
        label=_("Strategy"), queryset=Strategy.objects.all(), to_field_name="code", empty_label=None
    )
    project = ProjectChoiceField(
        label=_("Project"),
        queryset=Project.objects.select_related("node__strategy").order_by("node__strategy", "title"),
        to_field_name="slug",
        required=False,
        empty_label=_("— the whole strategy —"),
        help_text=_("Choose a project for its own report instead of the strategy report."),
    )
    as_of = forms.DateField(
        label=_("Date of the figures"),
        required=False,
        widget=DateInput(),
        validators=[validate_date_range, validate_not_future],
        help_text=_("Empty: today."),
    )
    period_start = forms.DateField(
        label=_("Reports of the period from"),
        required=False,
        widget=DateInput(),
        validators=[validate_date_range],
        help_text=_("Achievements and difficulties are quoted from the approved reports ending in this period."),
    )
    period_end = forms.DateField(
        label=_("Reports of the period to"),
        required=False,
        widget=DateInput(),
        validators=[validate_date_range],
        help_text=_("Empty: the as-of date."),
    )
    year = forms.IntegerField(
        label=_("Annual report for the year"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_(
            "The report for the members' meeting, as of 31 December of that year. "
            "Leave the dates and the project empty."
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].widget.attrs["max"] = timezone.localdate()  # the date picker offers no day to come

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        project, strategy = cleaned.get("project"), cleaned.get("strategy")
        if project and strategy and project.node.strategy_id != strategy.pk:
            self.add_error(
                "project",
                _(
                    "„%(project)s“ belongs to the strategy %(its)s, not %(chosen)s: choose that strategy or "
                    "another project."
                )
                % {"project": project.title, "its": project.node.strategy.period, "chosen": strategy.period},
            )
        year = cleaned.get("year")
        if year is not None:
            self._clean_year(cleaned, year, strategy)
        return cleaned

    def _clean_year(self, cleaned, year, strategy):
        given = [
            str(self.fields[name].label)
            for name in ("project", "as_of", "period_start", "period_end")
            if cleaned.get(name)
        ]
        if given:
            self.add_error(
                "year",
                _("An annual report is as of 31 December of its year: leave these empty: %(fields)s.")
                % {"fields": ", ".join(given)},
            )
        elif strategy is not None:
            try:
                check_annual_year(strategy, year)
            except AnnualReportError as error:
                self.add_error("year", str(error))
