"""The direction project's own rows (issue 10), on top of the co-written ``Document``.

- ``SectionSource``: a workshop output (a card, a group, a canvas zone) linked as a source of a
  section. Sections are the document's clauses; a source names the section by its ``key`` so
  it follows the section from one version to the next. The words are copied: the source still
  reads once the card or the workshop is gone.
- ``GovernanceSubmission``: a version submitted to a governance body (the mission's plan
  ``steering.Body``) and the body's decision: validated, validated with adjustments, refused.
- ``Adjustment``: an adjustment requested by the body, a task on the next version, ticked off
  when done.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liant.core.models import TenantModel

SOURCE_TEXT_MAX_LENGTH = 4000
ADJUSTMENT_MAX_LENGTH = 500
DECISION_NOTE_MAX_LENGTH = 2000


class SectionSource(TenantModel):
    class Kind(models.TextChoices):
        CARD = "card", _("card")
        CLUSTER = "cluster", _("group")
        ZONE = "zone", _("canvas zone")

    document = models.ForeignKey(
        "charters.Document", on_delete=models.CASCADE, related_name="section_sources"
    )
    section_key = models.UUIDField(db_index=True)  # ``Clause.key`` of the section
    kind = models.CharField(max_length=10, choices=Kind.choices)
    workshop = models.ForeignKey(
        "workshops.Workshop", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    card = models.ForeignKey(
        "workshops.Card", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cluster = models.ForeignKey(
        "workshops.Cluster", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    zone = models.ForeignKey(
        "workshops.Column", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Copies, so the source reads without its workshop.
    workshop_title = models.CharField(max_length=200)
    label = models.CharField(max_length=300, blank=True)  # board, group or zone title
    text = models.TextField(max_length=SOURCE_TEXT_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.workshop_title} › {self.label or self.text[:40]}"


class GovernanceSubmission(TenantModel):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting the decision")
        VALIDATED = "validated", pgettext_lazy("governance", "Validated")
        ADJUSTED = "adjusted", _("Validated with adjustments")
        REFUSED = "refused", pgettext_lazy("governance", "Refused")

    document = models.ForeignKey(
        "charters.Document", on_delete=models.CASCADE, related_name="submissions"
    )
    version = models.ForeignKey(
        "charters.Version", on_delete=models.CASCADE, related_name="submissions"
    )
    body = models.ForeignKey(
        "steering.Body", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body_name = models.CharField(max_length=200)  # a copy: the body may be deleted later
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    note = models.TextField(max_length=DECISION_NOTE_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The version written after an adjusted or refused decision (the adjustments' checklist).
    next_version = models.ForeignKey(
        "charters.Version", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(outcome="pending"),
                name="charters_one_pending_submission",
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(decided_on__isnull=False),
                name="charters_decision_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.version.number} · {self.body_name}"


class Adjustment(TenantModel):
    submission = models.ForeignKey(
        GovernanceSubmission, on_delete=models.CASCADE, related_name="adjustments"
    )
    version = models.ForeignKey(
        "charters.Version", on_delete=models.CASCADE, related_name="adjustments"
    )
    order = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=ADJUSTMENT_MAX_LENGTH)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def done(self) -> bool:
        return self.done_at is not None
