"""A deployment check (`manage.py check --deploy`): no account may still have the demo's published password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from .loader import DEMO_PASSWORD


@register(Tags.security, deploy=True)
def demo_password_check(app_configs=None, **kwargs):
    """Warn about every active user who can log in with the demo password (`load_demo` run on a real server).

    Each password is hashed once (half a second each); a VVG has a handful of accounts. Without a database
    to read (`check --deploy` before `migrate`, or the database down) there is nothing to say.
    """
    try:
        users = list(get_user_model().objects.filter(is_active=True).values_list("username", "password"))
    except DatabaseError:
        return []
    # hashers.check_password, not User.check_password: a check must not write (that one updates old hashes).
    demo = sorted(username for username, password in users if check_password(DEMO_PASSWORD, password))
    if not demo:
        return []
    return [
        Warning(
            f"These accounts have the demo's published password {DEMO_PASSWORD!r}: {', '.join(demo)}.",
            hint="Set new passwords (manage.py changepassword USERNAME) or deactivate the demo accounts.",
            id="vvg.W001",
        )
    ]
