from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import ROW_LIMITS, CountField, KnownRowsFormSetMixin, LocalDecimalField, VersionedForm, non_negative
from strategies.models import Node

from .models import (
    Organisation,
    Project,
    ProjectPartner,
    ProjectTargetGroup,
    planned_group_error,
    promoter_partner_error,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, node):
        return f"{node.strategy.code} · {node.code} {node.title}"


class OrganisationForm(VersionedForm):
    class Meta:
        model = Organisation
        fields = ["name", "legal_form", "sector", "company_code", "website", "email", "phone", "address"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ProjectForm(VersionedForm):
    node = NodeChoiceField(
        label=_("Strategy action"),
        queryset=Node.objects.select_related("strategy").order_by("-strategy__start_year", "sort_key"),
    )

    class Meta:
        model = Project
        fields = [
            "code",
            "title",
            "title_en",
            "description",
            "description_en",
            "node",
            "promoter",
            "status",
            "location",
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
            **dict.fromkeys(("total_cost", "grant", "own_contribution", "planned_jobs"), LocalDecimalField),
            **dict.fromkeys(("planned_participants", "planned_volunteers"), CountField),
        }
        widgets = {
            "start_date": _DATE,
            "end_date": _DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "how_to_join": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promoter"].required = True
        non_negative(
            self,
            ["total_cost", "grant", "own_contribution", "planned_participants", "planned_volunteers", "planned_jobs"],
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "version",
            *(["submission"] if "submission" in self.fields else []),
            Fieldset(
                _("Project"),
                "title",
                "title_en",
                "code",
                "description",
                "description_en",
                "node",
                "promoter",
                "status",
                "location",
            ),
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
        non_negative(self, ["planned_participants"])


class PartnersFormSet(forms.BaseInlineFormSet):
    """A project's partners: not its promoter, as the project form (already checked, so its instance holds the new
    promoter) leaves it. The workspace and the admin."""

    def clean(self):
        # each row's own rule first: Django's check for repeated rows raises, and would hide them until fixed
        promoter = self.instance.promoter if self.instance.promoter_id else None
        for form in self.forms:
            if (self.can_delete and self._should_delete_form(form)) or not hasattr(form, "cleaned_data"):
                continue
            error = promoter_partner_error(promoter, form.cleaned_data.get("organisation"))
            if error:
                form.add_error("organisation", error)
        super().clean()


class PartnerRowsFormSet(KnownRowsFormSetMixin, PartnersFormSet):
    section = _("Partners")  # named so in the error summary


PartnerFormSet = forms.inlineformset_factory(
    Project, ProjectPartner, form=PartnerForm, formset=PartnerRowsFormSet, extra=2, can_delete=True, **ROW_LIMITS
)


class PlannedGroupsFormSet(forms.BaseInlineFormSet):
    """A project's target groups: none planned beyond the project's own planned participants, as the project
    form (already checked, so its instance holds the new figure) leaves them. The workspace and the admin."""

    def clean(self):
        # each row's own rule first: Django's check for repeated rows raises, and would hide them until fixed
        total = self.instance.planned_participants
        for form in self.forms:
            empty = not form.has_changed() and form.instance.pk is None  # an extra row left blank
            if empty or (self.can_delete and self._should_delete_form(form)) or not hasattr(form, "cleaned_data"):
                continue
            group = form.cleaned_data.get("target_group")
            error = planned_group_error(total, group, form.cleaned_data.get("planned_participants"))
            if error:
                form.add_error("planned_participants", error)
        super().clean()


class TargetGroupRowsFormSet(KnownRowsFormSetMixin, PlannedGroupsFormSet):
    section = _("Target groups")  # named so in the error summary


TargetGroupFormSet = forms.inlineformset_factory(
    Project,
    ProjectTargetGroup,
    form=TargetGroupForm,
    formset=TargetGroupRowsFormSet,
    extra=3,
    can_delete=True,
    **ROW_LIMITS,
)


def project_formsets(data=None, instance=None):
    """The partner and target-group formsets of the project form, under fixed prefixes."""
    return {
        "partners": PartnerFormSet(data, instance=instance, prefix="partners"),
        "target_groups": TargetGroupFormSet(data, instance=instance, prefix="groups"),
    }


def _kept(formset):
    """The cleaned rows a valid formset keeps: not the empty extra rows, not the ones marked for deletion."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def project_rows(partners, target_groups):
    """The rows of the partner and target-group formsets (valid), as `services.project_set_rows` takes them."""
    return {
        "partners": {row["organisation"].pk: row["role"] for row in _kept(partners)},
        "target_groups": {row["target_group"].pk: row["planned_participants"] for row in _kept(target_groups)},
    }
