"""Online consultations: statements, votes, moderation and the stored opinion map.

A participant has no account: a cookie key (public link) or a personal invitation names
them. Outside the server a participant is only ever their opaque ``number`` (the Pol.is
"participant" id of the exports); who wrote a statement never leaves the server either.
"""

from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liant.core.models import TenantModel

STATEMENT_MAX_LENGTH = 280  # twice Pol.is' 140: French sentences run longer
MAX_ROLES = 12
ROLE_MAX_LENGTH = 60


def new_secret() -> str:
    return secrets.token_urlsafe(18)


class Consultation(TenantModel):
    class Access(models.TextChoices):
        LINK = "link", _("Anyone with the public link")
        INVITED = "invited", _("Invited people only")

    class Moderation(models.TextChoices):
        PRE = "pre", _("Before publication (pre-moderation)")
        POST = "post", _("After publication (post-moderation)")

    class Language(models.TextChoices):
        FR = "fr", "Français"
        EN = "en", "English"

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="consultations"
    )
    title = models.CharField(_("title"), max_length=200)
    context = models.TextField(_("context"), blank=True)
    question = models.CharField(_("question asked"), max_length=300)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    access = models.CharField(
        _("who can take part"), max_length=10, choices=Access.choices, default=Access.LINK
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.FR
    )
    moderation = models.CharField(
        _("moderation of participants' statements"),
        max_length=5,
        choices=Moderation.choices,
        default=Moderation.PRE,
    )
    participants_can_submit = models.BooleanField(
        _("participants can submit statements"), default=True
    )
    ask_unit = models.BooleanField(_("ask for the participant's unit"), default=False)
    roles = models.JSONField(_("roles offered"), default=list, blank=True)
    secret = models.CharField(max_length=40, unique=True, default=new_secret, editable=False)
    # Filled for a consultation imported from Pol.is openData files (its topic or URL).
    imported_from = models.CharField(_("imported from"), max_length=300, blank=True)
    # The background recompute claims the map until this time (several processes may run).
    map_claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="consultation_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def asks_demographics(self) -> bool:
        return self.ask_unit or bool(self.roles)


class Participant(TenantModel):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participants"
    )
    number = models.PositiveIntegerField()  # the opaque id shown in maps and exports
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=ROLE_MAX_LENGTH, blank=True)
    profile_done = models.BooleanField(default=False)

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="consultation_participant_number"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class Invitation(TenantModel):
    """A personal link to an invited-only consultation (the token is the capability)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=40, unique=True, default=new_secret, editable=False)
    participant = models.OneToOneField(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "person"], name="consultation_invitation_person"
            )
        ]


class Statement(TenantModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        ACCEPTED = "accepted", _("Published")
        REJECTED = "rejected", _("Rejected")

    class Reason(models.TextChoices):
        OFF_TOPIC = "off_topic", _("Off topic")
        DUPLICATE = "duplicate", _("Duplicate of another statement")
        SEVERAL_IDEAS = "several_ideas", _("Several ideas in one statement")
        PERSONAL = "personal", _("Names or targets a person")
        DISRESPECTFUL = "disrespectful", _("Disrespectful or offensive")
        OTHER = "other", _("Other reason")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="statements"
    )
    number = models.PositiveIntegerField()  # the Pol.is "comment-id"
    text = models.TextField(_("statement"), max_length=STATEMENT_MAX_LENGTH)
    # None for the facilitator's seed statements. Never shown, never exported.
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_seed = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    reason_note = models.CharField(_("note"), max_length=300, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    # The closest statement found when it was written (shown to the moderators).
    similar_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="consultation_statement_number"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(TenantModel):
    """The latest vote of a participant on a statement (a change overwrites it)."""

    AGREE, DISAGREE, PASS = 1, -1, 0
    CHOICES = (
        (AGREE, pgettext_lazy("consultation vote", "Agree")),
        (DISAGREE, pgettext_lazy("consultation vote", "Disagree")),
        (PASS, pgettext_lazy("consultation vote", "Pass / unsure")),
    )

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "statement"], name="consultation_one_vote"
            )
        ]
        indexes = [models.Index(fields=["consultation", "updated_at"])]


class OpinionMapSnapshot(TenantModel):
    """The last computed map, as plain data (numbers, never keys). ``votes_until`` is the
    time of the newest vote it includes: a newer vote makes it stale."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="snapshot"
    )
    votes_until = models.DateTimeField(null=True, blank=True)
    vote_count = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict)
    duration_ms = models.PositiveIntegerField(default=0)
