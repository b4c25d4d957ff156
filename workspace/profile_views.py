"""The staff page for the VVG's profile (names, logo, contacts, EU statement) and its site pages' texts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import rebased_form
from common.history import stale_context
from common.versioning import Conflict
from vvg_profile.forms import PageTextsForm, ProfileForm
from vvg_profile.models import Profile
from vvg_profile.services import profile_save

CHANGE = "vvg_profile.change_profile"
LOGO_AGAIN = gettext_lazy(
    "The logo “%(name)s” was not saved with the rest: choose the file again before saving, or the profile keeps "
    "its current logo."
)


def _edit(request, form_class, template, done):
    profile = Profile.objects.current()
    form = form_class(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            profile_save(profile=form.save(commit=False), user=request.user, version=form.cleaned_data["version"])
        except Conflict as conflict:
            messages.error(request, conflict.message)
            return _stale(request, form_class, template)
        messages.success(request, done)
        return redirect(request.path)
    return render(request, template, {"form": form, "profile": profile}, status=400 if form.errors else 200)


def _stale(request, form_class, template):
    """The refused form again, with what the user typed, now based on the saved version (saving overwrites it).

    A new logo is not kept: the browser sends a file once, so the logo field asks for it again."""
    current = Profile.objects.current()
    form = rebased_form(form_class, request.POST, current)
    if request.FILES.get("logo"):
        form.add_error("logo", LOGO_AGAIN % {"name": request.FILES["logo"].name})
    ctx = {"form": form, "profile": current, "current": stale_context(current)}
    return render(request, template, ctx, status=409)


@login_required
@permission_required(CHANGE, raise_exception=True)
def profile_edit(request):
    return _edit(request, ProfileForm, "workspace/profile_form.html", _("The profile was saved."))


@login_required
@permission_required(CHANGE, raise_exception=True)
def page_texts_edit(request):
    return _edit(request, PageTextsForm, "workspace/page_texts_form.html", _("The texts were saved."))
