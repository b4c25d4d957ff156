"""The public pages, kept for anonymous visitors while the data they show are unchanged.

A strategy page of a large strategy takes hundreds of milliseconds to compute and render; the same page
from the cache takes one small query. The cache key holds the data fingerprint (`progress.fingerprint`),
taken in that one query, so any change (a report approved, a target edited in the admin) gives new keys at
once, in every worker process. Entries also expire after `PUBLIC_PAGE_CACHE_SECONDS`, which bounds what
a change the fingerprint cannot see (a raw SQL update) may leave behind.

Only requests without a session cookie are served from here: a logged-in user (or one with messages
waiting) always gets a freshly rendered page. The CSRF token of the language switch form is per visitor,
so it is stored as a placeholder and filled in with the visitor's own token.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils import translation

from progress.fingerprint import data_fingerprint

PUBLIC_NAMESPACES = {"strategies", "projects", "opendata", "pages"}
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
CSRF_PLACEHOLDER = b"__csrf_token__"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")

_recent = {"fingerprint": None, "taken": 0.0}


def _current_fingerprint():
    """The fingerprint, asked of the database at most once per `PUBLIC_PAGE_FINGERPRINT_SECONDS` per process.

    Under load the fingerprint query is most of what a cached page costs; a change then shows on the
    public pages within that second instead of at once.
    """
    now = time.monotonic()
    if _recent["fingerprint"] is None or now - _recent["taken"] >= settings.PUBLIC_PAGE_FINGERPRINT_SECONDS:
        _recent.update(fingerprint=data_fingerprint(), taken=now)
    return _recent["fingerprint"]


def _is_public_page(request):
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.namespace in PUBLIC_NAMESPACES


def _cacheable(request):
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and _is_public_page(request)
    )


def _key(request):
    asked = "|".join([request.get_host(), request.get_full_path(), translation.get_language(), _current_fingerprint()])
    return "public-page:" + hashlib.sha256(asked.encode()).hexdigest()


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            return _from_cache(request, stored)
        response = self.get_response(request)
        if _storable(request, response):
            cache.set(key, _to_cache(response), settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response


def _storable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not (hasattr(request, "session") and request.session.modified)
    )


def _to_cache(response):
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return {"content": CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\3", response.content), "headers": headers}


def _from_cache(request, stored):
    content = stored["content"]
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, headers=stored["headers"])
    response["X-Page-Cache"] = "hit"
    return response
