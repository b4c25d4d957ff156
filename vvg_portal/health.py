"""Health checks for the proxy, the monitoring and the load benchmark."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """200 `{"database": "ok"}` when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


@require_safe
def ping(request):
    """The smallest Django view, no database: the reference the load benchmark measures pages against."""
    return HttpResponse("ok", content_type="text/plain")
