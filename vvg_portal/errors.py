"""Error pages that render without the database: a 503 while it does not answer, and the 500 page.

Neither touches the session or the user (both would query the database), so no request context
processors run; the templates get only the VVG's name.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from .login_throttle import address_locked

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(request):
    """The plain 503 page; the next request tries the database again (Django connects per request)."""
    logger.error("Database unavailable while serving %s", request.path, exc_info=True)
    content = loader.get_template("503.html").render({"VVG_NAME": settings.VVG_NAME})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 with a page, not a stack trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request)
        return None


@requires_csrf_token
def server_error(request):
    """handler500. Errors raised outside views (a middleware reading the session) arrive here too."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render({"VVG_NAME": settings.VVG_NAME}))


def locked_out(request, response=None, credentials=None):
    """django-axes' lockout answer: a page in the portal's style saying why and how long to wait."""
    ctx = {
        "address_locked": address_locked(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "address_failure_limit": settings.AXES_ADDRESS_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", ctx, status=429)
