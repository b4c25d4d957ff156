"""The one helper that turns a template and a context into PDF bytes (WeasyPrint)."""

import re
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


# Text without a space longer than this gets a zero-width space (a break opportunity) after every LONG_RUN
# characters. The stylesheet's `overflow-wrap: anywhere` alone would wrap it too, but WeasyPrint then lays the
# rest of the paragraph out again for every line: a minute for a 100 000-character word, against half a second.
LONG_RUN = 40
ZERO_WIDTH_SPACE = "\u200b"
_TEXT_NODE = re.compile(r">([^<]+)<")
_CHARACTER = re.compile(r"&#?\w+;|[^\s<&]")  # an escaped character such as &amp; counts as one
_LONG_RUN = re.compile(r"(?:&#?\w+;|[^\s<&]){" + str(LONG_RUN + 1) + ",}")


def _break_run(match):
    characters = _CHARACTER.findall(match.group())
    return ZERO_WIDTH_SPACE.join("".join(characters[i : i + LONG_RUN]) for i in range(0, len(characters), LONG_RUN))


def break_long_words(html):
    """`html` with break opportunities in the long unbroken words of its body's text (never in tags or styles)."""
    head, body_tag, body = html.partition("<body")
    return head + body_tag + _TEXT_NODE.sub(lambda text: ">" + _LONG_RUN.sub(_break_run, text.group(1)) + "<", body)


def _media_path(name):
    """The uploaded file `name` (the logo) under MEDIA_ROOT; nothing outside it."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if root not in path.parents or not path.is_file():
        raise ValueError(f"No uploaded file {name!r}")
    return path


class StaticFileFetcher(URLFetcher):
    """Serves `{% static %}` and uploaded (`/media/`) URLs from disk; refuses everything else but data: URLs."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
        if parts.scheme in ("http", "https") and parts.path.startswith(static_prefix):
            url = Path(_static_path(unquote(parts.path.removeprefix(static_prefix)))).resolve().as_uri()
        elif parts.scheme in ("http", "https") and parts.path.startswith(media_prefix):
            url = _media_path(unquote(parts.path.removeprefix(media_prefix))).as_uri()
        return super().fetch(url, headers)


def html_to_pdf(html):
    """PDF bytes of an HTML document (A4 and page numbers come from its CSS). Touches no database."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFileFetcher()).write_pdf()


def render_html(template_name, context, request=None):
    """The HTML of a PDF: `template_name` rendered with `context`, long words given places to break."""
    return break_long_words(render_to_string(template_name, context, request=request))


def render_pdf(template_name, context, request=None):
    """PDF bytes of `template_name` rendered with `context`."""
    return html_to_pdf(render_html(template_name, context, request=request))
