"""How the API writes what the public pages show.

No figure is computed here: every number is an attribute of what `progress.calculation` returns
(StrategyProgress, NodeProgress, IndicatorProgress, ProjectProgress, Figures, Money) or a field as stored.
"""

from decimal import ROUND_HALF_UP

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from projects.models import Organisation, Project
from strategies.models import Fund, Indicator, Strategy, TargetGroup

INDICATOR_STATUSES = ["achieved", "on_track", "behind", "not_started", "no_target"]

# Every decimal here is written, never read, and many are sums or shares of what was stored (a report of
# 2 000 000 participants against 1 planned is 200 000 000 %): no width is imposed on them (`max_digits=None`).


class HalfUpDecimalField(serializers.DecimalField):
    """A decimal written to its places rounded half up, as the pages round it (DRF's default rounds half to even)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rounding", ROUND_HALF_UP)
        super().__init__(*args, **kwargs)


# --- links -----------------------------------------------------------------------------------------------


def page_url(request, obj):
    """The absolute address of `obj`'s public page, in Lithuanian (the portal's first language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(obj.get_absolute_url())


def api_url(request, name, query="", **kwargs):
    url = reverse(f"api:{name}", kwargs=kwargs or None)
    return request.build_absolute_uri(f"{url}?{query}" if query else url)


class _Links(serializers.Serializer):
    """Adds `url` (the public page) and `api_url` (this item in the API)."""

    api_name = None
    api_lookup = "slug"

    url = serializers.SerializerMethodField(help_text="The public page.")
    api_url = serializers.SerializerMethodField(help_text="This item in the API.")

    def get_url(self, obj) -> str:
        return page_url(self.context["request"], obj)

    def get_api_url(self, obj) -> str:
        return api_url(self.context["request"], self.api_name, **{self.api_lookup: getattr(obj, self.api_lookup)})


# --- figures from progress.calculation ---------------------------------------------------------------------


class FiguresSerializer(serializers.Serializer):
    """Sums of the figures of approved progress reports (flows); zeros when nothing is approved."""

    participants = serializers.IntegerField(help_text="New participants.")
    volunteers = serializers.IntegerField(help_text="New volunteers.")
    jobs_created = HalfUpDecimalField(max_digits=None, decimal_places=2, help_text="Jobs created, FTE.")
    jobs_retained = HalfUpDecimalField(max_digits=None, decimal_places=2, help_text="Jobs retained, FTE.")
    services = serializers.IntegerField(help_text="Services or events delivered.")
    spent = HalfUpDecimalField(max_digits=None, decimal_places=2, help_text="Money spent, EUR.")
    reports = serializers.IntegerField(help_text="How many approved reports these figures are summed from.")


class MoneySerializer(serializers.Serializer):
    planned = HalfUpDecimalField(max_digits=None, decimal_places=2, allow_null=True, help_text="Planned budget.")
    committed_grant = HalfUpDecimalField(
        max_digits=None,
        decimal_places=2,
        help_text="Grants of the counted projects (selected or later, not terminated).",
    )
    committed_cost = HalfUpDecimalField(
        max_digits=None, decimal_places=2, help_text="Total eligible cost of the counted projects."
    )
    spent = HalfUpDecimalField(max_digits=None, decimal_places=2, help_text="Spent by their approved reports.")
    spent_share = HalfUpDecimalField(
        max_digits=None, decimal_places=1, allow_null=True, help_text="Spent as a % of the committed grants."
    )


class StatusCountsSerializer(serializers.Serializer):
    """Projects by status; `progress.calculation` gives them as (label, count) in the order of the statuses."""

    planned = serializers.IntegerField()
    selected = serializers.IntegerField()
    contract_signed = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    completed = serializers.IntegerField()
    terminated = serializers.IntegerField()

    def to_representation(self, status_counts):
        counts = [count for _label, count in status_counts]
        return dict(zip(Project.Status.values, counts, strict=True))


class IndicatorProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="indicator.pk")
    name = serializers.CharField(source="indicator.name")
    name_en = serializers.CharField(source="indicator.name_en")
    node = serializers.CharField(
        source="indicator.node.code", allow_null=True, default=None, help_text="Null for the whole strategy."
    )
    unit = serializers.ChoiceField(source="indicator.unit", choices=Indicator.Unit.choices)
    unit_label = serializers.CharField(source="indicator.unit_label", help_text="The unit's name for unit `other`.")
    target_kind = serializers.ChoiceField(source="indicator.target_kind", choices=Indicator.TargetKind.choices)
    target = HalfUpDecimalField(
        source="indicator.target", max_digits=None, decimal_places=2, allow_null=True, help_text="A range's minimum."
    )
    target_max = HalfUpDecimalField(source="indicator.target_max", max_digits=None, decimal_places=2, allow_null=True)
    source = serializers.ChoiceField(source="indicator.source", choices=Indicator.Source.choices)
    figure = serializers.CharField(source="indicator.figure", help_text="The reported figure summed, if reported.")
    target_group = serializers.SlugField(
        source="indicator.target_group.slug", allow_null=True, default=None, help_text="Participants of one group."
    )
    measure = serializers.ChoiceField(source="indicator.measure", choices=Indicator.Measure.choices)
    headline = serializers.BooleanField(source="indicator.headline")
    achieved = HalfUpDecimalField(max_digits=None, decimal_places=2)
    achievement = HalfUpDecimalField(
        max_digits=None, decimal_places=1, allow_null=True, help_text="% of the target; null without a target."
    )
    expected = HalfUpDecimalField(
        max_digits=None, decimal_places=1, help_text="% of the strategy period elapsed at `as_of`."
    )
    status = serializers.ChoiceField(choices=INDICATOR_STATUSES)
    exceeded = serializers.BooleanField()
    forecast = HalfUpDecimalField(
        max_digits=None, decimal_places=2, allow_null=True, help_text="The value at the end date at the pace so far."
    )


# --- strategies and nodes --------------------------------------------------------------------------------


class StrategySerializer(_Links, serializers.ModelSerializer):
    api_name = "strategy"
    api_lookup = "code"

    level_names = serializers.SerializerMethodField(help_text="Names of the tree levels from the top.")
    level_names_en = serializers.SerializerMethodField()
    fund = serializers.ChoiceField(choices=Fund.choices)

    class Meta:
        model = Strategy
        fields = [
            "code",
            "title",
            "summary",
            "start_year",
            "end_year",
            "status",
            "amendment_number",
            "amendment_date",
            "document_url",
            "programme",
            "budget",
            "fund",
            "specific_objective",
            "co_financing_rate",
            "level_names",
            "level_names_en",
            "url",
            "api_url",
        ]

    def get_level_names(self, strategy) -> list[str]:
        return [name.strip() for name in strategy.level_names.split(",") if name.strip()]

    def get_level_names_en(self, strategy) -> list[str]:
        return [name.strip() for name in strategy.level_names_en.split(",") if name.strip()]


class NodeProgressSerializer(serializers.Serializer):
    """One node of the tree with its progress; the classification (fund …) is the node's own or inherited."""

    id = serializers.IntegerField(source="node.pk", help_text="For the `veiksmas` filter of the project list.")
    strategy = serializers.CharField(source="node.strategy.code")
    code = serializers.CharField(source="node.code")
    title = serializers.CharField(source="node.title")
    description = serializers.CharField(source="node.description")
    parent = serializers.CharField(source="node.parent.code", allow_null=True, default=None)
    depth = serializers.IntegerField(source="node.depth", help_text="0 at the top; names in the strategy's levels.")
    children = serializers.SerializerMethodField(help_text="Codes of the nodes right below.")
    budget = HalfUpDecimalField(source="node.budget", max_digits=None, decimal_places=2, allow_null=True)
    fund = serializers.SerializerMethodField()
    specific_objective = serializers.SerializerMethodField()
    co_financing_rate = serializers.SerializerMethodField()
    intervention_type = serializers.SerializerMethodField()
    project_count = serializers.IntegerField(help_text="Public projects under the node and the nodes below.")
    counted_project_count = serializers.IntegerField(
        help_text="Of those, selected or later, not terminated, started by the as-of date."
    )
    figures = FiguresSerializer()
    money = MoneySerializer()
    status_counts = StatusCountsSerializer()
    indicators = IndicatorProgressSerializer(many=True)
    url = serializers.SerializerMethodField(help_text="The public page.")
    api_url = serializers.SerializerMethodField(help_text="This node in the API.")
    projects_url = serializers.SerializerMethodField(help_text="Its projects (and those below) in the API.")

    def _classification(self, item):
        return self.context["classifications"][item.node.pk]

    def get_children(self, item) -> list[str]:
        return [child.node.code for child in item.children]

    @extend_schema_field(serializers.ChoiceField(choices=Fund.choices))
    def get_fund(self, item):
        return self._classification(item).fund

    def get_specific_objective(self, item) -> str:
        return self._classification(item).specific_objective

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_co_financing_rate(self, item):
        return self._classification(item).co_financing_rate

    def get_intervention_type(self, item) -> str:
        return self._classification(item).intervention_type

    def get_url(self, item) -> str:
        return page_url(self.context["request"], item.node)

    def get_api_url(self, item) -> str:
        return api_url(self.context["request"], "node", code=item.node.strategy.code, node_code=item.node.code)

    def get_projects_url(self, item) -> str:
        return api_url(self.context["request"], "project-list", f"veiksmas={item.node.pk}")


class _StrategyFigures(serializers.Serializer):
    as_of = serializers.DateField(help_text="Reports whose period ended on or before this day count.")
    expected = HalfUpDecimalField(
        max_digits=None, decimal_places=1, help_text="% of the strategy period elapsed at `as_of`."
    )


class StrategyProgressSerializer(_StrategyFigures):
    strategy = StrategySerializer()
    project_count = serializers.IntegerField()
    counted_project_count = serializers.IntegerField()
    figures = FiguresSerializer()
    money = MoneySerializer()
    status_counts = StatusCountsSerializer()
    indicators = IndicatorProgressSerializer(many=True, help_text="The indicators of the whole strategy.")
    nodes = NodeProgressSerializer(many=True, help_text="Every node, depth first, in code order.")


class NodeListSerializer(_StrategyFigures):
    results = NodeProgressSerializer(many=True, source="nodes")


class NodeDetailSerializer(_StrategyFigures):
    node = NodeProgressSerializer()
    ancestors = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of the nodes above, from the top."
    )


# --- year by year ----------------------------------------------------------------------------------------


def _amount(help_text, places=2, **kwargs):
    return HalfUpDecimalField(max_digits=None, decimal_places=places, allow_null=True, help_text=help_text, **kwargs)


class YearCellSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = _amount("In the year: a flow what ended in it, a stock the latest value at its end; null for years ahead.")
    cumulative = _amount("From the start to the year's end (a stock: the same as value).")
    due = _amount("The milestone dated in the year, or the target in the last year.")
    due_kind = serializers.CharField(help_text="`milestone`, `target` or empty.")
    expected = _amount("The value expected by the year's end on the path through the milestones.")
    achievement = _amount("The cumulative value as a % of the target.", places=1)
    status = serializers.CharField(help_text="Of the cumulative value at the year's end; empty for years ahead.")
    to_date = serializers.BooleanField(help_text="The year is not over: its figures run to as_of.")
    ahead = serializers.BooleanField(help_text="The year has not begun by as_of.")
    contracted = _amount("Money rows only: the grants contracted by the year's end.")


class YearIndicatorSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator.pk")
    name = serializers.CharField(source="indicator.name")
    node = serializers.CharField(source="node.code", allow_null=True, default=None, help_text="Null: the strategy.")
    measure = serializers.ChoiceField(choices=Indicator.Measure.choices)
    cells = YearCellSerializer(many=True)


class YearMoneySerializer(serializers.Serializer):
    node = serializers.CharField(source="node.code", allow_null=True, default=None, help_text="Null: the strategy.")
    planned = _amount("The planned budget.", source="money.planned")
    cells = YearCellSerializer(many=True, help_text="value: paid in the year; cumulative: paid by its end.")


class YearTableSerializer(serializers.Serializer):
    strategy = serializers.CharField(source="strategy.code")
    as_of = serializers.DateField()
    years = serializers.ListField(child=serializers.IntegerField())
    indicators = YearIndicatorSerializer(many=True, source="rows")
    money = YearMoneySerializer(many=True)


# --- organisations and target groups ---------------------------------------------------------------------


class OrganisationReferenceSerializer(serializers.Serializer):
    """An organisation as a project names it; a natural person by an anonymous code only."""

    name = serializers.CharField(source="published_name", help_text="For a natural person: an anonymous code.")
    natural_person = serializers.BooleanField(source="is_natural_person")
    slug = serializers.SerializerMethodField(help_text="Null for a natural person.")
    api_url = serializers.SerializerMethodField(help_text="Null for a natural person.")

    def get_slug(self, organisation) -> str | None:
        return None if organisation.is_natural_person else organisation.slug

    def get_api_url(self, organisation) -> str | None:
        if organisation.is_natural_person:
            return None
        return api_url(self.context["request"], "organisation", slug=organisation.slug)


class OrganisationSerializer(_Links, serializers.ModelSerializer):
    api_name = "organisation"

    led = serializers.IntegerField(help_text="Public projects it leads.")
    partnered = serializers.IntegerField(help_text="Public projects it is a partner in.")
    projects_url = serializers.SerializerMethodField(help_text="The projects it leads or partners, in the API.")

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "legal_form",
            "sector",
            "company_code",
            "website",
            "email",
            "phone",
            "address",
            "led",
            "partnered",
            "url",
            "api_url",
            "projects_url",
        ]

    def get_projects_url(self, organisation) -> str:
        return api_url(self.context["request"], "project-list", f"organizacija={organisation.slug}")


class TargetGroupSerializer(serializers.ModelSerializer):
    projects_url = serializers.SerializerMethodField(help_text="Its projects in the API.")

    class Meta:
        model = TargetGroup
        fields = ["slug", "name", "name_en", "position", "projects_url"]

    def get_projects_url(self, group) -> str:
        return api_url(self.context["request"], "project-list", f"grupe={group.slug}")


# --- projects --------------------------------------------------------------------------------------------


class ProjectSerializer(_Links, serializers.ModelSerializer):
    """A project in the list; `achieved` holds its approved figures (`progress.calculation.projects_achieved`)."""

    api_name = "project"

    strategy = serializers.CharField(source="node.strategy.code")
    node = serializers.CharField(source="node.code", help_text="The code of its action (or objective).")
    promoter = OrganisationReferenceSerializer(allow_null=True)
    achieved = serializers.SerializerMethodField(help_text="Sums of its approved reports, as of today.")

    class Meta:
        model = Project
        fields = [
            "slug",
            "code",
            "title",
            "description",
            "status",
            "strategy",
            "node",
            "promoter",
            "start_date",
            "end_date",
            "total_cost",
            "grant",
            "planned_participants",
            "achieved",
            "updated_at",
            "url",
            "api_url",
        ]

    @extend_schema_field(FiguresSerializer)
    def get_achieved(self, project):
        return FiguresSerializer(self.context["achieved"][project.pk]).data


class FigureProgressSerializer(serializers.Serializer):
    planned = HalfUpDecimalField(max_digits=None, decimal_places=2, allow_null=True)
    achieved = HalfUpDecimalField(max_digits=None, decimal_places=2)
    achievement = HalfUpDecimalField(
        max_digits=None, decimal_places=1, allow_null=True, help_text="% of planned; null when nothing is planned."
    )


class TargetGroupProgressSerializer(serializers.Serializer):
    """One target group of a project: planned participants and those of its approved breakdowns."""

    slug = serializers.SlugField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    participants = FigureProgressSerializer()

    def to_representation(self, item):
        group, figure = item
        return super().to_representation(
            {"slug": group.slug, "name": group.name, "name_en": group.name_en, "participants": figure}
        )


class ProjectProgressSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    expected = HalfUpDecimalField(
        max_digits=None, decimal_places=1, allow_null=True, help_text="% of the project's period elapsed."
    )
    participants = FigureProgressSerializer()
    volunteers = FigureProgressSerializer()
    jobs = FigureProgressSerializer(help_text="Planned jobs against jobs created, FTE.")
    target_groups = TargetGroupProgressSerializer(
        many=True, help_text="Groups overlap (a person may be in two): never add these up."
    )
    figures = FiguresSerializer()


class PartnerSerializer(serializers.Serializer):
    organisation = OrganisationReferenceSerializer()
    role = serializers.CharField()


class ProjectDetailSerializer(ProjectSerializer):
    partners = PartnerSerializer(many=True, source="partnerships.all")
    location = serializers.CharField(
        source="location_or_default", help_text="Municipality or postcode; the VVG's area unless the project says."
    )
    progress = serializers.SerializerMethodField()
    periods_url = serializers.SerializerMethodField(help_text="Its approved figures by period, in the API.")

    class Meta(ProjectSerializer.Meta):
        fields = [field for field in ProjectSerializer.Meta.fields if field not in ("achieved", "url", "api_url")] + [
            "own_contribution",
            "planned_volunteers",
            "planned_jobs",
            "location",
            "how_to_join",
            "contact",
            "partners",
            "progress",
            "url",
            "api_url",
            "periods_url",
        ]

    @extend_schema_field(ProjectProgressSerializer)
    def get_progress(self, project):
        return ProjectProgressSerializer(self.context["progress"]).data

    def get_periods_url(self, project) -> str:
        return api_url(self.context["request"], "project-periods", slug=project.slug)


class PeriodSerializer(serializers.Serializer):
    """One approved progress report: its period, its figures as approved (empty: not reported) and its words."""

    period_start = serializers.DateField()
    period_end = serializers.DateField()
    participants = serializers.IntegerField(allow_null=True)
    volunteers = serializers.IntegerField(allow_null=True)
    jobs_created = HalfUpDecimalField(max_digits=None, decimal_places=2, allow_null=True)
    jobs_retained = HalfUpDecimalField(max_digits=None, decimal_places=2, allow_null=True)
    services = serializers.IntegerField(allow_null=True)
    spent = HalfUpDecimalField(max_digits=None, decimal_places=2, allow_null=True)
    achievements = serializers.CharField()
    difficulties = serializers.CharField()
    next_steps = serializers.CharField()


class PeriodListSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    totals = FiguresSerializer(source="figures", help_text="The sums of these periods.")
    results = PeriodSerializer(many=True, source="reports", help_text="Approved reports, oldest first.")


class RootSerializer(serializers.Serializer):
    """Where everything is: the documentation, the schema, each list and the list of operations."""

    docs = serializers.URLField()
    schema = serializers.URLField()
    strategies = serializers.URLField()
    projects = serializers.URLField()
    organisations = serializers.URLField()
    target_groups = serializers.URLField()
    operations_csv = serializers.URLField()
    operations_xlsx = serializers.URLField()
    operations_json = serializers.URLField()
    licence = serializers.CharField()
    licence_url = serializers.URLField()
