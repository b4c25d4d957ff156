"""The API's views: read-only, public data only, every figure from `progress.calculation`.

Each view fetches what the matching public page fetches (drafts and unapproved reports never), asks the
progress module for the figures and hands both to a serializer. Answers are cached under the data
fingerprint (`opendata.cache`).
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from common.dates import validate_date_range, validate_not_future
from opendata.cache import CachedGetMixin
from opendata.operations import LICENCE, LICENCE_URL
from progress.calculation import (
    organisations_with_project_counts,
    project_progress,
    projects_achieved,
    strategy_progress,
    strategy_years,
)
from projects.models import Organisation, Project
from strategies.models import Node, Strategy, TargetGroup

from . import serializers as s
from .errors import BadParametersSerializer, ErrorSerializer
from .filters import ApiProjectFilter
from .pagination import PagePagination

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="Figures as of this day (YYYY-MM-DD): reports whose period ended by then count. Default: today.",
)
ERRORS = {400: BadParametersSerializer, 404: ErrorSerializer, 429: ErrorSerializer}


def _path(name, description, example):
    return OpenApiParameter(
        name, str, OpenApiParameter.PATH, description=description, examples=[OpenApiExample(example, value=example)]
    )


CODE = _path("code", "The strategy's code, as in its page's address.", "2023-2029")
NODE_CODE = _path("node_code", "The node's code within the strategy.", "1.1.1")
PROJECT_SLUG = _path("slug", "The project's address name, as in its page's address.", "gera-buti")
ORGANISATION_SLUG = _path("slug", "The organisation's address name.", "utenos-svietimo-centras")


class AsOfQuery(serializers.Serializer):
    as_of = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2020-12-31.")},
        validators=[validate_date_range, validate_not_future],
    )


def as_of(request):
    """The `as_of` date asked for, today when not given; a bad one is a 400 that says why."""
    query = {key: value for key, value in request.query_params.items() if key == "as_of" and value != ""}
    parsed = AsOfQuery(data=query)
    parsed.is_valid(raise_exception=True)
    return parsed.validated_data.get("as_of") or timezone.localdate()


def _public_strategy(code):
    return get_object_or_404(Strategy.objects.public(), code=code)


def _classifications(progress):
    """The fund, specific objective, rate and type of intervention of each node of the strategy (one query)."""
    return Node.objects.filter(strategy=progress.strategy).classifications()


def _public_projects():
    return Project.objects.public().select_related("node__strategy", "promoter").order_by("title", "pk")


class _Api(CachedGetMixin):
    """Every API view: answers in the client's language (Accept-Language; Lithuanian by default, as the
    portal's addresses without /en/ are), from the cache while the data are unchanged."""

    def initial(self, request, *args, **kwargs):
        translation.activate(translation.get_language_from_request(request._request, check_path=False))
        super().initial(request, *args, **kwargs)


class _Answering(APIView):
    def get(self, request, *args, **kwargs):
        return self.answer(request, *args, **kwargs)


class _ReadOnly(_Api, _Answering):
    """A GET-only view whose `answer` builds the response."""


def _documented(operation_id, responses, parameters=()):
    return extend_schema_view(
        get=extend_schema(operation_id=operation_id, parameters=list(parameters), responses={200: responses, **ERRORS})
    )


@_documented("root", s.RootSerializer)
class Root(_ReadOnly):
    """Where everything is: the documentation, the schema, each list and the list of operations."""

    def answer(self, request):
        def url(name):
            return request.build_absolute_uri(reverse(name))

        with translation.override(settings.LANGUAGE_CODE):
            operations = {f"operations_{kind}": url(f"opendata:operations-{kind}") for kind in ("csv", "xlsx", "json")}
        data = {
            "docs": url("api:docs"),
            "schema": url("api:schema"),
            "strategies": url("api:strategy-list"),
            "projects": url("api:project-list"),
            "organisations": url("api:organisation-list"),
            "target_groups": url("api:target-group-list"),
            **operations,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
        }
        return Response(s.RootSerializer(data).data)


# --- strategies and nodes --------------------------------------------------------------------------------


@_documented("strategies_list", s.StrategySerializer(many=True))
class StrategyList(_Api, generics.ListAPIView):
    """The strategies the public may browse (not drafts), newest first."""

    serializer_class = s.StrategySerializer
    queryset = Strategy.objects.public()


@_documented("strategies_retrieve", s.StrategyProgressSerializer, [AS_OF, CODE])
class StrategyDetail(_ReadOnly):
    """One strategy with its indicators, its whole tree (flat, depth first) and the progress as of a day."""

    def answer(self, request, code):
        progress = strategy_progress(_public_strategy(code), as_of(request))
        context = {"request": request, "classifications": _classifications(progress)}
        return Response(s.StrategyProgressSerializer(progress, context=context).data)


@_documented("nodes_list", s.NodeListSerializer, [AS_OF, CODE])
class NodeList(_ReadOnly):
    """Every node of a strategy with its progress as of a day, depth first in code order."""

    def answer(self, request, code):
        progress = strategy_progress(_public_strategy(code), as_of(request))
        context = {"request": request, "classifications": _classifications(progress)}
        return Response(s.NodeListSerializer(progress, context=context).data)


@_documented("nodes_retrieve", s.NodeDetailSerializer, [AS_OF, CODE, NODE_CODE])
class NodeDetail(_ReadOnly):
    """One node (goal, objective, action …) with its progress as of a day."""

    def answer(self, request, code, node_code):
        progress = strategy_progress(_public_strategy(code), as_of(request))
        item = progress.find(node_code)
        if item is None:
            raise NotFound(_("No node %(code)s in this strategy.") % {"code": node_code})
        ancestors, node = [], item.node
        while node.parent_id:
            node = node.parent  # the calculation links each node to its loaded parent
            ancestors.insert(0, node.code)
        data = {"as_of": progress.as_of, "expected": progress.expected, "node": item, "ancestors": ancestors}
        context = {"request": request, "classifications": _classifications(progress)}
        return Response(s.NodeDetailSerializer(data, context=context).data)


@_documented("strategies_years", s.YearTableSerializer, [AS_OF, CODE])
class StrategyYears(_ReadOnly):
    """The strategy year by year, as its year page shows it: each indicator and the money paid in each
    calendar year, cumulative, against the milestone or target of that year."""

    def answer(self, request, code):
        table = strategy_years(_public_strategy(code), as_of(request))
        return Response(s.YearTableSerializer(table, context={"request": request}).data)


# --- projects --------------------------------------------------------------------------------------------


@_documented("projects_list", s.ProjectSerializer(many=True))
class ProjectList(_Api, generics.ListAPIView):
    """The public projects, with the filters, search and sort of the /projektai/ page, 50 a page."""

    serializer_class = s.ProjectSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiProjectFilter
    pagination_class = PagePagination

    def get_queryset(self):
        return _public_projects()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "achieved": self._achieved}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._achieved = projects_achieved(page)
        return page


def _public_project(slug):
    return get_object_or_404(_public_projects().with_rows(), slug=slug)


@_documented("projects_retrieve", s.ProjectDetailSerializer, [AS_OF, PROJECT_SLUG])
class ProjectDetail(_ReadOnly):
    """One public project: its facts, partners and target groups, planned against its approved figures."""

    def answer(self, request, slug):
        project = _public_project(slug)
        context = {"request": request, "progress": project_progress(project, as_of(request))}
        return Response(s.ProjectDetailSerializer(project, context=context).data)


@_documented("projects_periods_list", s.PeriodListSerializer, [AS_OF, PROJECT_SLUG])
class ProjectPeriods(_ReadOnly):
    """A project's approved progress reports, period by period, with their sums."""

    def answer(self, request, slug):
        project = _public_project(slug)
        return Response(s.PeriodListSerializer(project_progress(project, as_of(request))).data)


# --- organisations and target groups ---------------------------------------------------------------------


def _organisations():
    """Organisations as the public list shows them, less natural persons: those are published by code only."""
    organisations = Organisation.objects.public().exclude(legal_form=Organisation.LegalForm.NATURAL_PERSON)
    return organisations_with_project_counts(organisations.order_by("name", "pk"))


@_documented("organisations_list", s.OrganisationSerializer(many=True))
class OrganisationList(_Api, generics.ListAPIView):
    """Organisations that lead projects or are partners in them, with how many public projects each has."""

    serializer_class = s.OrganisationSerializer
    pagination_class = PagePagination

    def get_queryset(self):
        return _organisations()


@_documented("organisations_retrieve", s.OrganisationSerializer, [ORGANISATION_SLUG])
class OrganisationDetail(_Api, generics.RetrieveAPIView):
    """One organisation (natural persons are not published by name, so they have no page here)."""

    serializer_class = s.OrganisationSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return _organisations()


@_documented("target_groups_list", s.TargetGroupSerializer(many=True))
class TargetGroupList(_Api, generics.ListAPIView):
    """The target groups the VVG's projects serve (they overlap: a person may be in two)."""

    serializer_class = s.TargetGroupSerializer
    queryset = TargetGroup.objects.all()
