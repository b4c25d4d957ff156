"""Every error of the API is JSON: `{"detail": "…"}`, and for bad parameters also `errors` by parameter."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words.")


class BadParametersSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The messages for each parameter that was refused.",
    )


def _describe(errors, query):
    parts = []
    for name, messages in errors.items():
        messages = messages if isinstance(messages, list) else [messages]
        text = " ".join(str(message) for message in messages)
        if name in query:
            parts.append(
                _("Parameter %(name)s=“%(value)s”: %(messages)s")
                % {"name": name, "value": query[name], "messages": text}
            )
        else:
            parts.append(_("Parameter %(name)s: %(messages)s") % {"name": name, "messages": text})
    return " ".join(parts)


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"parameters": response.data}
        errors = {name: [str(m) for m in (v if isinstance(v, list) else [v])] for name, v in errors.items()}
        response.data = {"detail": _describe(errors, context["request"].query_params), "errors": errors}
    elif isinstance(exc, Throttled) and exc.wait is not None:  # in the page's language, in words (DRF's own is not)
        wait = max(1, round(exc.wait))
        response.data = {
            "detail": ngettext(
                "Too many requests from this address. Try again in %(wait)d second.",
                "Too many requests from this address. Try again in %(wait)d seconds.",
                wait,
            )
            % {"wait": wait}
        }
    elif isinstance(exc, Http404):  # Django's own words name the model, in English: "No Strategy matches…"
        response.data = {"detail": _("Nothing is published at this address; see /api/v1/docs/.")}
    elif isinstance(exc, NotFound) and not isinstance(response.data, dict):
        response.data = {"detail": str(exc.detail)}
    return response


def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: a JSON 404 like the API's own."""
    return JsonResponse({"detail": _("There is no such address in the API; see /api/v1/docs/.")}, status=404)
