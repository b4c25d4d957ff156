"""The admin for organisations and projects: the same services, locking and history as the workspace."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin_mixins import BoundedRowsMixin, SafeTextAdminMixin
from common.constraints import constraint_message
from common.forms import VersionedForm

from . import services
from .forms import PartnerRowsFormSet, TargetGroupRowsFormSet, project_rows
from .models import Organisation, Project, ProjectPartner, ProjectTargetGroup

STALE_ADMIN = _(
    "Someone else saved this while you were editing it. Your changes were not saved yet: compare them with "
    "the saved version (open it in a new tab) and save again to replace it."
)


class VersionedAdminForm(VersionedForm):
    """Carries the version the admin page was read at; a save over a newer version is refused already here, so
    the admin page shows it as a form error rather than after its transaction."""

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("version")
        if self.instance.pk and version is not None:
            saved = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if saved is not None and saved != version:
                raise ValidationError(STALE_ADMIN, code="stale")
        return cleaned


class VersionedAdmin(SafeTextAdminMixin, SimpleHistoryAdmin):
    """Saves go through the app's service (version compare-and-swap, history reason `admin`)."""

    form = VersionedAdminForm

    def save_with_service(self, request, obj, version):
        raise NotImplementedError

    def get_form(self, request, obj=None, **kwargs):
        if kwargs.get("fields"):
            # `version` is the form's own hidden field, not an editable model field.
            kwargs["fields"] = [name for name in kwargs["fields"] if name != "version"]
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        self.save_with_service(request, obj, form.cleaned_data.get("version"))

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:  # saved and deleted rows alike
            inline_form.instance._change_reason = services.ADMIN
        super().save_formset(request, form, formset, change)

    def delete_with_service(self, request, obj):
        raise NotImplementedError

    def delete_model(self, request, obj):
        self.delete_with_service(request, obj)

    def delete_queryset(self, request, queryset):
        """The bulk action deletes one by one through the same service, all or nothing."""
        with transaction.atomic():
            for obj in queryset:
                self.delete_with_service(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except services.Conflict as conflict:
            # The row changed between the confirmation page and the deletion (an approval at the same moment).
            messages.error(request, conflict.message)
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except services.Conflict as conflict:  # the bulk delete met a row that changed since its confirmation
            messages.error(request, conflict.message)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.Conflict as conflict:
            # Someone saved between this form's check and its write; the admin's transaction was rolled back.
            messages.error(request, conflict.message)
        except IntegrityError as exc:
            messages.error(request, constraint_message(exc))
        return HttpResponseRedirect(request.get_full_path())


@admin.register(Organisation)
class OrganisationAdmin(VersionedAdmin):
    list_display = ["name", "legal_form", "sector", "company_code", "email"]
    list_filter = ["sector", "legal_form"]
    search_fields = ["name", "company_code"]
    prepopulated_fields = {"slug": ["name"]}

    def save_with_service(self, request, obj, version):
        services.organisation_save(organisation=obj, user=request.user, version=version, reason=services.ADMIN)

    def delete_with_service(self, request, obj):
        services.organisation_delete(organisation=obj, user=request.user, reason=services.ADMIN)


class PartnerInline(BoundedRowsMixin, SafeTextAdminMixin, admin.TabularInline):
    model = ProjectPartner
    formset = PartnerRowsFormSet
    extra = 1
    autocomplete_fields = ["organisation"]


class TargetGroupInline(BoundedRowsMixin, admin.TabularInline):
    model = ProjectTargetGroup
    formset = TargetGroupRowsFormSet
    extra = 1


@admin.register(Project)
class ProjectAdmin(VersionedAdmin):
    list_display = ["title", "code", "node", "promoter", "status", "start_date", "end_date"]
    list_filter = ["status", "node__strategy", "target_groups"]
    search_fields = ["title", "code", "promoter__name"]
    list_select_related = ["node__strategy", "promoter"]
    autocomplete_fields = ["node", "promoter"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"
    fieldsets = [
        (None, {"fields": ["version", "code", ("title", "title_en"), "slug", ("description", "description_en")]}),
        (None, {"fields": ["node", "promoter", "status", "location"]}),
        (None, {"fields": [("start_date", "end_date"), ("total_cost", "grant", "own_contribution")]}),
        (None, {"fields": [("planned_participants", "planned_volunteers", "planned_jobs")]}),
        (None, {"fields": ["how_to_join", "contact"]}),
    ]
    inlines = [PartnerInline, TargetGroupInline]

    def save_related(self, request, form, formsets, change):
        """The inline partner and target-group rows through the same service as the workspace's project form."""
        form.save_m2m()
        for formset in formsets:
            formset.save(commit=False)  # writes nothing: it lists what changed, for the admin's log message
        rows = {formset.model: formset for formset in formsets}
        services.project_set_rows(
            project=form.instance,
            **project_rows(rows[ProjectPartner], rows[ProjectTargetGroup]),
            user=request.user,
            reason=services.ADMIN,
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # Every project has a promoter; only imported history may lack one.
        form.base_fields["promoter"].required = True
        return form

    def save_with_service(self, request, obj, version):
        services.project_save(project=obj, user=request.user, version=version, reason=services.ADMIN)

    def delete_with_service(self, request, obj):
        services.project_delete(project=obj, user=request.user, reason=services.ADMIN)
