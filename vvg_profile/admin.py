from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from common.text import SafeTextAdminMixin

from .forms import LogoField
from .models import Profile


@admin.register(Profile)
class ProfileAdmin(SafeTextAdminMixin, SimpleHistoryAdmin):
    """The workspace's profile page is the place to edit it; the admin shows it and its history.

    A change made here meets the same checks: the logo is checked (an SVG sanitised) by the profile form's field.
    """

    formfield_overrides = {models.FileField: {"form_class": LogoField}}

    list_display = ["name", "short_name", "email", "show_eu_emblem"]

    def has_add_permission(self, request):
        return not Profile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
