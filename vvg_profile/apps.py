from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VvgProfileConfig(AppConfig):
    name = "vvg_profile"
    verbose_name = _("The VVG's profile")
