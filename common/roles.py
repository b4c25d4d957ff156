"""The two roles of the portal, as Django groups with model permissions.

Staff keep everything up to date and approve reports; board members read everything, including
reports not yet approved, and download reports, but change nothing. Superusers keep the admin.
"""

from django.apps import apps

STAFF_GROUP = "VVG administracija"
BOARD_GROUP = "Valdyba"

_MANAGED_MODELS = {
    "vvg_profile": ["profile"],
    "strategies": ["strategy", "node", "indicator", "manualvalue", "milestone", "targetgroup"],
    "projects": ["organisation", "project", "projectpartner", "projecttargetgroup"],
    "participants": ["progressreport", "reportbreakdown"],
}
_REPORT_PERMISSIONS = ["approve_progressreport", "view_pending_reports", "download_board_report"]


def _permissions(actions, extra=()):
    wanted = [
        (app, f"{action}_{model}") for app, models in _MANAGED_MODELS.items() for model in models for action in actions
    ]
    wanted += [("participants", codename) for codename in extra]
    Permission = apps.get_model("auth", "Permission")  # noqa: N806 - roles load before the app registry is ready
    query = Permission.objects.none()
    for app, codename in wanted:
        query |= Permission.objects.filter(content_type__app_label=app, codename=codename)
    return list(query)


def ensure_roles():
    """Create or refresh both groups. Safe to run any number of times."""
    Group = apps.get_model("auth", "Group")  # noqa: N806
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.set(_permissions(["add", "change", "delete", "view"], _REPORT_PERMISSIONS))
    board, _ = Group.objects.get_or_create(name=BOARD_GROUP)
    board.permissions.set(_permissions(["view"], ["view_pending_reports", "download_board_report"]))
    return staff, board
