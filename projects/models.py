import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from common.collation import LITHUANIAN
from common.counts import count_limit
from common.dates import validate_date_range
from common.formatting import format_money, format_number
from common.i18n import localized
from common.search import letters_pattern
from common.text import SafeTextFieldsMixin, validate_no_control_characters
from strategies.models import Node, TargetGroup

SAFE_TEXT = [validate_no_control_characters]
# The anonymous code a natural person is published by, from its primary key: `FA-000123`.
NATURAL_PERSON_CODE = "FA-{:06d}"
NATURAL_PERSON_CODE_SEARCHED = re.compile(r"FA-(\d{1,12})", re.IGNORECASE)


def unique_slug(model, text, instance_pk=None, max_length=80):
    """A slug from `text` that no other row of `model` has yet: `gera-buti`, then `gera-buti-2`."""
    base = slugify(text)[: max_length - 6].strip("-") or "be-pavadinimo"
    taken = set(model.objects.filter(slug__startswith=base).exclude(pk=instance_pk).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def unique_slugs(model, texts, max_length=80):
    """unique_slug for many new rows at once: one query for the slugs taken, then each new one taken in turn."""
    taken = set(model.objects.values_list("slug", flat=True))
    slugs = []
    for text in texts:
        base = slugify(text)[: max_length - 6].strip("-") or "be-pavadinimo"
        slug, n = base, 2
        while slug in taken:
            slug = f"{base}-{n}"
            n += 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _constraint_errors_on_fields(validate, exclude, fields_by_code):
    """Run `validate`, putting the errors of conditional unique constraints on their field, not on the form."""
    try:
        validate(exclude=exclude)
    except ValidationError as exc:
        errors = {}
        for name, messages in exc.error_dict.items():
            for error in messages:
                errors.setdefault(fields_by_code.get(error.code, name), []).append(error)
        raise ValidationError(errors) from None


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        """Organisations the public sees: those with a public project (led or partnered), or with no project at
        all; not one whose every project belongs to a draft strategy, which would give the draft away."""
        projects = Project.objects.filter(Q(promoter=OuterRef("pk")) | Q(partnerships__organisation=OuterRef("pk")))
        return self.filter(Exists(projects.public()) | ~Exists(projects))

    def in_published_order(self):
        """By the name the public reads: organisations by name, then natural persons by their code, so that not
        even a natural person's place in a list gives its name away."""
        natural = Q(legal_form=Organisation.LegalForm.NATURAL_PERSON)
        return self.order_by(
            Case(When(natural, then=Value(1)), default=Value(0)),
            Case(When(natural, then=Value("")), default=F("name")),
            "pk",
        )

    def published_name_contains(self, text):
        """Organisations whose published name holds `text` (with or without the letters' marks: `common.search`):
        a natural person only by its whole code (`FA-000123`), never by its name."""
        natural = Q(legal_form=Organisation.LegalForm.NATURAL_PERSON)
        found = Q(name__iregex=letters_pattern(text)) & ~natural
        code = NATURAL_PERSON_CODE_SEARCHED.fullmatch(text.strip())
        if code:
            found |= natural & Q(pk=int(code[1]))
        return self.filter(found)


_QUOTES = str.maketrans(dict.fromkeys("\"'„“”«»‟‚‘’‹›`´"))


def alike_name(name):
    """`name` with case, runs of spaces and quotes set aside: „Rigera“, "rigera", 'Rigera' and Rigera look alike."""
    return " ".join(name.translate(_QUOTES).casefold().split())


class Organisation(SafeTextFieldsMixin, models.Model):
    class LegalForm(models.TextChoices):
        VSI = "vsi", "VšĮ"
        ASSOCIATION = "asociacija", _("association")
        UAB = "uab", "UAB"
        MB = "mb", "MB"
        II = "ii", "IĮ"
        BUDGETARY = "biudzetine", _("budgetary institution")
        MUNICIPALITY = "savivaldybe", _("municipal administration")
        COMMUNITY = "bendruomene", _("community organisation")
        FOUNDATION = "fondas", _("charity and support foundation")
        RELIGIOUS = "religine", _("religious community")
        # A person promoting a project in their own name (a farmer, a self-employed resident): the open data
        # publish an anonymous code in place of the name (Regulation (EU) 2021/1060, Art. 49(3)(b)).
        NATURAL_PERSON = "fizinis", _("natural person")
        OTHER = "kita", _("other")

    class Sector(models.TextChoices):
        PUBLIC = "public", _("public")
        BUSINESS = "business", _("business")
        CIVIL = "civil", _("civil society")

    name = models.CharField(
        _("name"),
        max_length=300,
        unique=True,
        validators=SAFE_TEXT,
        db_collation=LITHUANIAN,
        error_messages={"unique": _("An organisation of this name is already in the portal.")},
    )
    slug = models.SlugField(_("address name"), max_length=80, unique=True, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    company_code = models.CharField(
        _("company code"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", _("A company code has exactly 9 digits (“%(value)s” does not)."))],
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=SAFE_TEXT)
    address = models.CharField(_("address"), max_length=300, blank=True, validators=SAFE_TEXT)
    # Bumped on every save; a form posts the version it was read at, so a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The key of the form that created it: the same form sent twice creates one organisation.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["company_code"],
                condition=~Q(company_code=""),
                name="organisation_company_code_unique",
                violation_error_message=_("Another organisation already has this company code."),
                violation_error_code="company_code_taken",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.clean_name_text()
        twin = self.name and self._name_changed() and self.alike_organisation()
        if twin:
            raise ValidationError(
                {
                    "name": _(
                        "“%(known)s” is already in the portal, and “%(name)s” differs from it only in capitals, spaces "
                        "or quotes: choose that organisation, or tell the two apart in the name."
                    )
                    % {"known": twin, "name": self.name}
                }
            )

    def clean_name_text(self):
        """The rules of the name's own text (the import applies them to each new name; it finds twins by itself)."""
        if self.name and ";" in self.name:
            # Spreadsheets list partners as "A; B": a name holding ";" could not be read back.
            raise ValidationError({"name": _("A name cannot hold “;”: spreadsheets separate names with it.")})

    def _name_changed(self):
        """A new organisation, or a new name: one kept from before the twin rule stays editable."""
        return not self.pk or not Organisation.objects.filter(pk=self.pk, name=self.name).exists()

    def alike_organisation(self):
        """The name of another organisation that looks like this one (`alike_name`) without being the same name,
        which the unique name refuses by itself; None when there is none. One query."""
        key = alike_name(self.name)
        others = Organisation.objects.exclude(pk=self.pk).exclude(name=self.name).values_list("name", flat=True)
        return next((name for name in others.iterator() if alike_name(name) == key), None)

    def validate_constraints(self, exclude=None):
        _constraint_errors_on_fields(super().validate_constraints, exclude, {"company_code_taken": "company_code"})

    def get_absolute_url(self):
        return reverse("projects:organisation", kwargs={"slug": self.slug})

    @property
    def is_natural_person(self):
        return self.legal_form == self.LegalForm.NATURAL_PERSON

    @property
    def published_name(self):
        """The name every public page, PDF and open data file gives: for a natural person an anonymous code that
        stays the same. Staff pages and the board's reports give `name`."""
        return NATURAL_PERSON_CODE.format(self.pk) if self.is_natural_person else self.name

    def name_for(self, *, board):
        """`name` for the board's reports, `published_name` for everyone else's."""
        return self.name if board else self.published_name

    @property
    def publishes_contacts(self):
        """Whether the public page gives the address, phone, e-mail, website and company code: a natural person's
        are personal data, like the name."""
        return not self.is_natural_person

    def _has_code_slug(self):
        code = slugify(NATURAL_PERSON_CODE.format(self.pk))
        return self.slug == code or self.slug.startswith(f"{code}-")

    def save(self, *args, **kwargs):
        # A natural person's address is its code (`/organizacijos/fa-000123/`), so that no link holds the name;
        # one that stops being a natural person gets an address from its name again.
        if self.is_natural_person:
            if self.pk is None:
                self._insert_natural_person(*args, **kwargs)
                return
            if not self._has_code_slug():
                self.slug = unique_slug(Organisation, self.published_name, self.pk)
        elif not self.slug or (self.pk is not None and self._has_code_slug()):
            self.slug = unique_slug(Organisation, self.name, self.pk)
        super().save(*args, **kwargs)

    @staticmethod
    def provisional_slug():
        """The address a new natural person is inserted under, until its primary key gives it its code's."""
        return f"fa-{uuid.uuid4().hex}"

    def code_slug(self):
        """A saved natural person's address: its code (`fa-000123`)."""
        return unique_slug(Organisation, self.published_name, self.pk)

    def _insert_natural_person(self, *args, **kwargs):
        """The code comes from the primary key: insert under a provisional address, then give it the code's,
        in its history row too."""
        provisional = self.slug = self.provisional_slug()
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            self.slug = self.code_slug()
            Organisation.objects.filter(pk=self.pk).update(slug=self.slug)
            self.history.filter(slug=provisional).update(slug=self.slug)


class ProjectQuerySet(models.QuerySet):
    def counted(self):
        """Selected operations: projects selected or later and not terminated.

        They count towards 'projects counted' indicators, and their grants are the money contracted.
        """
        return self.filter(status__in=Project.COUNTED_STATUSES)

    def live(self):
        """Projects whose approved reports count towards the targets: every one but the terminated."""
        return self.exclude(status=Project.Status.TERMINATED)

    def public(self):
        """Projects the public sees: those of strategies that are not drafts."""
        return self.exclude(node__strategy__status="draft")

    def with_rows(self):
        """With each project's partners and target groups (their organisations and groups with them), as its page,
        its report and its API answer list them and `project_progress` reads them: two queries in all."""
        return self.prefetch_related(
            models.Prefetch("partnerships", queryset=ProjectPartner.objects.select_related("organisation")),
            planned_target_groups(),
        )


def promoter_partner_error(promoter, partner):
    """The message when the project's promoter `promoter` is also listed as its partner `partner`; None otherwise."""
    if promoter is None or partner != promoter:
        return None
    return _("%(name)s leads the project: it cannot also be its partner.") % {"name": partner}


def planned_group_error(total, group, planned):
    """The message when `planned` participants of target group `group` exceed the project's `total` planned
    participants (target groups overlap: each may reach the total, none may exceed it); None when they do not."""
    if total is None or planned is None or planned <= total:
        return None
    return ngettext(
        "%(group)s: %(planned)s participant planned, more than the project plans in all (%(total)s).",
        "%(group)s: %(planned)s participants planned, more than the project plans in all (%(total)s).",
        planned,
    ) % {"group": group, "planned": format_number(planned), "total": format_number(total)}


def planned_target_groups():
    """The prefetch of a project's target groups with the groups themselves (`prefetch_related_objects` skips it
    for a project that already has them)."""
    return models.Prefetch("project_target_groups", queryset=ProjectTargetGroup.objects.select_related("target_group"))


class Project(SafeTextFieldsMixin, models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        SELECTED = "selected", _("selected")
        CONTRACT_SIGNED = "contract_signed", _("contract signed")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")
        TERMINATED = "terminated", _("terminated")

    COUNTED_STATUSES = (Status.SELECTED, Status.CONTRACT_SIGNED, Status.IN_PROGRESS, Status.COMPLETED)

    code = models.CharField(
        _("code"),
        max_length=60,
        blank=True,
        help_text=_("As issued, e.g. 08.6.1-ESFA-T-927-01-0525. Kept as text."),
        validators=SAFE_TEXT,
    )
    slug = models.SlugField(_("address name"), max_length=80, unique=True, blank=True)
    title = models.CharField(_("title"), max_length=500, validators=SAFE_TEXT, db_collation=LITHUANIAN)
    title_en = models.CharField(_("title in English"), max_length=500, blank=True, validators=SAFE_TEXT)
    description = models.TextField(_("short public description"), blank=True, validators=SAFE_TEXT)
    description_en = models.TextField(_("short public description in English"), blank=True, validators=SAFE_TEXT)
    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("strategy action"),
    )
    promoter = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        related_name="promoted_projects",
        verbose_name=_("promoter"),
    )
    partners = models.ManyToManyField(
        Organisation, through="ProjectPartner", related_name="partner_projects", blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    start_date = models.DateField(_("start date"), null=True, blank=True, validators=[validate_date_range])
    end_date = models.DateField(_("end date"), null=True, blank=True, validators=[validate_date_range])
    total_cost = models.DecimalField(
        _("total eligible cost, EUR"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    grant = models.DecimalField(_("grant, EUR"), max_digits=12, decimal_places=2, null=True, blank=True)
    own_contribution = models.DecimalField(
        _("own contribution, EUR"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    planned_participants = models.PositiveIntegerField(
        _("planned participants"),
        null=True,
        blank=True,
        validators=[count_limit],
        help_text=_("Unique persons in all; target groups overlap, so this is not their sum."),
    )
    planned_volunteers = models.PositiveIntegerField(
        _("planned volunteers"), null=True, blank=True, validators=[count_limit]
    )
    planned_jobs = models.DecimalField(_("planned jobs, FTE"), max_digits=7, decimal_places=2, null=True, blank=True)
    location = models.CharField(
        _("location"),
        max_length=200,
        blank=True,
        help_text=_("The municipality or postcode where the project is carried out. Empty: the VVG's area."),
        validators=SAFE_TEXT,
    )
    how_to_join = models.TextField(_("how to join"), blank=True, validators=SAFE_TEXT)
    contact = models.CharField(_("contact"), max_length=300, blank=True, validators=SAFE_TEXT)
    is_sample = models.BooleanField(
        _("fictional sample"),
        default=False,
        help_text=_("An invented project of the demo's sample, marked so on pages."),
    )
    # Bumped on every save; a form posts the version it was read at, so a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The key of the form that created it: the same form sent twice creates one project.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    target_groups = models.ManyToManyField(
        TargetGroup, through="ProjectTargetGroup", related_name="projects", blank=True
    )

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["title"]
        # Home lists the recently updated projects: the newest few, read off the index.
        indexes = [models.Index(fields=["-updated_at"], name="project_recently_updated")]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="project_code_unique",
                violation_error_message=_("Another project already has this code."),
                violation_error_code="code_taken",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
                violation_error_message=_("End date: the end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=(Q(total_cost__isnull=True) | Q(total_cost__gte=0))
                & (Q(grant__isnull=True) | Q(grant__gte=0))
                & (Q(own_contribution__isnull=True) | Q(own_contribution__gte=0))
                & (Q(planned_jobs__isnull=True) | Q(planned_jobs__gte=0)),
                name="project_money_non_negative",
                violation_error_message=_("The budget, the grant, the own contribution and jobs cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"„{self.title}“"

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def counts(self):
        """Whether the strategy's figures count this project and its reports: selected or later, not terminated."""
        return self.status in self.COUNTED_STATUSES

    @property
    def location_or_default(self):
        """Where the project is carried out: its own location, else the VVG's (`VVG_LOCATION`)."""
        return self.location or settings.VVG_LOCATION

    @property
    def display_title(self):
        return localized(self.title, self.title_en)

    @property
    def display_description(self):
        return localized(self.description, self.description_en)

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        else:
            errors.update(self._reports_outside_errors())
        grant, own, cost = self.grant, self.own_contribution, self.total_cost
        money = {"grant": format_money(grant), "own": format_money(own), "cost": format_money(cost)}
        if grant is not None and cost is not None and grant > cost:
            errors["grant"] = _("The grant (%(grant)s) cannot exceed the total eligible cost (%(cost)s).") % money
        elif None not in (grant, own, cost) and grant + own > cost:
            # the eligible cost is what the grant and the own contribution pay together
            errors["own_contribution"] = (
                _(
                    "The grant (%(grant)s) and the own contribution (%(own)s) add up to more than the total eligible"
                    " cost (%(cost)s)."
                )
                % money
            )
        if errors:
            raise ValidationError(errors)

    def _reports_outside_errors(self):
        """{field: message} when new dates would leave one of the project's reports outside them (the report form
        refuses such a period; moving the project must not make one). Only when the dates change: a project saved
        before this rule with a report outside its dates can still be edited otherwise."""
        if not self.pk or not (self.start_date or self.end_date):
            return {}
        saved = Project.objects.filter(pk=self.pk).values_list("start_date", "end_date").first()
        if saved == (self.start_date, self.end_date):
            return {}
        errors = {}
        for field, clause in (("start_date", "period_start__lt"), ("end_date", "period_end__gt")):
            day = getattr(self, field)
            report = day and self.reports.filter(**{clause: day}).order_by("period_start").first()
            if report:
                errors[field] = _(
                    "The report for %(period)s would fall outside the project's dates: change that report's period "
                    "first (an approved report is returned first)."
                ) % {"period": report.period_label}
        return errors

    def validate_constraints(self, exclude=None):
        _constraint_errors_on_fields(super().validate_constraints, exclude, {"code_taken": "code"})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Project, self.title, self.pk)
        super().save(*args, **kwargs)


class ProjectPartner(SafeTextFieldsMixin, models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=300, blank=True, validators=SAFE_TEXT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="partner_once_per_project"),
        ]

    def __str__(self):
        return str(self.organisation)


class ProjectTargetGroup(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="project_target_groups")
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        related_name="project_target_groups",
        verbose_name=_("target group"),
    )
    planned_participants = models.PositiveIntegerField(
        _("planned participants"), null=True, blank=True, validators=[count_limit]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target group of the project")
        verbose_name_plural = _("target groups of the project")
        ordering = ["target_group__position", "target_group__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "target_group"], name="target_group_once_per_project"),
        ]

    def __str__(self):
        return str(self.target_group)
