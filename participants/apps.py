from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from common.roles import ensure_roles


def _ensure_roles(sender, **kwargs):
    ensure_roles()


class ParticipantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participants"
    verbose_name = _("Participants and progress reports")

    def ready(self):
        # Groups need the permissions of every app: this is the last app with models in INSTALLED_APPS.
        post_migrate.connect(_ensure_roles, sender=self, dispatch_uid="participants.ensure_roles")
