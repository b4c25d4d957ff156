from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, Project, ProjectPartner, ProjectTargetGroup


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "legal_form", "sector", "company_code", "email"]
    list_filter = ["sector", "legal_form"]
    search_fields = ["name", "company_code"]
    prepopulated_fields = {"slug": ["name"]}


class PartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 1
    autocomplete_fields = ["organisation"]


class TargetGroupInline(admin.TabularInline):
    model = ProjectTargetGroup
    extra = 1


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "code", "node", "promoter", "status", "start_date", "end_date"]
    list_filter = ["status", "node__strategy", "target_groups"]
    search_fields = ["title", "code", "promoter__name"]
    list_select_related = ["node__strategy", "promoter"]
    autocomplete_fields = ["node", "promoter"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"
    fieldsets = [
        (None, {"fields": ["code", "title", "slug", "description", "node", "promoter", "status"]}),
        (None, {"fields": [("start_date", "end_date"), ("total_cost", "grant", "own_contribution")]}),
        (None, {"fields": [("planned_participants", "planned_volunteers", "planned_jobs")]}),
        (None, {"fields": ["how_to_join", "contact"]}),
    ]
    inlines = [PartnerInline, TargetGroupInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # Every project has a promoter; only imported history may lack one.
        form.base_fields["promoter"].required = True
        return form
