"""The API's documentation page: Swagger UI from the portal's own static files (drf-spectacular-sidecar).

The split view serves its start-up script as a file of its own (`?script`), so the page runs under the
portal's Content-Security-Policy (`script-src 'self'`) as it is; the template has no inline style either.
"""

from django.shortcuts import redirect
from django.utils import translation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from opendata.cache import CachedGetMixin


class ApiDocs(SpectacularSwaggerSplitView):
    template_name = "opendata/api_docs.html"


class ApiSchema(CachedGetMixin, SpectacularJSONAPIView):
    """The OpenAPI 3 schema, in English whatever the visitor's language: the API's names are English, and
    the data carry both languages' names where the portal keeps them. JSON, like the API."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if request.GET:  # it takes no parameters: not `?lang=` (which would translate it), nor one a cache would keep
            return redirect(request.path, permanent=True)
        with translation.override("en"):
            return super().get(request, *args, **kwargs)
