"""The one helper that turns a template and a context into PDF bytes (WeasyPrint)."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

# Templates link static files as `/static/...`; the PDF resolves them against this made-up origin and
# the fetcher below reads them from disk, so rendering never goes to the network.
BASE_URL = "http://portal.invalid/"


def _static_path(name):
    """The file of static `name`: in its app or folder, else collected (the hashed names of production)."""
    found = finders.find(name)
    if found:
        return found
    if staticfiles_storage.exists(name):
        return staticfiles_storage.path(name)
    raise ValueError(f"No static file {name!r}")


class StaticFileFetcher(URLFetcher):
    """Serves `{% static %}` URLs from the static files finders; refuses everything else but data: URLs."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if parts.scheme in ("http", "https") and parts.path.startswith(static_prefix):
            url = Path(_static_path(unquote(parts.path.removeprefix(static_prefix)))).resolve().as_uri()
        return super().fetch(url, headers)


def render_pdf(template_name, context, request=None):
    """PDF bytes of `template_name` rendered with `context` (A4 and page numbers come from its CSS)."""
    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFileFetcher()).write_pdf()
