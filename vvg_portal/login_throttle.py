"""The login throttle's second rule: many usernames tried from one address (password spraying) lock the address.

django-axes locks one username at one address after `AXES_FAILURE_LIMIT` wrong passwords; someone trying one
or two passwords on every username never reaches that. This handler also adds up every failure from the
address within the cool-off time and, from `AXES_ADDRESS_FAILURE_LIMIT` on, refuses every login from it.
Failures are always counted per address, so they never lock anyone out at another address.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request):
    """Wrong passwords from the request's address, for any username, within the cool-off time."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_locked(request):
    return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT


class AddressThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """The username's failures at this address, or the lockout's count once the address itself is locked."""
        failures = super().get_failures(request, credentials)
        if address_locked(request):
            return max(failures, get_failure_limit(request, credentials))
        return failures
