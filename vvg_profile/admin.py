from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(SimpleHistoryAdmin):
    """The workspace's profile page is the place to edit it; the admin shows it and its history."""

    list_display = ["name", "short_name", "email", "show_eu_emblem"]

    def has_add_permission(self, request):
        return not Profile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
