from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_roles(sender, **kwargs):
    from vvg_portal.roles import ensure_roles

    ensure_roles()


class ParticipantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participants"
    verbose_name = _("Participants and progress reports")

    def ready(self):
        # Groups need the permissions that exist only after every app has migrated.
        post_migrate.connect(_ensure_roles, sender=self, dispatch_uid="participants.ensure_roles")
