"""Co-written documents: charters and direction projects (issue 10).

One mechanism for every kind of co-written document:

- a ``Document`` belongs to a mission and has a ``kind`` (see ``kinds.py`` for the words each
  kind uses: "clause" for a charter, "section" for a direction project);
- its text lives in numbered ``Version`` snapshots (v1, v2…), each holding its ``Clause`` rows.
  A clause keeps the same ``key`` from one version to the next, so versions can be compared
  clause by clause and an amendment knows whether its clause changed since it was written;
- only the latest version may be a draft (editable); opening the participation window
  freezes it, and accepted amendments produce the next, frozen, version;
- participants (``Contributor``: a cookie identity, no account needed) vote and comment on
  the clauses of a version and propose ``Amendment`` rows; the facilitator decides them;
- a prototype-test round collects ``Feedback`` on a version; the final version is published
  to the mission (sponsors read it);
- a direction project (kind "direction", its clauses are "sections") adds, in
  ``models_direction``, the sources of each section (workshop cards, groups, canvas zones)
  and its governance validation: a version submitted to a body, the body's decision, and the
  requested adjustments as a checklist on the next version; validated, it is published.

Contributors' identities never leave the server: other participants see no author at all,
facilitators see a pseudonym ("Contributeur 3").
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liant.core.models import TenantModel

CLAUSE_TITLE_MAX_LENGTH = 200
CLAUSE_TEXT_MAX_LENGTH = 4000
COMMENT_MAX_LENGTH = 1000
RATIONALE_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 1000
FEEDBACK_MAX_LENGTH = 2000


def new_secret() -> str:
    return secrets.token_urlsafe(18)


class Document(TenantModel):
    class Kind(models.TextChoices):
        CHARTER = "charter", _("charter")
        DIRECTION = "direction", _("direction project")

    class Stage(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("Participation open")
        REVIEW = "review", _("Amendments under review")
        PROTOTYPE = "prototype", _("Prototype test")
        # A direction project submitted to a governance body (``models_direction``).
        GOVERNANCE = "governance", _("Awaiting the governance decision")
        PUBLISHED = "published", _("Published")

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.CHARTER)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    # The participation window: open while the stage is "consultation", until this moment.
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    # The participants' link: its secret is the capability (no account needed).
    secret = models.CharField(max_length=40, unique=True, default=new_secret)
    tested_version = models.ForeignKey(
        "Version", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_version = models.ForeignKey(
        "Version", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("co-written document")
        verbose_name_plural = _("co-written documents")

    def __str__(self) -> str:
        return self.title


class Version(TenantModel):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    frozen = models.BooleanField(default=False)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class Clause(TenantModel):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="clauses")
    # The same clause across versions (an amendment names it, the diff aligns on it).
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=CLAUSE_TITLE_MAX_LENGTH, blank=True)
    text = models.TextField(_("text"), max_length=CLAUSE_TEXT_MAX_LENGTH)

    class Meta:
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_clause_per_version")
        ]

    def __str__(self) -> str:
        return self.title or self.text[:60]

    def same_words(self, other: Clause | None) -> bool:
        return other is not None and (self.title, self.text) == (other.title, other.text)


class Contributor(TenantModel):
    """A participant of one document: a cookie key, a pseudonym shown to facilitators only."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="contributors")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.PositiveIntegerField()
    # A staff member taking part with their account: kept so they are the same contributor on
    # every device. Never shown (facilitators see the pseudonym only).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_contributor_number")
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def pseudonym(self) -> str:
        return _("Contributor %(number)s") % {"number": self.number}


class ClauseVote(TenantModel):
    class Value(models.TextChoices):
        AGREE = "agree", _("Agree")
        DISAGREE = "disagree", _("Disagree")

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="votes")
    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="votes")
    value = models.CharField(max_length=10, choices=Value.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clause", "contributor"], name="one_vote_per_clause")
        ]


class ClauseComment(TenantModel):
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="comments")
    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(max_length=COMMENT_MAX_LENGTH)

    class Meta:
        ordering = ["created_at", "id"]


class Amendment(TenantModel):
    class Kind(models.TextChoices):
        REPLACE = "replace", _("Rewrite this clause")
        ADD = "add", _("Add a clause after this one")
        DELETE = "delete", _("Delete this clause")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", pgettext_lazy("amendment", "Rejected")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="amendments")
    contributor = models.ForeignKey(
        Contributor, on_delete=models.CASCADE, related_name="amendments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The clause, as it read when the amendment was written (of the version then current).
    # For an addition: the clause it comes after.
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="amendments")
    title = models.CharField(max_length=CLAUSE_TITLE_MAX_LENGTH, blank=True)
    text = models.TextField(max_length=CLAUSE_TEXT_MAX_LENGTH, blank=True)
    rationale = models.TextField(max_length=RATIONALE_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(max_length=REASON_MAX_LENGTH, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    result_version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="accepted"
    )

    class Meta:
        ordering = ["created_at", "id"]


class Feedback(TenantModel):
    """The prototype test: what worked and what did not, with the version in use."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="feedback")
    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="feedback")
    worked = models.TextField(_("what worked"), max_length=FEEDBACK_MAX_LENGTH, blank=True)
    did_not_work = models.TextField(
        _("what did not work"), max_length=FEEDBACK_MAX_LENGTH, blank=True
    )

    class Meta:
        ordering = ["created_at", "id"]


class Invitation(TenantModel):
    """A person of the mission's organisation invited by a personal link: the token is the
    capability, and the same contributor comes back on every device. Which contributor an
    invitation became is never shown (facilitators see pseudonyms only)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "orgs.Person", on_delete=models.CASCADE, related_name="document_invitations"
    )
    token = models.CharField(max_length=40, unique=True, default=new_secret)
    contributor = models.OneToOneField(
        Contributor, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "person"], name="unique_document_invitee")
        ]

    def __str__(self) -> str:
        return f"{self.document} · {self.person}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


# The direction project's own rows, loaded with the app's models.
from .models_direction import Adjustment, GovernanceSubmission, SectionSource  # noqa: E402, F401
