"""Optimistic locking: a row carries `version`; a write of an existing row bumps it with a compare-and-swap UPDATE,
so a form, an admin page or an import that read the row at an older version is refused instead of silently
overwriting someone else's change. The services of each app (projects, progress reports, the VVG's profile)
write through these; a delete asked on a page that showed an older version is refused the same way."""

from django.utils.translation import gettext_lazy as _


class Conflict(Exception):
    """The row changed since it was read, or is not in a state that allows the change; nothing was saved."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


STALE_DELETE = _(
    "Someone changed this after you opened the page, so it was not deleted. Look at it again, and delete it then "
    "if you still mean to."
)


def check_version(saved_version, version, conflict=Conflict):
    """Refuse a delete asked on a page that showed `version` when the locked row is at `saved_version` (a page of
    the admin, which asks again on a page of its own, passes None)."""
    if version is not None and saved_version is not None and saved_version != version:
        raise conflict(STALE_DELETE)


def claim_version(instance, version, message, conflict=Conflict):
    """Bump the row's version in the database if it is still `version` (the instance's own if None)."""
    expected = instance.version if version is None else version
    bumped = type(instance).objects.filter(pk=instance.pk, version=expected).update(version=expected + 1)
    if not bumped:
        raise conflict(message)
    instance.version = expected + 1
