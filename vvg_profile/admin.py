from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin_mixins import SafeTextAdminMixin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(SafeTextAdminMixin, SimpleHistoryAdmin):
    """The workspace's profile page is the one place to edit it (vvg_profile.services: the version check, the
    logo check); the admin shows it and its history, and changes nothing."""

    list_display = ["name", "short_name", "email", "show_eu_emblem"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
