"""Action plan and steering of a mission (issue 7).

Plan part (``services_plan`` …): ``ActionPlan`` (one per mission, its lifecycle), ``Axis`` →
``Objective`` → ``Action`` with ``ActionDependency`` and ``ActionOrigin``, ``Milestone``,
``Body`` (governance) and ``Decision``.
Track part (``services_track`` …): ``Review``, ``Obstacle``, ``Indicator`` → ``Measurement``,
``ProgressUpdate`` and ``CalendarFeed``.

Every row reaches its workspace directly (``TenantModel``); a child always follows its
parent's workspace (the services and the factories set it from the parent).
See ``OWNERSHIP.md`` for who owns which part.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liant.core.models import TenantModel

# ---------------------------------------------------------------- plan: structure


class ActionPlan(TenantModel):
    """The action plan of a mission and its governance lifecycle.

    draft → submitted → validated. Who submitted and validated, and when, are kept on the
    plan (the audit log keeps every transition). Once validated, the structure of the plan
    (axes, objectives, actions' scope and dates) is locked; progress and status stay open.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VALIDATED = "validated", _("Validated")

    mission = models.OneToOneField(
        "missions.Mission",
        on_delete=models.CASCADE,
        related_name="action_plan",
        verbose_name=_("mission"),
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validating_body = models.ForeignKey(
        "Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("validated by (body)"),
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(status="submitted", submitted_at__isnull=False)
                | Q(status="validated", submitted_at__isnull=False, validated_at__isnull=False),
                name="steering_plan_lifecycle_dates",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_validated(self) -> bool:
        return self.status == self.Status.VALIDATED


class Axis(TenantModel):
    """A priority axis of the plan: taken from the mission's readout (``readout_axis``) or
    typed. Ordered by ``position``."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="axes")
    readout_axis = models.ForeignKey(
        "diagnostic.Axis",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_axes",
        verbose_name=_("readout axis"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "readout_axis"],
                condition=Q(readout_axis__isnull=False),
                name="steering_axis_one_per_readout_axis",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Objective(TenantModel):
    """A measurable objective of an axis: what will be true, by when."""

    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The measurable target, in words ("80 % of requests answered within 48 h") and, when it
    # is a number, as a value and a unit that an indicator can be compared with.
    target = models.CharField(_("measurable target"), max_length=300)
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_unit = models.CharField(_("unit"), max_length=40, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.title


class Milestone(TenantModel):
    """A dated checkpoint of the plan (jalon), shown on the timeline; reviews hang off it."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class Action(TenantModel):
    """What will be done, by whom, when — and (through its origins) why."""

    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        BLOCKED = "blocked", _("Blocked")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")
        CRITICAL = 4, _("Critical")

    CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)
    SCORE_RANGE = (1, 5)  # impact and effort of the prioritisation matrix

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(
        Objective,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("objective"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Actions are carried by members of the client organisation, who often have no account.
    owner = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
        verbose_name=_("owner"),
    )
    contributors = models.ManyToManyField(
        "orgs.Person",
        blank=True,
        related_name="contributed_actions",
        verbose_name=_("contributors"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.TODO
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    effort = models.PositiveSmallIntegerField(
        _("effort"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    milestone = models.ForeignKey(
        Milestone,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("milestone"),
    )
    depends_on = models.ManyToManyField(
        "self",
        through="ActionDependency",
        symmetrical=False,
        related_name="dependents",
        blank=True,
    )
    # A new action decided during a milestone review (track part).
    raised_in_review = models.ForeignKey(
        "Review",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="new_actions",
        verbose_name=_("raised in review"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["plan", "status"]),
            models.Index(fields=["plan", "due_date"]),
            models.Index(fields=["plan", "status", "due_date"], name="steering_action_board"),
            # The matrix's keyboard table and the tree page through a plan in its order.
            models.Index(fields=["plan", "position", "id"], name="steering_action_plan_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(due_date__gte=F("start_date")),
                name="steering_action_due_after_start",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="steering_action_progress_percent"
            ),
            models.CheckConstraint(
                condition=Q(impact__isnull=True) | Q(impact__gte=1, impact__lte=5),
                name="steering_action_impact_range",
            ),
            models.CheckConstraint(
                condition=Q(effort__isnull=True) | Q(effort__gte=1, effort__lte=5),
                name="steering_action_effort_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    def is_late(self, today: datetime.date) -> bool:
        return self.due_date is not None and self.due_date < today and not self.is_closed


class ActionDependency(TenantModel):
    """``action`` cannot finish before ``depends_on`` (finish-to-start). Cycles are refused
    by the service that adds a dependency."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="dependency_links")
    depends_on = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="dependent_links")

    class Meta:
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "depends_on"], name="steering_dependency_once"
            ),
            models.CheckConstraint(
                condition=~Q(action=F("depends_on")), name="steering_dependency_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id} ← {self.depends_on_id}"


class ActionOrigin(TenantModel):
    """Why an action exists, when the reason is not a workshop card or group.

    Workshop cards and groups are recorded by ``liant.workshops.models.Origin`` (the turn-into
    registry, target ``steering.action``); every other source — an interview theme, a survey
    result, a readout finding, a promise review gap, a vigilance point, an escalation or a
    consultation statement — is recorded here (``origin_sources`` says how each is found,
    linked back and who may read it). ``source`` may be any model; its words are copied in
    ``source_text`` so the origin still reads well once the source is gone; ``details`` keeps
    what links back (and a survey result's figure, a theme's quote, a review's comment).
    """

    class Kind(models.TextChoices):
        INTERVIEW_THEME = "interview_theme", _("Interview theme")
        SURVEY_RESULT = "survey_result", _("Survey result")
        READOUT_FINDING = "readout_finding", _("Readout finding")
        PROMISE_GAP = "promise_gap", _("Service promise review gap")
        VIGILANCE_POINT = "vigilance_point", _("Vigilance point")
        ESCALATION = "escalation", _("Escalation")
        CONSULTATION_STATEMENT = "consultation_statement", _("Consultation statement")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="origins")
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    source_text = models.CharField(_("source"), max_length=500)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    # What else the source needs to be found again (e.g. the wave of a survey result).
    details = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("origin")
        verbose_name_plural = _("origins")
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} › {self.source_text[:40]}"


# ---------------------------------------------------------------- plan: governance


class Body(TenantModel):
    """A governance body of the mission: steering committee, governance board…"""

    class Kind(models.TextChoices):
        STEERING_COMMITTEE = "steering_committee", _("Steering committee")
        GOVERNANCE = "governance", _("Governance")
        PROJECT_TEAM = "project_team", _("Project team")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.STEERING_COMMITTEE
    )
    description = models.TextField(_("role"), blank=True)
    members = models.ManyToManyField(
        "orgs.Person", blank=True, related_name="steering_bodies", verbose_name=_("members")
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")

    def __str__(self) -> str:
        return self.name


class Decision(TenantModel):
    """A dated governance decision: who decided what, about which actions."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="decisions")
    body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("body"),
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("decision"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    decided_by = models.CharField(_("decided by"), max_length=300, blank=True)
    actions = models.ManyToManyField(
        Action, blank=True, related_name="decisions", verbose_name=_("actions")
    )
    # A decision taken during a milestone review (track part).
    review = models.ForeignKey(
        "Review",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("review"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------- track: reviews, obstacles


class Review(TenantModel):
    """A milestone review (point d'étape): its agenda is generated from actions due, late or
    blocked and open obstacles; minutes, decisions and new actions are recorded in it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="reviews")
    milestone = models.ForeignKey(
        Milestone,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
        verbose_name=_("milestone"),
    )
    body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
        verbose_name=_("body"),
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    # The agenda as generated when the review was prepared (ids and words), kept as it was.
    agenda = models.JSONField(default=list, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("milestone review")
        verbose_name_plural = _("milestone reviews")

    def __str__(self) -> str:
        return self.title


class Obstacle(TenantModel):
    class Impact(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", pgettext_lazy("obstacle", "Resolved")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="obstacles")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    impact = models.CharField(
        _("impact"), max_length=10, choices=Impact.choices, default=Impact.MEDIUM
    )
    owner = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_obstacles",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    actions = models.ManyToManyField(
        Action, blank=True, related_name="obstacles", verbose_name=_("linked actions")
    )
    raised_in_review = models.ForeignKey(
        Review,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obstacles",
        verbose_name=_("raised in review"),
    )

    class Meta:
        ordering = ["status", "-created_at", "-id"]
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------- track: indicators


class Indicator(TenantModel):
    """What is tracked: its definition, and where its values come from.

    ``source`` says how measurements are obtained; each computed source has the parameters
    it needs: ``survey_question`` (its mean or share of favourable answers per wave),
    ``interview_campaign`` (share of the target interviewed), ``progress_axis`` or
    ``objective`` (mean progress of their actions; the whole plan when both are empty),
    ``params`` for the rest (e.g. the check-in source, whose app lands later).
    """

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")
        MAINTAIN = "maintain", _("Stay at target")

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        PER_WAVE = "per_wave", _("At each survey wave")
        AD_HOC = "ad_hoc", _("When needed")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        SURVEY_WAVE = "survey_wave", _("Survey waves")
        CHECKIN = "checkin", _("Check-ins")
        INTERVIEW_COVERAGE = "interview_coverage", _("Interview coverage")
        ACTION_PROGRESS = "action_progress", _("Action progress")

    class ValueType(models.TextChoices):
        NUMBER = "number", _("Number")
        INTEGER = "integer", _("Whole number")
        PERCENTAGE = "percentage", _("Percentage (0–100)")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="indicators")
    objective = models.ForeignKey(
        Objective,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        verbose_name=_("objective"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    value_type = models.CharField(
        _("type of value"), max_length=20, choices=ValueType.choices, default=ValueType.NUMBER
    )
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    source = models.CharField(
        _("source"), max_length=30, choices=Source.choices, default=Source.MANUAL
    )
    survey_question = models.ForeignKey(
        "diagnostic.SurveyQuestion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("survey question"),
    )
    interview_campaign = models.ForeignKey(
        "diagnostic.InterviewCampaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("interview campaign"),
    )
    progress_axis = models.ForeignKey(
        Axis,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("axis"),
    )
    params = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class Measurement(TenantModel):
    """A dated value of an indicator, typed by hand or computed from its source."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    # For computed values: what they were computed from (wave id, respondents…).
    computed_from = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"], name="steering_measurement_one_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.date} = {self.value}"


# ---------------------------------------------------------------- track: communication


class ProgressUpdate(TenantModel):
    """A progress note published to the read-only portal of the client's sponsor and the
    mission's staff. Drafts (``published_at`` empty) are seen by the consultants only."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="updates")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return self.title


class CalendarFeed(TenantModel):
    """A user's private iCal feed of a workspace. Only the SHA-256 of the token is stored
    (the token is shown once); a revoked feed answers 404 for ever."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.created_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
