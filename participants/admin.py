from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin_mixins import BoundedRowsMixin
from projects.admin import VersionedAdmin
from projects.services import ADMIN, change_reason

from . import services
from .models import ProgressReport, ReportBreakdown

# The workflow (who submitted, approved or returned, and when) changes only through the workspace's buttons.
WORKFLOW_FIELDS = [
    "status",
    "return_comment",
    "created_by",
    "submitted_by",
    "submitted_at",
    "approved_by",
    "approved_at",
    "returned_by",
    "returned_at",
]


class BreakdownInline(BoundedRowsMixin, admin.TabularInline):
    model = ReportBreakdown
    extra = 1

    # An approved report is locked, its breakdown too.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_locked)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_locked)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_locked)


@admin.register(ProgressReport)
class ProgressReportAdmin(VersionedAdmin, SimpleHistoryAdmin):
    list_display = ["project", "period_start", "period_end", "status", "participants", "volunteers"]
    list_filter = ["status", "project__node__strategy"]
    search_fields = ["project__title", "project__code"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    date_hierarchy = "period_end"
    readonly_fields = WORKFLOW_FIELDS
    fieldsets = [
        (None, {"fields": ["version", "project", ("period_start", "period_end"), "status", "return_comment"]}),
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

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return [
                "project",
                "period_start",
                "period_end",
                *ProgressReport.FIGURES,
                *WORKFLOW_FIELDS[:2],
                "achievements",
                "difficulties",
                "next_steps",
                *WORKFLOW_FIELDS[2:],
            ]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_locked)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would delete approved reports too; delete one by one
        return actions

    def save_with_service(self, request, obj, version):
        services.report_save(report=obj, breakdown=None, user=request.user, version=version, reason=ADMIN)

    def delete_with_service(self, request, obj):
        services.report_delete(report=obj, user=request.user, reason=change_reason(ADMIN, "delete"))
