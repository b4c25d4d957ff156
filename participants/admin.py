from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ProgressReport, ReportBreakdown, TargetGroup


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}


class BreakdownInline(admin.TabularInline):
    model = ReportBreakdown
    extra = 1


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["project", "period_start", "period_end", "status", "participants", "volunteers"]
    list_filter = ["status", "project__node__strategy"]
    search_fields = ["project__title", "project__code"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    date_hierarchy = "period_end"
    readonly_fields = [
        "created_by",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "returned_by",
        "returned_at",
    ]
    fieldsets = [
        (None, {"fields": ["project", ("period_start", "period_end"), "status", "return_comment"]}),
        (None, {"fields": [("participants", "volunteers", "services"), ("jobs_created", "jobs_retained", "spent")]}),
        (None, {"fields": ["achievements", "difficulties", "next_steps"]}),
        (
            None,
            {
                "fields": [
                    ("created_by", "submitted_by", "submitted_at"),
                    ("approved_by", "approved_at"),
                    ("returned_by", "returned_at"),
                ]
            },
        ),
    ]
    inlines = [BreakdownInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
