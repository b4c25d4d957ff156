from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.counts import count_limit
from common.dates import validate_date_range
from common.text import SafeTextFieldsMixin, validate_cell_length, validate_no_control_characters
from projects.models import Project
from strategies.models import TargetGroup

# The words of a report go to spreadsheet cells: no control characters, at most 32 767 characters.
CELL_TEXT = [validate_no_control_characters, validate_cell_length]


def _approved_by(as_of, path=""):
    """Approved, with a period that ended on or before `as_of`; `path` leads from the queried model to the report."""
    return Q(**{f"{path}status": ProgressReport.Status.APPROVED, f"{path}period_end__lte": as_of})


def _counting(as_of, path=""):
    """The counting rule: approved by `as_of`, of a project whose status counts (selected or later, not terminated)."""
    return _approved_by(as_of, path) & Q(**{f"{path}project__status__in": Project.COUNTED_STATUSES})


def delete_unless_approved(collector, field, sub_objs, using):
    """`on_delete` of a report's project: the project goes with its reports, unless one of them is approved.

    Approved figures are public and locked, as when a report is deleted on its own: return the report first, or
    mark the project terminated (it leaves the figures and keeps its record). Every way to delete a project (the
    workspace, the admin and its bulk action, a shell) meets this rule. Inside a transaction every report of the
    project is locked before its status is read, so an approval at the same moment is waited for and seen.
    """
    if connections[using].in_atomic_block:
        sub_objs = sub_objs.select_for_update()
    reports = list(sub_objs)
    approved = [report for report in reports if report.status == ProgressReport.Status.APPROVED]
    if approved:
        raise models.ProtectedError("approved reports are locked", approved)
    models.CASCADE(collector, field, reports, using)


class ProgressReportQuerySet(models.QuerySet):
    def counting(self, as_of):
        """THE COUNTING RULE. Reports whose figures count towards the targets as of `as_of`: approved, with a
        period that ended on or before that day, of a project that counts (`Project.COUNTED_STATUSES`: selected,
        contract signed, in progress or completed — not one only planned, nor a terminated one).

        Every figure of a node, a strategy, a PDF, an export or the API is summed over these reports.
        """
        return self.filter(_counting(as_of))

    def approved_as_of(self, as_of):
        """A project's own record as of `as_of`: approved, period ended on or before that day.

        The same as `counting` except that a project's own page shows what it reported whatever its status.
        """
        return self.filter(_approved_by(as_of))

    def approved(self):
        return self.filter(status=ProgressReport.Status.APPROVED)

    def pending(self):
        """Submitted but not yet approved: shown to the board apart from the approved figures."""
        return self.filter(status=ProgressReport.Status.SUBMITTED)

    def as_of(self, date):
        """Reports whose period ended on or before `date`."""
        return self.filter(period_end__lte=date)

    def overlapping(self, project_id, start, end):
        return self.filter(project_id=project_id, period_start__lte=end, period_end__gte=start)


class ProgressReport(SafeTextFieldsMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    # The figures of a report, in the order forms, imports and exports show them.
    FIGURES = ("participants", "volunteers", "jobs_created", "jobs_retained", "services", "spent")

    project = models.ForeignKey(
        Project, on_delete=delete_unless_approved, related_name="reports", verbose_name=_("project")
    )
    period_start = models.DateField(_("period from"), validators=[validate_date_range])
    period_end = models.DateField(_("period to"), validators=[validate_date_range])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    # Empty means "not reported", which is not the same as zero.
    participants = models.PositiveIntegerField(
        _("new participants"),
        null=True,
        blank=True,
        validators=[count_limit],
        help_text=_("Unique persons who entered the project for the first time in this period."),
    )
    volunteers = models.PositiveIntegerField(_("new volunteers"), null=True, blank=True, validators=[count_limit])
    jobs_created = models.DecimalField(_("jobs created, FTE"), max_digits=7, decimal_places=2, null=True, blank=True)
    jobs_retained = models.DecimalField(_("jobs retained, FTE"), max_digits=7, decimal_places=2, null=True, blank=True)
    services = models.PositiveIntegerField(
        _("services or events delivered"), null=True, blank=True, validators=[count_limit]
    )
    spent = models.DecimalField(_("money spent, EUR"), max_digits=12, decimal_places=2, null=True, blank=True)

    achievements = models.TextField(_("what was achieved"), blank=True, validators=CELL_TEXT)
    difficulties = models.TextField(_("difficulties"), blank=True, validators=CELL_TEXT)
    next_steps = models.TextField(_("what comes next"), blank=True, validators=CELL_TEXT)

    return_comment = models.TextField(_("comment on return"), blank=True, validators=[validate_no_control_characters])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("returned by"),
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    # Bumped on every save; a form posts the version it was read at, so a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProgressReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["project", "period_start"]
        permissions = [
            ("approve_progressreport", _("Can approve or return progress reports")),
            ("view_pending_reports", _("Can see reports that are not approved yet")),
            ("download_board_report", _("Can download the board's progress report")),
        ]
        # A project's latest report by a date (the value of a stock indicator) is one index lookup.
        indexes = [models.Index(fields=["project", "-period_end", "-id"], name="report_latest_first")]
        # On PostgreSQL an exclusion constraint (migration 0003) also keeps the periods of a project apart.
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period_start"],
                name="report_period_unique",
                violation_error_message=_("The project already has a report for a period starting on this date."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_end_after_start",
                violation_error_message=_("Period to: the period must end after it starts."),
            ),
            models.CheckConstraint(
                condition=(Q(jobs_created__isnull=True) | Q(jobs_created__gte=0))
                & (Q(jobs_retained__isnull=True) | Q(jobs_retained__gte=0))
                & (Q(spent__isnull=True) | Q(spent__gte=0)),
                name="report_figures_non_negative",
                violation_error_message=_("Jobs and money spent cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.project.title}: {self.period_label}"

    @property
    def period_label(self):
        return period_label(self.period_start, self.period_end)

    @property
    def is_locked(self):
        """Approved reports are not edited; returning one unlocks it."""
        return self.status == self.Status.APPROVED

    def clean(self):
        if not (self.period_start and self.period_end):
            return
        if self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})
        if self.project_id:
            errors = self.period_errors()
            if errors:
                raise ValidationError(errors)

    def period_errors(self):
        """{field: message} for a period outside the project's dates or overlapping another report."""
        project = self.project
        errors = period_bounds_errors(self.period_start, self.period_end, project.start_date, project.end_date)
        clash = (
            ProgressReport.objects.overlapping(self.project_id, self.period_start, self.period_end)
            .exclude(pk=self.pk)
            .first()
        )
        if clash:
            errors[NON_FIELD_ERRORS] = overlap_message(clash.period_start, clash.period_end)
        return errors


def period_label(start, end):
    return f"{date_format(start, 'Y-m-d')} – {date_format(end, 'Y-m-d')}"


def period_bounds_errors(start, end, project_start, project_end):
    """{field: message} for a report period outside the project's dates; the workspace and the import share it."""
    errors = {}
    if project_start and start < project_start:
        errors["period_start"] = _("The period starts before the project (%(date)s).") % {
            "date": date_format(project_start, "Y-m-d")
        }
    if project_end and end > project_end:
        errors["period_end"] = _("The period ends after the project (%(date)s).") % {
            "date": date_format(project_end, "Y-m-d")
        }
    return errors


def overlap_message(start, end):
    return _("The period overlaps the report for %(period)s.") % {"period": period_label(start, end)}


def breakdown_errors(total, counts):
    """Messages for a breakdown `{target group: count}` that is not possible under `total` participants.

    Target groups overlap, so each count may reach the total but none may exceed it; the counts are
    never added up.
    """
    errors = []
    for group, count in counts.items():
        if count is None:
            continue
        if total is None:
            errors.append(
                _("Participants of “%(group)s” are given but the total of new participants is empty.")
                % {"group": group}
            )
        elif count > total:
            errors.append(
                _("Participants of “%(group)s” (%(count)s) exceed the total of new participants (%(total)s).")
                % {"group": group, "count": count, "total": total}
            )
    return errors


class ReportBreakdownQuerySet(models.QuerySet):
    def counting(self, as_of):
        """Breakdown rows of the reports that `ProgressReport.objects.counting(as_of)` gives."""
        return self.filter(_counting(as_of, "report__"))

    def approved_as_of(self, as_of):
        """Breakdown rows of the reports that `ProgressReport.objects.approved_as_of(as_of)` gives."""
        return self.filter(_approved_by(as_of, "report__"))


class ReportBreakdown(models.Model):
    """New participants of one target group in one report."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="breakdown", verbose_name=_("progress report")
    )
    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.PROTECT, related_name="report_breakdowns", verbose_name=_("target group")
    )
    participants = models.PositiveIntegerField(_("new participants"), validators=[count_limit])

    objects = ReportBreakdownQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participants by target group")
        verbose_name_plural = _("participants by target group")
        ordering = ["target_group__position", "target_group__name"]
        constraints = [
            models.UniqueConstraint(fields=["report", "target_group"], name="breakdown_group_once_per_report"),
        ]

    def __str__(self):
        return f"{self.target_group}: {self.participants}"

    def clean(self):
        try:
            report = self.report  # set on an unsaved report too, when validated as part of its form
        except ProgressReport.DoesNotExist:
            return
        if self.participants is not None and self.target_group_id:
            messages = breakdown_errors(report.participants, {self.target_group: self.participants})
            if messages:
                raise ValidationError({"participants": messages})
