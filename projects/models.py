from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def unique_slug(model, text, instance_pk=None, max_length=80):
    """A slug from `text` that no other row of `model` has yet: `gera-buti`, then `gera-buti-2`."""
    base = slugify(text)[: max_length - 6].strip("-") or "be-pavadinimo"
    taken = set(model.objects.filter(slug__startswith=base).exclude(pk=instance_pk).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


class Organisation(models.Model):
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
        OTHER = "kita", _("other")

    class Sector(models.TextChoices):
        PUBLIC = "public", _("public")
        BUSINESS = "business", _("business")
        CIVIL = "civil", _("civil society")

    name = models.CharField(_("name"), max_length=300, unique=True)
    slug = models.SlugField(_("address name"), max_length=80, unique=True, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    company_code = models.CharField(
        _("company code"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", _("A company code has exactly 9 digits."))],
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["company_code"], condition=~Q(company_code=""), name="organisation_company_code_unique"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:organisation", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name, self.pk)
        super().save(*args, **kwargs)


class ProjectQuerySet(models.QuerySet):
    def counted(self):
        """Projects that count towards 'projects counted' indicators: selected or later, not terminated."""
        return self.filter(status__in=Project.COUNTED_STATUSES)

    def public(self):
        """Projects the public sees: those of strategies that are not drafts."""
        return self.exclude(node__strategy__status="draft")


class Project(models.Model):
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
    )
    slug = models.SlugField(_("address name"), max_length=80, unique=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("short public description"), blank=True)
    node = models.ForeignKey(
        "strategies.Node",
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
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
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
        help_text=_("Unique persons in all; target groups overlap, so this is not their sum."),
    )
    planned_volunteers = models.PositiveIntegerField(_("planned volunteers"), null=True, blank=True)
    planned_jobs = models.DecimalField(_("planned jobs, FTE"), max_digits=7, decimal_places=2, null=True, blank=True)
    how_to_join = models.TextField(_("how to join"), blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    target_groups = models.ManyToManyField(
        "participants.TargetGroup", through="ProjectTargetGroup", related_name="projects", blank=True
    )

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="project_code_unique"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(total_cost__isnull=True) | Q(total_cost__gte=0))
                & (Q(grant__isnull=True) | Q(grant__gte=0))
                & (Q(own_contribution__isnull=True) | Q(own_contribution__gte=0))
                & (Q(planned_jobs__isnull=True) | Q(planned_jobs__gte=0)),
                name="project_money_non_negative",
            ),
        ]

    def __str__(self):
        return f"„{self.title}“"

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def counts(self):
        return self.status in self.COUNTED_STATUSES

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.grant is not None and self.total_cost is not None and self.grant > self.total_cost:
            errors["grant"] = _("The grant cannot exceed the total eligible cost.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Project, self.title, self.pk)
        super().save(*args, **kwargs)


class ProjectPartner(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=300, blank=True)

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
        "participants.TargetGroup",
        on_delete=models.PROTECT,
        related_name="project_target_groups",
        verbose_name=_("target group"),
    )
    planned_participants = models.PositiveIntegerField(_("planned participants"), null=True, blank=True)

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
