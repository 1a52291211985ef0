"""Documents produced in the background (issue 9): one row per request, with its progress."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from liant.core.models import TenantModel


def document_path(document: "Document", filename: str) -> str:
    return f"documents/{document.workspace_id}/{document.pk or 'new'}-{filename}"


class Document(TenantModel):
    """A generated file (PDF, DOCX) of one object of the workspace: which kind of document
    (``liant.reports.kinds``), of which object, in which format, and how far its generation
    went. Served only to the workspace's staff, never through a public URL."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        PPTX = "pptx", "PPTX"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField()
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=document_path, max_length=300, blank=True)
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=10, default="fr")  # the requester's, when asked
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "kind", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="reports_document_progress_max"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.format})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1].split("-", 1)[-1] if self.file else ""
