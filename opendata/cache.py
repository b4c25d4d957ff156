"""API answers and open data files kept in the cache under the data fingerprint, as the public pages are.

The key holds the full address asked for (scheme, host, path and query: the answers carry absolute links),
the language and `progress.fingerprint.data_fingerprint()`, so any change of the data gives new keys at
once and nothing needs invalidating. Only successful answers are kept; errors are computed each time.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from rest_framework.response import Response

from progress.fingerprint import data_fingerprint

HIT_HEADER = "X-Open-Data-Cache"
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


def _seconds():
    return settings.OPEN_DATA_CACHE_SECONDS


def cache_key(request):
    asked = "|".join([request.build_absolute_uri(), translation.get_language() or "", data_fingerprint()])
    return "open-data:" + hashlib.sha256(asked.encode()).hexdigest()


def cached_file(request, build):
    """The HttpResponse `build()` makes, from the cache while the data are unchanged."""
    if _seconds() <= 0:
        return build()
    key = cache_key(request)
    stored = cache.get(key)
    if stored is not None:
        response = HttpResponse(stored["content"], headers=stored["headers"])
        response[HIT_HEADER] = "hit"
        return response
    response = build()
    if response.status_code == 200:
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        cache.set(key, {"content": response.content, "headers": headers}, _seconds())
    return response


class CachedGetMixin:
    """For API views: a GET answer's data from the cache while the data are unchanged.

    The throttle has already run when `get` is called, so a cached answer counts against the client's rate.
    """

    def get(self, request, *args, **kwargs):
        if _seconds() <= 0:
            return super().get(request, *args, **kwargs)
        key = cache_key(request)
        data = cache.get(key)
        if data is not None:
            return Response(data, headers={HIT_HEADER: "hit"})
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200:
            cache.set(key, response.data, _seconds())
        return response
