import hashlib

from django import forms
from django.core.files.base import ContentFile
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.forms import VersionedForm

from .logo import checked_logo
from .models import Profile
from .services import UNSAVED


class LogoField(forms.FileField):
    """An uploaded logo, checked and (an SVG) sanitised: the cleaned value is the file to store."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is None or upload is False or upload is initial:
            return upload
        extension, content = checked_logo(upload.name, upload.read())
        # A new name for every new logo: browsers and caches never show the old one under the same address.
        return ContentFile(content, name=f"logo-{hashlib.sha256(content).hexdigest()[:12]}.{extension}")


class _ProfileVersionForm(VersionedForm):
    """The version the page was read at; UNSAVED while the profile has never been saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and not self.is_bound:
            self.initial["version"] = UNSAVED


class ProfileForm(_ProfileVersionForm):
    logo = LogoField(
        label=capfirst(_("logo")),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.svg,image/png,image/jpeg,image/svg+xml"}),
        help_text=_("PNG, JPEG or SVG, at most 1 MB. Shown beside the name in the page header."),
    )

    class Meta:
        model = Profile
        fields = [
            "name",
            "name_en",
            "short_name",
            "short_name_en",
            "logo",
            "address",
            "phone",
            "email",
            "company_code",
            "website",
            "social_links",
            "funding_statement",
            "funding_statement_en",
            "show_eu_emblem",
        ]
        widgets = {"social_links": forms.Textarea(attrs={"rows": 3})}


class PageTextsForm(_ProfileVersionForm):
    class Meta:
        model = Profile
        fields = [
            "about",
            "about_en",
            "accessibility",
            "accessibility_en",
            "accessibility_checked_on",
            "privacy",
            "privacy_en",
        ]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 6}) for name in fields if name != "accessibility_checked_on"},
            "accessibility_checked_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
