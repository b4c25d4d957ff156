import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.dates import FIRST_YEAR, LAST_YEAR, validate_year
from common.formatting import format_money, format_number
from common.i18n import localized
from common.text import SafeTextFieldsMixin

_TOKEN = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)


def natural_sort_key(code):
    """A key that sorts codes the way people read them: `1.9` before `1.10`.

    Digit runs are zero-padded and punctuation is dropped, so the key holds only lowercase letters and
    digits and sorts the same under SQLite's binary collation and PostgreSQL's locale collations.
    """
    parts = []
    for token in _TOKEN.findall(code):
        parts.append(token.zfill(10) if token.isdigit() else token.lower())
    return "".join(parts)


class Fund(models.TextChoices):
    """The EU fund behind a strategy's operations, by the abbreviation the EU's open data use."""

    ESF_PLUS = "ESF+", _("European Social Fund Plus (ESF+)")
    ERDF = "ERDF", _("European Regional Development Fund (ERDF)")
    EAFRD = "EAFRD", _("European Agricultural Fund for Rural Development (EAFRD)")
    EMFAF = "EMFAF", _("European Maritime, Fisheries and Aquaculture Fund (EMFAF)")
    JTF = "JTF", _("Just Transition Fund (JTF)")
    CF = "CF", _("Cohesion Fund (CF)")
    ESF = "ESF", _("European Social Fund (ESF, 2014–2020)")
    EMFF = "EMFF", _("European Maritime and Fisheries Fund (EMFF, 2014–2020)")


# The highest Union co-financing rate for a less developed region (Regulation (EU) 2021/1060, Art. 112):
# the rate of most Lithuanian VVGs' operations, and the default until the staff enter their own.
DEFAULT_CO_FINANCING_RATE = Decimal("85.00")

_RATE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def _rate_in_range(field):
    return Q(**{f"{field}__isnull": True}) | (Q(**{f"{field}__gte": 0}) & Q(**{f"{field}__lte": 100}))


class StrategyQuerySet(models.QuerySet):
    def public(self):
        """Strategies the public may browse: everything but drafts."""
        return self.exclude(status=Strategy.Status.DRAFT)

    def in_force(self):
        return self.filter(status=Strategy.Status.IN_FORCE)


class Strategy(SafeTextFieldsMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_FORCE = "in_force", _("in force")
        CLOSED = "closed", _("closed")

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("Used in addresses, e.g. 2023-2029."))
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("A few sentences for the public."))
    summary_en = models.TextField(_("summary in English"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=[validate_year])
    end_year = models.PositiveSmallIntegerField(_("end year"), validators=[validate_year])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    amendment_number = models.CharField(_("amendment number"), max_length=40, blank=True)
    amendment_date = models.DateField(_("amendment date"), null=True, blank=True)
    document_url = models.URLField(_("published document"), max_length=500, blank=True)
    programme = models.CharField(_("funding programme"), max_length=300, blank=True)
    budget = models.DecimalField(_("total budget, EUR"), max_digits=14, decimal_places=2, null=True, blank=True)
    level_names = models.CharField(
        _("level names"),
        max_length=200,
        default="Tikslas, Uždavinys, Veiksmas",
        help_text=_("Names of the tree levels from the top, separated by commas."),
    )
    level_names_en = models.CharField(
        _("level names in English"),
        max_length=200,
        default="Goal, Objective, Action",
        blank=True,
        help_text=_("The same names in English, separated by commas."),
    )
    # What the EU's list of operations asks of every operation; a node may override each (see Node).
    fund = models.CharField(
        _("fund"),
        max_length=10,
        choices=Fund.choices,
        default=Fund.ESF_PLUS,
        help_text=_("The EU fund that supports the strategy's projects."),
    )
    specific_objective = models.CharField(
        _("specific objective"),
        max_length=300,
        blank=True,
        help_text=_("The programme's specific objective the strategy serves, e.g. ESO4.11."),
    )
    co_financing_rate = models.DecimalField(
        _("Union co-financing rate, %"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_CO_FINANCING_RATE,
        validators=_RATE_VALIDATORS,
        help_text=_("The share of the eligible cost the EU pays, 0–100."),
    )
    holds_sample = models.BooleanField(
        _("holds a fictional sample"),
        default=False,
        help_text=_("Set by the demo's sample: pages and reports then say that its projects and money are invented."),
    )

    objects = StrategyQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="strategy_end_after_start"),
            models.CheckConstraint(
                condition=Q(start_year__gte=FIRST_YEAR, end_year__lte=LAST_YEAR), name="strategy_years_in_range"
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="strategy_budget_non_negative"
            ),
            models.CheckConstraint(
                condition=_rate_in_range("co_financing_rate"), name="strategy_co_financing_rate_in_range"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategies:detail", kwargs={"code": self.code})

    @property
    def display_title(self):
        return localized(self.title, self.title_en)

    @property
    def display_summary(self):
        return localized(self.summary, self.summary_en)

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}"

    @property
    def has_period(self):
        """Whether its years make a period (a form sent back with a wrong year leaves the instance without one)."""
        years = (self.start_year, self.end_year)
        return all(isinstance(y, int) and FIRST_YEAR <= y <= LAST_YEAR for y in years) and years[0] <= years[1]

    @property
    def start_date(self):
        return datetime.date(self.start_year, 1, 1)

    @property
    def end_date(self):
        return datetime.date(self.end_year, 12, 31)

    @property
    def last_milestone_date(self):
        """The last day a milestone may fall on: the strategy's last day is its final targets'."""
        return self.end_date - datetime.timedelta(days=1)

    def level_name(self, depth):
        """The name of tree level `depth` (0 = top) in the active language."""
        names = self.level_names_en if get_language() == "en" and self.level_names_en else self.level_names
        names = [name.strip() for name in names.split(",") if name.strip()]
        if not names:
            return ""
        return names[min(depth, len(names) - 1)]

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot be before the start year.")})
        if self.pk and self.has_period:
            # the indicators' milestones are not on the strategy's page (its money's are, and are checked there)
            outside = (
                Milestone.objects.filter(strategy=self, indicator__isnull=False)
                .exclude(date__range=(self.start_date, self.last_milestone_date))
                .order_by("date")
                .values_list("date", flat=True)
            )
            dates = [day.isoformat() for day in outside[:5]]
            if dates:
                raise ValidationError(
                    _("Milestones of its indicators would fall outside the period (%(dates)s): move them first.")
                    % {"dates": ", ".join(dates)}
                )


@dataclass(frozen=True)
class Classification:
    """How the EU's list of operations classifies the projects of one node."""

    fund: str
    specific_objective: str
    co_financing_rate: Decimal
    intervention_type: str


class NodeQuerySet(models.QuerySet):
    def classifications(self):
        """{node id: Classification} of every node of the strategies these nodes belong to, in one query.

        A node's empty fund, specific objective, co-financing rate or type of intervention is taken from the
        node above it, and at the top from the strategy (a strategy has no type of intervention).
        """
        strategies = self.values("strategy_id")
        nodes = {node.pk: node for node in Node.objects.filter(strategy__in=strategies).select_related("strategy")}
        resolved = {}

        def resolve(node):
            if node.pk in resolved:
                return resolved[node.pk]
            above = resolve(nodes[node.parent_id]) if node.parent_id else node.strategy
            rate = node.co_financing_rate
            resolved[node.pk] = Classification(
                fund=node.fund or above.fund,
                specific_objective=node.specific_objective or above.specific_objective,
                co_financing_rate=above.co_financing_rate if rate is None else rate,
                intervention_type=node.intervention_type or getattr(above, "intervention_type", ""),
            )
            return resolved[node.pk]

        return {pk: resolve(node) for pk, node in nodes.items()}

    def subtree_ids(self, node):
        """The ids of `node` and of every node below it, at any depth, in one query."""
        children = {}
        for pk, parent_id in self.filter(strategy_id=node.strategy_id).values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        ids, todo = [], [node.pk]
        while todo:
            current = todo.pop()
            ids.append(current)
            todo.extend(children.get(current, []))
        return ids


class Node(SafeTextFieldsMixin, models.Model):
    """One goal, objective or action (or priority, measure, field) of a strategy's tree."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("strategy"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    code = models.CharField(_("code"), max_length=60, help_text=_("Unique within the strategy, e.g. 1.2.3."))
    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("title in English"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    budget = models.DecimalField(_("planned budget, EUR"), max_digits=14, decimal_places=2, null=True, blank=True)
    # Empty: as the node above (or the strategy). See NodeQuerySet.classifications.
    fund = models.CharField(
        _("fund"), max_length=10, choices=Fund.choices, blank=True, help_text=_("Empty: as the level above.")
    )
    specific_objective = models.CharField(
        _("specific objective"), max_length=300, blank=True, help_text=_("Empty: as the level above.")
    )
    co_financing_rate = models.DecimalField(
        _("Union co-financing rate, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_RATE_VALIDATORS,
        help_text=_("Empty: as the level above."),
    )
    intervention_type = models.CharField(
        _("type of intervention"),
        max_length=300,
        blank=True,
        help_text=_(
            "The intervention field of the EU's classification, e.g. 163 Promoting social integration of "
            "people at risk of poverty or social exclusion. Empty: as the level above."
        ),
    )
    sort_key = models.CharField(max_length=200, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = NodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategy node")
        verbose_name_plural = _("strategy nodes")
        ordering = ["strategy", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="node_code_unique_in_strategy"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="node_budget_non_negative"
            ),
            models.CheckConstraint(
                condition=_rate_in_range("co_financing_rate"), name="node_co_financing_rate_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("strategies:node", kwargs={"code": self.strategy.code, "node_code": self.code})

    @property
    def level_name(self):
        return self.strategy.level_name(self.depth)

    @property
    def display_title(self):
        return localized(self.title, self.title_en)

    @property
    def display_description(self):
        return localized(self.description, self.description_en)

    def clean(self):
        if self.parent_id and self.strategy_id and self.parent.strategy_id != self.strategy_id:
            raise ValidationError({"parent": _("The parent must belong to the same strategy.")})
        if self.pk and self.strategy_id:
            children = Node.objects.filter(parent=self).exclude(strategy_id=self.strategy_id)
            codes = list(children.order_by("sort_key").values_list("code", flat=True)[:10])
            if codes:  # they would stay in the old strategy under a parent in another
                raise ValidationError(
                    {
                        "strategy": _(
                            "The node has parts of its own (%(codes)s) in its strategy: move or delete them first."
                        )
                        % {"codes": ", ".join(codes)}
                    }
                )
        if self.parent_id and self.pk:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError({"parent": _("A node cannot be placed under itself.")})
                ancestor = ancestor.parent

    def save(self, *args, **kwargs):
        self.sort_key = natural_sort_key(self.code)
        self.depth = self.parent.depth + 1 if self.parent_id else 0
        super().save(*args, **kwargs)


class TargetGroup(SafeTextFieldsMixin, models.Model):
    """A group of people a project serves. The VVG edits the list; groups overlap by nature."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return localized(self.name, self.name_en)


class Indicator(SafeTextFieldsMixin, models.Model):
    """Something a strategy measures, with its target, on the strategy itself or on one node."""

    class Unit(models.TextChoices):
        PROJECTS = "projects", _("projects")
        PARTICIPANTS = "participants", _("participants")
        VOLUNTEERS = "volunteers", _("volunteers")
        JOBS = "jobs", _("jobs (FTE)")
        SERVICES = "services", _("services")
        EUR = "eur", _("euros")
        OTHER = "other", _("other (named)")

    class TargetKind(models.TextChoices):
        EXACT = "exact", _("exactly")
        AT_LEAST = "at_least", _("at least")
        RANGE = "range", _("range")
        ABOUT = "about", _("about")

    class Source(models.TextChoices):
        PROJECTS_COUNTED = "projects", _("projects counted")
        REPORTED = "reported", _("reported figure")
        MANUAL = "manual", _("entered manually")

    class Figure(models.TextChoices):
        PARTICIPANTS = "participants", _("new participants")
        VOLUNTEERS = "volunteers", _("new volunteers")
        JOBS_CREATED = "jobs_created", _("jobs created")
        JOBS_RETAINED = "jobs_retained", _("jobs retained")
        SERVICES = "services", _("services or events")
        SPENT = "spent", _("money spent")

    class Measure(models.TextChoices):
        FLOW = "flow", _("flow: values add up over periods")
        STOCK = "stock", _("stock: the latest value counts")

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("strategy")
    )
    node = models.ForeignKey(
        Node,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("node"),
        help_text=_("Leave empty for an indicator of the whole strategy."),
    )
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    unit_label = models.CharField(_("unit name"), max_length=60, blank=True, help_text=_("For the unit 'other'."))
    target_kind = models.CharField(
        _("target kind"), max_length=20, choices=TargetKind.choices, default=TargetKind.EXACT
    )
    target = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a range, its minimum."),
    )
    target_max = models.DecimalField(
        _("target maximum"), max_digits=14, decimal_places=2, null=True, blank=True, help_text=_("Ranges only.")
    )
    source = models.CharField(_("achieved value from"), max_length=20, choices=Source.choices)
    figure = models.CharField(
        _("reported figure"),
        max_length=20,
        choices=Figure.choices,
        blank=True,
        help_text=_("Which figure of the approved progress reports is summed."),
    )
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("target group"),
        help_text=_("Only for participants: count one target group instead of the total."),
    )
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices, default=Measure.FLOW)
    headline = models.BooleanField(_("headline"), default=False, help_text=_("Shown on the home page."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0), name="indicator_target_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(target_max__isnull=True)
                | (Q(target_kind="range") & Q(target__isnull=False) & Q(target_max__gte=models.F("target"))),
                name="indicator_target_max_only_for_ranges",
            ),
            models.CheckConstraint(
                condition=~Q(source="reported") | ~Q(figure=""), name="indicator_reported_needs_figure"
            ),
            models.CheckConstraint(
                condition=Q(target_group__isnull=True) | Q(figure="participants"),
                name="indicator_target_group_only_for_participants",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return localized(self.name, self.name_en)

    @property
    def unit_display(self):
        return self.unit_label if self.unit == self.Unit.OTHER and self.unit_label else self.get_unit_display()

    def clean(self):
        errors = {}
        if self.node_id and self.strategy_id and self.node.strategy_id != self.strategy_id:
            errors["node"] = _("The node must belong to the same strategy.")
        if self.target_kind == self.TargetKind.RANGE:
            if self.target is None or self.target_max is None:
                errors["target_max"] = _("A range needs both a minimum and a maximum.")
            elif self.target_max < self.target:
                errors["target_max"] = _("The maximum cannot be below the minimum.")
        elif self.target_max is not None:
            errors["target_max"] = _("Only a range has a maximum.")
        if self.source == self.Source.REPORTED and not self.figure:
            errors["figure"] = _("Choose which reported figure is summed.")
        if self.target_group_id and self.figure != self.Figure.PARTICIPANTS:
            errors["target_group"] = _("A target group applies only to the participants figure.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.node_id:
            self.strategy_id = self.node.strategy_id
        super().save(*args, **kwargs)


class ManualValue(SafeTextFieldsMixin, models.Model):
    """An achieved value the staff enter by hand, for what no progress report carries."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="manual_values", verbose_name=_("indicator")
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("manual value")
        verbose_name_plural = _("manual values")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="manual_value_non_negative"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date})"


class Milestone(SafeTextFieldsMixin, models.Model):
    """An intermediate target: the value an indicator (or, without one, the strategy's money paid) is due to
    reach by a date. The expected value runs in straight lines from 0 at the start through each milestone
    to the final target (see `progress.calculation`)."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("strategy")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("indicator"),
        help_text=_("Leave empty for a milestone of the strategy's money: the amount paid by the date, EUR."),
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value due"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    # The workspace edits milestones too (not only the admin): the history also moves the data fingerprint.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="milestone_value_non_negative"),
            models.UniqueConstraint(
                fields=["indicator", "date"],
                condition=Q(indicator__isnull=False),
                name="milestone_once_a_day",
                violation_error_message=_("This indicator already has a milestone on this date."),
            ),
            models.UniqueConstraint(
                fields=["strategy", "date"],
                condition=Q(indicator__isnull=True),
                name="money_milestone_once_a_day",
                violation_error_message=_("The strategy's money already has a milestone on this date."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator or _('money paid')}: {self.value} ({self.date})"

    def _linked(self, name):
        """The indicator or the strategy the milestone is linked to, saved or not yet (an admin page adding an
        indicator or a strategy with its milestones links them to the unsaved one); None without one."""
        try:
            return getattr(self, name)
        except ObjectDoesNotExist:
            return None

    @property
    def series_strategy(self):
        """The strategy whose period and budget hold: the indicator's (the milestone follows its indicator)."""
        indicator = self._linked("indicator")
        return indicator.strategy if indicator is not None and indicator.strategy_id else self._linked("strategy")

    def clean(self):
        errors = {}
        indicator = self._linked("indicator")
        if indicator is not None and self.pk and self.strategy_id and indicator.strategy_id != self.strategy_id:
            # the indicator was moved to another strategy: its milestones go with it (checked against its period)
            self.strategy_id = indicator.strategy_id
        elif indicator is not None and self.strategy_id and indicator.strategy_id != self.strategy_id:
            errors["indicator"] = _("The indicator must belong to the same strategy.")
        strategy = self.series_strategy
        if (
            strategy is not None
            and strategy.has_period
            and self.date
            and not strategy.start_date <= self.date < strategy.end_date
        ):
            errors["date"] = _(
                "A milestone falls between the strategy's first day and the day before its last (%(start)s – "
                "%(end)s; the last day is the final target's): %(date)s is not."
            ) % {"start": strategy.start_date, "end": strategy.last_milestone_date, "date": self.date}
        ceiling, of_what = self.ceiling()
        if ceiling is not None and self.value is not None and self.value > ceiling:
            money = indicator is None
            errors["value"] = _("A milestone cannot be above %(what)s (%(ceiling)s): %(value)s is above it.") % {
                "what": of_what,
                "ceiling": format_money(ceiling) if money else format_number(ceiling),
                "value": format_money(self.value) if money else format_number(self.value),
            }
        if errors:
            raise ValidationError(errors)

    def ceiling(self):
        """(The most a milestone may be, what that is in words): the indicator's final target, at the top of a
        range; for the money paid, the strategy's budget. (None, "") when there is no such figure."""
        indicator = self._linked("indicator")
        if indicator is not None:
            top = indicator.target_max if indicator.target_kind == Indicator.TargetKind.RANGE else indicator.target
            return top, _("the indicator's final target")
        strategy = self._linked("strategy")
        if strategy is not None and strategy.budget is not None:
            return strategy.budget, _("the strategy's budget")
        return None, ""

    @property
    def adds_up(self):
        """Whether its series only grows over time: the money paid and a flow indicator, not a stock."""
        indicator = self._linked("indicator")
        return indicator is None or indicator.measure == Indicator.Measure.FLOW

    @property
    def series(self):
        """What the milestone is a step of, for comparing it with the others: ("indicator" or "money", the
        indicator's or the strategy's id when saved, else None, and something that tells unsaved ones apart)."""
        indicator = self._linked("indicator")
        owner, kind = (indicator, "indicator") if indicator is not None else (self._linked("strategy"), "money")
        if owner is None:
            return (kind, None, None)
        return (kind, owner.pk, owner.pk or id(owner))

    def save(self, *args, **kwargs):
        if self.indicator_id:
            self.strategy_id = self.indicator.strategy_id
        super().save(*args, **kwargs)
