from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.forms import CountField, LocalDecimalField, non_negative, page_version_field, require_version
from common.text import normalise_newlines, validate_no_control_characters

from .models import ProgressReport, breakdown_errors

BREAKDOWN_HELP = _(
    "Target groups overlap (a senior living alone is in two), so each group may reach the total of new "
    "participants but never exceed it. Leave a group empty if it was not counted."
)


class VersionForm(forms.Form):
    """The version of the report the page was read at: a change made on a stale page is refused."""

    version = page_version_field(
        _("The page did not say which version of the report it showed. Open the report again and retry.")
    )


class ReturnForm(VersionForm):
    comment = forms.CharField(
        label=_("What must be corrected"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=2000,
        validators=[validate_no_control_characters],
        error_messages={"required": _("Say what must be corrected before returning the report.")},
    )

    def clean_comment(self):
        return normalise_newlines(self.cleaned_data["comment"])


class ProgressReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProgressReport
        fields = ["period_start", "period_end", *ProgressReport.FIGURES, "achievements", "difficulties", "next_steps"]
        # Staff type decimals the Lithuanian way, 2,5.
        field_classes = {
            "participants": CountField,
            "volunteers": CountField,
            "services": CountField,
            "jobs_created": LocalDecimalField,
            "jobs_retained": LocalDecimalField,
            "spent": LocalDecimalField,
        }
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "achievements": forms.Textarea(attrs={"rows": 4}),
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, project, target_groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        non_negative(self, ProgressReport.FIGURES)
        counts = (
            {row.target_group_id: row.participants for row in self.instance.breakdown.all()} if self.instance.pk else {}
        )
        self.groups = {}
        for group in target_groups:
            name = f"group_{group.pk}"
            self.fields[name] = CountField(label=group.display_name, required=False, initial=counts.get(group.pk))
            non_negative(self, [name])
            self.groups[name] = group
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "version",
            Fieldset(_("Period"), Div("period_start", "period_end", css_class="row-cols-md-2 row")),
            Fieldset(_("Figures for the period"), *ProgressReport.FIGURES),
            Fieldset(
                _("New participants by target group"),
                HTML(format_html('<p class="form-text">{}</p>', BREAKDOWN_HELP)),
                *self.groups,
            )
            if self.groups
            else Div(),
            Fieldset(_("In words"), "achievements", "difficulties", "next_steps"),
        )

    def clean(self):
        cleaned = super().clean()
        require_version(self)
        total = cleaned.get("participants")
        for name, group in self.groups.items():
            if name in cleaned:
                for message in breakdown_errors(total, {group.display_name: cleaned[name]}):
                    self.add_error(name, message)
        return cleaned

    def breakdown(self):
        """{TargetGroup: count or None} from the cleaned form."""
        return {group: self.cleaned_data.get(name) for name, group in self.groups.items()}
