from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.i18n import localized
from common.markdown import check_markdown
from common.text import SafeTextFieldsMixin

DEFAULT_STATEMENT = "Bendrai finansuoja Europos Sąjunga"
DEFAULT_STATEMENT_EN = "Co-funded by the European Union"

# Known social networks by host, for the link's name; any other address is named by its host.
SOCIAL_NAMES = {
    "facebook.com": "Facebook",
    "instagram.com": "Instagram",
    "youtube.com": "YouTube",
    "linkedin.com": "LinkedIn",
    "x.com": "X",
    "twitter.com": "X",
    "tiktok.com": "TikTok",
}


# Links in the footer of every page: a VVG has a handful; thousands would weigh down every page.
MAX_SOCIAL_LINKS = 10


def validate_social_links(value):
    """One https:// address a line, at most MAX_SOCIAL_LINKS; the error names the line that is wrong."""
    check = URLValidator(schemes=["https", "http"])
    count = sum(1 for line in value.splitlines() if line.strip())
    if count > MAX_SOCIAL_LINKS:
        raise ValidationError(
            _("There are %(count)s links; the footer of every page shows them, so at most %(limit)s are allowed."),
            code="too_many_links",
            params={"count": count, "limit": MAX_SOCIAL_LINKS},
        )
    for number, line in enumerate(value.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            check(line)
        except ValidationError:
            raise ValidationError(
                _("Line %(number)s, “%(value)s”, is not a web address (https://…)."),
                code="invalid_link",
                params={"number": number, "value": line},
            ) from None


class ProfileManager(models.Manager):
    def current(self):
        """The profile; before staff first save it, an unsaved one with `VVG_NAME` as its name."""
        profile = self.filter(pk=Profile.SINGLETON).first()
        if profile is None:
            profile = Profile(pk=Profile.SINGLETON, name=settings.VVG_NAME)
        return profile


class Profile(SafeTextFieldsMixin, models.Model):
    """The VVG this deployment serves: one row (pk 1), kept by staff on the workspace's profile page.

    Its names refuse control and direction characters and its texts control characters, as every input does.
    """

    SINGLETON = 1

    name = models.CharField(_("full name"), max_length=200)
    name_en = models.CharField(_("full name in English"), max_length=200, blank=True)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("Shown in the page header, e.g. Utenos miesto VVG.")
    )
    short_name_en = models.CharField(_("short name in English"), max_length=60, blank=True)
    logo = models.FileField(_("logo"), upload_to="profile/", blank=True, help_text=_("PNG, JPEG or SVG, at most 1 MB."))
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    company_code = models.CharField(
        _("company code"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", _("A company code has exactly 9 digits (“%(value)s” does not)."))],
    )
    website = models.URLField(_("website"), blank=True)
    social_links = models.TextField(
        _("social network links"),
        blank=True,
        validators=[validate_social_links],
        help_text=_("One address a line, e.g. https://www.facebook.com/…"),
    )
    funding_statement = models.CharField(_("funding statement"), max_length=200, default=DEFAULT_STATEMENT)
    funding_statement_en = models.CharField(
        _("funding statement in English"), max_length=200, default=DEFAULT_STATEMENT_EN, blank=True
    )
    show_eu_emblem = models.BooleanField(
        _("show the EU emblem"),
        default=True,
        help_text=_("The emblem and the funding statement in the footer of every page and PDF."),
    )
    about = models.TextField(_("about the VVG"), blank=True, help_text=_("Markdown. Empty: a short default text."))
    about_en = models.TextField(_("about the VVG in English"), blank=True)
    accessibility = models.TextField(
        _("accessibility statement"), blank=True, help_text=_("Markdown. Empty: the portal's default statement.")
    )
    accessibility_en = models.TextField(_("accessibility statement in English"), blank=True)
    accessibility_checked_on = models.DateField(_("accessibility last checked on"), null=True, blank=True)
    privacy = models.TextField(
        _("privacy notice"), blank=True, help_text=_("Markdown. Empty: the portal's default notice.")
    )
    privacy_en = models.TextField(_("privacy notice in English"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Bumped by every save (vvg_profile.services): two staff editing the profile at once do not overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProfileManager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("VVG profile")
        verbose_name_plural = _("VVG profile")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="profile_is_a_singleton")]

    def __str__(self):
        return self.name

    PAGE_TEXTS = ("about", "about_en", "accessibility", "accessibility_en", "privacy", "privacy_en")

    def clean_fields(self, exclude=None):
        """The fields' own checks, then each page text given (not excluded) must be Markdown that can be shown."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name in self.PAGE_TEXTS:
            if name in errors or name in (exclude or ()):
                continue
            try:
                check_markdown(getattr(self, name))
            except ValidationError as error:
                errors[name] = error.error_list
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return localized(self.name, self.name_en)

    @property
    def display_short_name(self):
        """The header's name: the short name, else the full one."""
        return localized(self.short_name or self.name, self.short_name_en or ("" if self.short_name else self.name_en))

    @property
    def display_funding_statement(self):
        return localized(self.funding_statement, self.funding_statement_en)

    @property
    def links(self):
        """[(name, address)] of the social network links."""
        result = []
        for line in self.social_links.splitlines():
            line = line.strip()
            if not line:
                continue
            host = urlsplit(line).hostname or line
            host = host.removeprefix("www.").removeprefix("m.")
            result.append((SOCIAL_NAMES.get(host, host), line))
        return result

    def page_text(self, page):
        """The staff's Markdown for `page` (about, accessibility, privacy) in the active language, or ''."""
        return localized(getattr(self, page), getattr(self, f"{page}_en"))
