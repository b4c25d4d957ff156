from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbooksConfig(AppConfig):
    """The VVG's project register in and out as spreadsheets. No models: it reads and writes the other apps."""

    name = "workbooks"
    verbose_name = _("Spreadsheets")
