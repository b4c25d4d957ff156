"""The public project list's filters, search and sort; the CSV export uses the same set."""

from operator import attrgetter

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from common.dates import FIRST_YEAR, LAST_YEAR
from common.forms import LongSelect
from common.search import letters_pattern
from common.text import reject_bidi_overrides, reject_control_characters
from strategies.models import Node, Strategy, TargetGroup

from .models import Organisation, Project

NODE_LABEL_TITLE_LENGTH = 70


def _node_label(node):
    title = node.title
    if len(title) > NODE_LABEL_TITLE_LENGTH:  # most titles are shorter: no need for the truncator's care then
        title = Truncator(title).chars(NODE_LABEL_TITLE_LENGTH)
    return f"{node.strategy.period} · {node.code} {title}"


SEARCH_MAX_LENGTH = 200


class YearField(forms.IntegerField):
    """A year of the portal's range; anything else is refused with a message naming what was sent."""

    def __init__(self, **kwargs):
        super().__init__(min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            raise ValidationError(
                _("“%(value)s” is not a year from %(first)s to %(last)s."),
                code="invalid",
                params={"value": Truncator(value).chars(20), "first": FIRST_YEAR, "last": LAST_YEAR},
            ) from None


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Sorts projects without a date (or code) last in both directions, on SQLite and PostgreSQL alike."""

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        field = F(value.lstrip("-"))
        return field.desc(nulls_last=True) if value.startswith("-") else field.asc(nulls_last=True)

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "title", "pk") if value else qs


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        validators=[reject_control_characters, reject_bidi_overrides],
    )
    strategija = django_filters.ModelChoiceFilter(
        label=_("Strategy"),
        field_name="node__strategy",
        to_field_name="code",
        queryset=Strategy.objects.public(),
        empty_label=_("All strategies"),
        widget=LongSelect,
    )
    veiksmas = django_filters.ModelChoiceFilter(
        label=_("Objective or action"),
        method="filter_node",
        queryset=Node.objects.filter(strategy__in=Strategy.objects.public())
        .select_related("strategy")
        .only("code", "title", "strategy__start_year", "strategy__end_year")
        .order_by("-strategy__start_year", "sort_key"),
        empty_label=_("All objectives and actions"),
        widget=LongSelect,
    )
    busena = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="status",
        choices=Project.Status.choices,
        empty_label=_("All statuses"),
        widget=LongSelect,
    )
    grupe = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="target_groups",
        to_field_name="slug",
        queryset=TargetGroup.objects.all(),
        empty_label=_("All target groups"),
        widget=LongSelect,
    )
    organizacija = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        method="filter_organisation",
        to_field_name="slug",
        queryset=Organisation.objects.public().in_published_order(),
        empty_label=_("All organisations"),
        widget=LongSelect,
    )
    metai = YearFilter(
        label=_("Year"),
        method="filter_year",
        widget=forms.NumberInput(attrs={"min": FIRST_YEAR, "max": LAST_YEAR, "inputmode": "numeric"}),
    )
    # Every choice says which way it sorts, in the page's language (django-filter's own "(descending)" has no
    # Lithuanian and was fixed in the language of the first request). No empty choice: the list's default order
    # is the first one's, and an empty value still means it.
    rikiuoti = NullsLastOrderingFilter(
        label=_("Sort by"),
        fields=(("title", "title"), ("code", "code"), ("start_date", "start"), ("updated_at", "updated")),
        choices=[
            ("title", _("title, A to Z")),
            ("-title", _("title, Z to A")),
            ("-start", _("start date, newest first")),
            ("start", _("start date, oldest first")),
            ("-updated", _("last update, newest first")),
            ("updated", _("last update, oldest first")),
            ("code", _("code, ascending")),
            ("-code", _("code, descending")),
        ],
        empty_label=None,
    )

    class Meta:
        model = Project
        fields = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # a title or a name as typed, with or without the Lithuanian letters' marks (`common.search`); a code as
        # written, the project's or its action's (`1.2.3`)
        organisations = Organisation.objects.published_name_contains(value)
        return queryset.filter(
            Q(title__iregex=letters_pattern(value))
            | Q(code__icontains=value)
            | Q(node__code=value)
            | Q(promoter__in=organisations)
            | Q(partnerships__organisation__in=organisations)
        ).distinct()

    def filter_node(self, queryset, name, node):
        """Projects of the node and of every node below it."""
        return queryset.filter(node__in=Node.objects.subtree_ids(node))

    def filter_organisation(self, queryset, name, organisation):
        return queryset.filter(Q(promoter=organisation) | Q(partnerships__organisation=organisation)).distinct()

    def filter_year(self, queryset, name, year):
        """Projects running at some time in the year."""
        return queryset.filter(start_date__year__lte=year).filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=year)
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["veiksmas"].label_from_instance = _node_label
        self.form.fields["organizacija"].label_from_instance = attrgetter("published_name")
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
