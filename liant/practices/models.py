"""Team practices: a team's charter (rules, vigilance points), daily check-ins, client
coverage and the escalation log.

A ``Team`` is one unit of the client organisation (``orgs.Unit``) whose practices are
followed; it may belong to a mission (its key figures then show on the mission page) but it
outlives missions: rules and coverage stay with the team. Its members are people of the
organisation (``orgs.Person``), most without an account: each one checks in through a
personal link whose token is stored only as a hash.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liant.core.models import TenantModel

MOOD_MIN, MOOD_MAX = 1, 5


def hash_token(raw: str) -> str:
    """The only form in which a check-in token is stored: its SHA-256, in hexadecimal."""
    return hashlib.sha256(raw.encode()).hexdigest()


class Team(TenantModel):
    unit = models.OneToOneField(
        "orgs.Unit", on_delete=models.CASCADE, related_name="practice_team", verbose_name=_("unit")
    )
    mission = models.ForeignKey(
        "missions.Mission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_teams",
        verbose_name=_("mission"),
    )
    manager = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("manager"),
        help_text=_("Client pressure is escalated to this person."),
    )

    class Meta:
        ordering = ["unit__name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.unit.name


class TeamMember(TenantModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "orgs.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    # The personal check-in link: only its hash; the raw token is shown once, when made.
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    link_made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="practices_member_once"),
        ]

    def __str__(self) -> str:
        return self.person.name


class TeamRule(TenantModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="rules")
    text = models.CharField(_("rule"), max_length=300)
    rationale = models.TextField(_("why this rule"), blank=True)
    adopted_on = models.DateField(_("adopted on"))
    source = models.CharField(
        _("where it was decided"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Follow-up session of 12 March”."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["adopted_on", "id"]
        verbose_name = _("team rule")
        verbose_name_plural = _("team rules")

    def __str__(self) -> str:
        return self.text


class VigilancePoint(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", _("To watch")
        RESOLVED = "resolved", _("Resolved")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="vigilance_points")
    title = models.CharField(_("vigilance point"), max_length=300)
    detail = models.TextField(_("what to watch"), blank=True)
    owner = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    follow_up_on = models.DateField(_("follow-up date"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["status", "follow_up_on", "id"]
        verbose_name = _("vigilance point")
        verbose_name_plural = _("vigilance points")

    def __str__(self) -> str:
        return self.title


class VigilanceReview(TenantModel):
    """One point's check at a consolidation meeting."""

    class Verdict(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        ATTENTION = "attention", _("Needs attention")
        RESOLVED = "resolved", _("Resolved")

    point = models.ForeignKey(VigilancePoint, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    note = models.CharField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-id"]


class CheckIn(TenantModel):
    """A member's daily check-in. Its mood is shown to that member only (through their
    link); the team sees it in aggregates of at least k answers."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="checkins")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField()
    mood = models.PositiveSmallIntegerField()
    blockers = models.CharField(max_length=500, blank=True)
    client_news = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["day", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "day"], name="practices_checkin_once_a_day"),
            models.CheckConstraint(
                condition=models.Q(mood__gte=MOOD_MIN, mood__lte=MOOD_MAX),
                name="practices_checkin_mood_range",
            ),
        ]


class TeamClient(TenantModel):
    """An external client account of the team (e.g. the insurer a data team serves)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="clients")
    name = models.CharField(_("client"), max_length=200)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="practices_client_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Coverage(TenantModel):
    class Level(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        BACKUP = "backup", _("Backup")
        KNOWS = "knows", _("Knows the account")

    client = models.ForeignKey(TeamClient, on_delete=models.CASCADE, related_name="coverage")
    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="coverage")
    level = models.CharField(max_length=10, choices=Level.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "member"], name="practices_coverage_once"),
        ]


class Escalation(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("escalation", "Escalated")
        HANDLING = "handling", pgettext_lazy("escalation", "Being handled")
        RESOLVED = "resolved", pgettext_lazy("escalation", "Resolved")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="escalations")
    client = models.ForeignKey(
        TeamClient,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalations",
        verbose_name=_("client"),
    )
    raised_by = models.ForeignKey(
        TeamMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("raised by"),
    )
    escalated_to = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("escalated to"),
    )
    title = models.CharField(_("client pressure"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    raised_on = models.DateField(_("escalated on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return self.title
