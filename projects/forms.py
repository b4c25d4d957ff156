from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from participants.forms import LocalDecimalField
from strategies.models import Node

from .models import Organisation, Project, ProjectPartner, ProjectTargetGroup

NEGATIVE_MESSAGE = _("The figure cannot be negative.")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _non_negative(form, names):
    for name in names:
        field = form.fields[name]
        field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator)]
        field.validators.append(MinValueValidator(0, message=NEGATIVE_MESSAGE))
        field.widget.attrs["min"] = 0


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, node):
        return f"{node.strategy.code} · {node.code} {node.title}"


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "legal_form", "sector", "company_code", "website", "email", "phone", "address"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ProjectForm(forms.ModelForm):
    node = NodeChoiceField(
        label=_("Strategy action"),
        queryset=Node.objects.select_related("strategy").order_by("-strategy__start_year", "sort_key"),
    )

    class Meta:
        model = Project
        fields = [
            "code",
            "title",
            "description",
            "node",
            "promoter",
            "status",
            "start_date",
            "end_date",
            "total_cost",
            "grant",
            "own_contribution",
            "planned_participants",
            "planned_volunteers",
            "planned_jobs",
            "how_to_join",
            "contact",
        ]
        field_classes = {
            name: LocalDecimalField for name in ("total_cost", "grant", "own_contribution", "planned_jobs")
        }
        widgets = {
            "start_date": _DATE,
            "end_date": _DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "how_to_join": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promoter"].required = True
        _non_negative(
            self,
            ["total_cost", "grant", "own_contribution", "planned_participants", "planned_volunteers", "planned_jobs"],
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Project"), "title", "code", "description", "node", "promoter", "status"),
            Fieldset(
                _("Dates"),
                Div(Div("start_date", css_class="col-md-6"), Div("end_date", css_class="col-md-6"), css_class="row"),
            ),
            Fieldset(_("Budget"), "total_cost", "grant", "own_contribution"),
            Fieldset(_("Planned results"), "planned_participants", "planned_volunteers", "planned_jobs"),
            Fieldset(_("For residents"), "how_to_join", "contact"),
        )


class PartnerForm(forms.ModelForm):
    class Meta:
        model = ProjectPartner
        fields = ["organisation", "role"]


class TargetGroupForm(forms.ModelForm):
    class Meta:
        model = ProjectTargetGroup
        fields = ["target_group", "planned_participants"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _non_negative(self, ["planned_participants"])


PartnerFormSet = forms.inlineformset_factory(Project, ProjectPartner, form=PartnerForm, extra=2, can_delete=True)
TargetGroupFormSet = forms.inlineformset_factory(
    Project, ProjectTargetGroup, form=TargetGroupForm, extra=3, can_delete=True
)


def project_formsets(data=None, instance=None):
    """The partner and target-group formsets of the project form, under fixed prefixes."""
    return {
        "partners": PartnerFormSet(data, instance=instance, prefix="partners"),
        "target_groups": TargetGroupFormSet(data, instance=instance, prefix="groups"),
    }
