"""Optimistic locking: a row carries `version`; a write of an existing row bumps it with a compare-and-swap UPDATE,
so a form, an admin page or an import that read the row at an older version is refused instead of silently
overwriting someone else's change. The services of each app (projects, progress reports, the VVG's profile)
write through these."""


class Conflict(Exception):
    """The row changed since it was read, or is not in a state that allows the change; nothing was saved."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def claim_version(instance, version, message, conflict=Conflict):
    """Bump the row's version in the database if it is still `version` (the instance's own if None)."""
    expected = instance.version if version is None else version
    bumped = type(instance).objects.filter(pk=instance.pk, version=expected).update(version=expected + 1)
    if not bumped:
        raise conflict(message)
    instance.version = expected + 1
