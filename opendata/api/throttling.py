from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AddressRateThrottle(AnonRateThrottle):
    """So many requests per client address (`API_THROTTLE_RATE`); nobody signs in to the API.

    The rate is read from the settings on each request (DRF's own classes read it once, at import).
    """

    scope = "address"

    def get_rate(self):
        return settings.API_THROTTLE_RATE
