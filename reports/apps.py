from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """PDF progress reports for the board and the public. No models: it reads the other apps."""

    name = "reports"
    verbose_name = _("Reports")
