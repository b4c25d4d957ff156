from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One piece of long work, found again by its key: what was asked and, for a document, the data fingerprint.

    The same key asked again while the work runs finds the same row (the same progress); once done, the row keeps
    the file, so a repeat download is instant until the data change and make a new key.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("in progress")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    key = models.CharField(_("key"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    # The stage as an English message id; the page translates it when it shows it.
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    # What was asked (JSON: the report, its date, language…), for the task to read.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The input (an uploaded file) while queued, the output (a PDF) once done.
    content = models.BinaryField(_("content"), null=True, editable=False)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    # The task that does the work (its dotted path), to start a failed job again.
    task = models.CharField(_("task"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["kind", "updated_at"], name="jobs_kind_updated")]

    def __str__(self):
        return f"{self.kind} {self.key[:12]} ({self.status})"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
