"""The pages people expect of a public body's site: about the VVG, accessibility and privacy.

Their texts are the staff's (Markdown, on the workspace's profile page); while a text is empty the page
shows the portal's own default, which is true of every deployment.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from strategies.models import Strategy
from vvg_profile.models import Profile


def _page(request, template, page, **extra):
    profile = Profile.objects.current()
    ctx = {"profile": profile, "text": profile.page_text(page), **extra}
    return render(request, template, ctx)


@require_safe
def about(request):
    return _page(request, "pages/about.html", "about", strategies=Strategy.objects.public())


@require_safe
def accessibility(request):
    return _page(request, "pages/accessibility.html", "accessibility")


@require_safe
def privacy(request):
    return _page(request, "pages/privacy.html", "privacy")
