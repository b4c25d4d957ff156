"""The one way to save the VVG's profile and its pages' texts, with the same optimistic locking as projects."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from common.versioning import Conflict, claim_version

from .models import Profile

# The version a page shows while the profile has never been saved: the first save creates it.
UNSAVED = 0

STALE_PROFILE = _(
    "Someone else saved the profile while you were editing it, so your changes were not saved. The form below "
    "still holds what you typed: check it against the saved profile (open it in a new tab) and save again."
)


@transaction.atomic
def profile_save(*, profile, user, version):
    """Save `profile` (already validated) if it is still at `version`; UNSAVED creates it, once."""
    profile._history_user = user
    if version == UNSAVED:
        profile.version = 1
        try:
            with transaction.atomic():
                profile.save(force_insert=True)
        except IntegrityError as exc:
            if profile.logo:  # written before the insert failed: nothing refers to it
                profile.logo.delete(save=False)
            if Profile.objects.filter(pk=profile.pk).exists():  # someone else saved it first
                raise Conflict(STALE_PROFILE) from exc
            raise
        return profile
    claim_version(profile, version, STALE_PROFILE)
    profile.save(force_update=True)
    return profile
