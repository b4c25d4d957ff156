from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from vvg_profile.models import Profile

LANGUAGE_NAMES = {"lt": "Lietuviškai", "en": "English"}


def language_links(request):
    """[(code, name, address, current)] of this page in each language, with the same query string.

    The language is in the address (`/en/…`), so a link is all a switch needs: it works without a cookie,
    without JavaScript, from every page both ways, and the page cache can keep it.
    """
    match = getattr(request, "resolver_match", None)
    query = request.META.get("QUERY_STRING", "")
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                url = reverse(match.view_name, args=match.args, kwargs=match.kwargs) if match else None
            except NoReverseMatch:
                url = None
            if url is None:
                url, with_query = reverse("strategies:home"), False
            else:
                with_query = bool(query)
        links.append((code, LANGUAGE_NAMES.get(code, code), f"{url}?{query}" if with_query else url, code == current))
    return links


def portal(request):
    """The VVG's profile (one query, only when a template reads it) and this page in the other languages."""
    profile = SimpleLazyObject(Profile.objects.current)
    return {
        "profile": profile,
        "VVG_NAME": SimpleLazyObject(lambda: profile.display_name),
        "language_links": SimpleLazyObject(lambda: language_links(request)),
    }
