"""Diagnostic & immersion (issue 5): interview campaigns, coding, surveys and the readout.

Every row is a ``TenantModel`` that reaches its workspace directly; its parent always belongs
to the same workspace (services check it, the isolation matrix proves it).

Survey anonymity is a property of the schema: a ``SurveyToken`` only says that someone of a
unit has answered; a ``Response`` carries neither token, nor person, nor user, nor an
exact time, nor an ordered primary key (see ``tests/test_models.py``).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liant.core.models import TenantModel

# Survey results are shown only for groups of at least this many respondents (DESIGN.md §4).
K_ANONYMITY = 5
NOTE_MAX_LENGTH = 50_000
ANSWER_TEXT_MAX_LENGTH = 5_000
OPTION_MAX_LENGTH = 200
MAX_OPTIONS = 30
LIKERT_MIN, LIKERT_MAX = 1, 5
SCALE_MIN, SCALE_MAX = 0, 10

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, for example #2f6f8f.")
)


def validate_labels(value) -> None:
    """A JSON list of distinct, non-empty short labels (choice options, matrix rows…)."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Give a list of labels."), code="labels")
    cleaned = [item.strip() for item in value]
    if any(not item for item in cleaned):
        raise ValidationError(_("A label cannot be empty."), code="empty_label")
    if any(len(item) > OPTION_MAX_LENGTH for item in cleaned):
        raise ValidationError(
            _("A label is limited to %(max)d characters."),
            code="label_length",
            params={"max": OPTION_MAX_LENGTH},
        )
    if len(cleaned) > MAX_OPTIONS:
        raise ValidationError(
            _("At most %(max)d labels."), code="too_many", params={"max": MAX_OPTIONS}
        )
    if len({item.casefold() for item in cleaned}) != len(cleaned):
        raise ValidationError(_("Each label must be different."), code="duplicate_label")


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def hash_token(raw: str) -> str:
    """The only form in which a survey token is stored: its SHA-256, in hexadecimal."""
    return hashlib.sha256(raw.encode()).hexdigest()


# --- Interview campaigns


class InterviewCampaign(TenantModel):
    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        RUNNING = "running", _("Interviews in progress")
        CLOSED = "closed", _("Closed")

    mission = models.ForeignKey(
        "missions.Mission",
        on_delete=models.CASCADE,
        related_name="interview_campaigns",
        verbose_name=_("mission"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREPARING
    )
    target_coverage = models.PositiveSmallIntegerField(
        _("target coverage (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of the target population to interview."),
    )
    target_units = models.ManyToManyField(
        "orgs.Unit",
        blank=True,
        related_name="+",
        verbose_name=_("target units"),
        help_text=_("Leave empty to target the units of the mission's scope."),
    )
    target_people = models.ManyToManyField(
        "orgs.Person",
        blank=True,
        related_name="+",
        verbose_name=_("target people"),
        help_text=_("People to interview in particular, besides the target units."),
    )
    partners = models.ManyToManyField(
        "orgs.Person",
        blank=True,
        related_name="+",
        verbose_name=_("internal partners"),
        help_text=_("People outside the target (internal clients, suppliers), counted apart."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("interview campaign")
        verbose_name_plural = _("interview campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_coverage__gte=1, target_coverage__lte=100),
                name="diagnostic_campaign_coverage_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class GuideSection(TenantModel):
    campaign = models.ForeignKey(
        InterviewCampaign, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("guide section")
        verbose_name_plural = _("guide sections")

    def __str__(self) -> str:
        return self.title


class GuideQuestion(TenantModel):
    section = models.ForeignKey(GuideSection, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    prompts = models.TextField(
        _("follow-up prompts"), blank=True, help_text=_("One prompt per line.")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("guide question")
        verbose_name_plural = _("guide questions")

    def __str__(self) -> str:
        return self.text

    @property
    def prompt_list(self) -> list[str]:
        return [line.strip() for line in self.prompts.splitlines() if line.strip()]


class Interview(TenantModel):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        COLLECTIVE = "collective", _("Collective")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")
        REFUSED = "refused", _("Refused")

    campaign = models.ForeignKey(
        InterviewCampaign, on_delete=models.CASCADE, related_name="interviews"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL)
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("For a collective interview.")
    )
    people = models.ManyToManyField(
        "orgs.Person", blank=True, related_name="interviews", verbose_name=_("people interviewed")
    )
    scheduled_at = models.DateTimeField(_("scheduled at"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[MinValueValidator(5)]
    )
    place = models.CharField(_("place or video link"), max_length=300, blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("interviewer"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = [models.F("scheduled_at").asc(nulls_last=True), "id"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["interviewer", "scheduled_at"]),
        ]

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"


class Note(TenantModel):
    """What was said to one guide question in one interview (``question`` empty: free notes).

    ``version`` grows by one at every save: an autosave sends the version it started from and
    is refused when another one was saved meanwhile (nothing is overwritten silently).
    """

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="notes")
    question = models.ForeignKey(
        GuideQuestion, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["interview", "question__section__position", "question__position", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "question"], name="diagnostic_note_one_per_question"
            ),
            models.UniqueConstraint(
                fields=["interview"],
                condition=Q(question__isnull=True),
                name="diagnostic_note_one_free_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interview} · {self.question or '—'}"


# --- Coding


class Theme(TenantModel):
    """A node of a campaign's hierarchical codebook."""

    campaign = models.ForeignKey(InterviewCampaign, on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent theme"),
    )
    name = models.CharField(_("name"), max_length=120)
    colour = models.CharField(
        _("colour"), max_length=7, default="#2f6f8f", validators=[colour_validator]
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name", "id"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "parent", "name"], name="diagnostic_theme_unique_name"
            ),
            models.UniqueConstraint(
                fields=["campaign", "name"],
                condition=Q(parent__isnull=True),
                name="diagnostic_theme_unique_root_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CodedSegment(TenantModel):
    """A passage ``note.text[start:end]`` tagged with themes; ``text`` keeps the quote."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="segments")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(_("excerpt"))
    themes = models.ManyToManyField(Theme, related_name="segments", verbose_name=_("themes"))
    quotable = models.BooleanField(
        _("quotable anonymously"),
        default=False,
        help_text=_("May be quoted, without its author, in the readout."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["note", "start", "id"]
        verbose_name = _("coded excerpt")
        verbose_name_plural = _("coded excerpts")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="diagnostic_segment_range"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


# --- Surveys


class Survey(TenantModel):
    mission = models.ForeignKey(
        "missions.Mission",
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("mission"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown to respondents before the questions.")
    )
    template_key = models.SlugField(_("template"), max_length=60, blank=True)
    # Breakdown attributes offered to respondents (each may stay unanswered).
    ask_unit = models.BooleanField(_("ask for the unit"), default=True)
    roles = models.JSONField(
        _("roles offered"), default=list, blank=True, validators=[validate_labels]
    )
    seniority_bands = models.JSONField(
        _("seniority bands offered"), default=list, blank=True, validators=[validate_labels]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title


class SurveySection(TenantModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("survey section")
        verbose_name_plural = _("survey sections")

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(TenantModel):
    """One question. Answers store option and row *indexes*: once a wave has responses,
    options and rows may be renamed but not reordered or removed."""

    class Kind(models.TextChoices):
        LIKERT = "likert", _("Agreement scale 1–5")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale 0–10")
        TEXT = "text", _("Free text")
        MATRIX = "matrix", _("Matrix (rows rated 1–5)")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        SurveySection,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("section"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LIKERT)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    options = models.JSONField(_("options"), default=list, blank=True, validators=[validate_labels])
    rows = models.JSONField(
        _("matrix rows"), default=list, blank=True, validators=[validate_labels]
    )
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        indexes = [models.Index(fields=["survey", "position"])]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if self.kind in self.CHOICE_KINDS and len(self.options or []) < 2:
            raise ValidationError({"options": _("Give at least two options.")})
        if self.kind not in self.CHOICE_KINDS and self.options:
            raise ValidationError({"options": _("Only choice questions have options.")})
        if self.kind == self.Kind.MATRIX and not self.rows:
            raise ValidationError({"rows": _("Give at least one row.")})
        if self.kind != self.Kind.MATRIX and self.rows:
            raise ValidationError({"rows": _("Only matrix questions have rows.")})
        if self.section_id and self.section.survey_id != self.survey_id:
            raise ValidationError({"section": _("This section belongs to another survey.")})


class Wave(TenantModel):
    """One run of a survey's questionnaire; waves of a survey are compared over time."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not open yet")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Distribution(models.TextChoices):
        LINK = "link", _("One anonymous link")
        TOKENS = "tokens", _("Personal invitations (tokens)")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    distribution = models.CharField(
        _("distribution"), max_length=20, choices=Distribution.choices, default=Distribution.LINK
    )
    # The anonymous link is /s/<secret>/ (used only when distribution is "link").
    secret = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    # Raised in the transaction of every change of the wave's answer tallies (a response
    # stored or deleted, a question added, a recount: see ``tallies``): the cached results
    # are keyed by it, so the first read after any such change computes them afresh.
    tallies_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="diagnostic_wave_number"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="diagnostic_wave_dates",
            ),
        ]

    def save(self, *args, **kwargs):
        """An update never writes back the ``tallies_version`` it read: a response may have
        raised it since (only ``tallies`` changes it, in SQL)."""
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None:
                fields = [f.name for f in self._meta.concrete_fields if not f.primary_key]
            kwargs["update_fields"] = [name for name in fields if name != "tallies_version"]
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.survey} · {self.number}"


class SurveyToken(TenantModel):
    """A personal invitation to a wave. Only the hash of the token is stored, and nothing
    links a token to the response it allowed: ``used_at`` (truncated to the day by the
    services) and ``unit`` give per-unit response rates, nothing more."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="tokens")
    person = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit at send time"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["wave", "id"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "person"], name="diagnostic_token_one_per_person"
            )
        ]
        indexes = [models.Index(fields=["wave", "unit", "used_at"])]


class Response(TenantModel):
    """One anonymous submission. No token, person, user or exact time; a random primary key
    so that the order of rows says nothing about the order of submissions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = None  # exact timestamps would correlate with the tokens' ``used_at``
    updated_at = None
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField(_("submitted on"))
    unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=OPTION_MAX_LENGTH, blank=True)
    seniority = models.CharField(_("seniority"), max_length=OPTION_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["wave", "unit"])]


class Answer(TenantModel):
    """One answer: ``value`` for likert (1–5) and scale (0–10); ``choices`` = option indexes;
    ``matrix`` = {row index: 1–5}; ``text`` for free text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = None
    updated_at = None
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    matrix = models.JSONField(default=dict, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="diagnostic_answer_once"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=SCALE_MIN, value__lte=SCALE_MAX),
                name="diagnostic_answer_value_range",
            ),
        ]
        indexes = [models.Index(fields=["question", "value"])]


class AnswerTally(TenantModel):
    """How many answers of a wave fall in one *slot* of one question, per breakdown node:
    the survey results read these few rows instead of every answer (``tallies.py`` keeps
    them exact: written with each response, in its transaction, and recounted on demand).

    ``breakdown`` 0 = unit (``node`` its pk), 1 = role, 2 = seniority (``node`` the label),
    ``""`` when the respondent did not say; 3 = the respondents who left the question
    unanswered, per combination of the three (``node`` a JSON triple). ``slot`` is ``n``
    (answers), a value or option index (``3``), or a matrix row and rating (``r1:4``).
    No timestamps and a random key, like ``Response``: a row says nothing about when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = None
    updated_at = None
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="+")
    breakdown = models.PositiveSmallIntegerField()
    node = models.CharField(max_length=1000, blank=True)  # a JSON triple of two labels at most
    slot = models.CharField(max_length=12)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "question", "breakdown", "node", "slot"],
                name="diagnostic_tally_once",
            )
        ]


# --- Readout


class Readout(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    mission = models.OneToOneField(
        "missions.Mission",
        on_delete=models.CASCADE,
        related_name="readout",
        verbose_name=_("mission"),
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("readout")
        verbose_name_plural = _("readouts")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="diagnostic_readout_published_at",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Axis(TenantModel):
    """A priority axis of the readout, co-built with the client: its findings, strengths,
    potential and conditions of success (``findings``, by ``Finding.kind``), each supported by
    ``Evidence``. Ordered by ``position`` (dense, 0…n−1, kept by ``services_readout``); a new
    readout starts with the four default kinds. The axes are meant to become the roots of the
    mission's action plan (issue 7): refer to them by primary key, never by title."""

    class Kind(models.TextChoices):
        OPERATIONAL = "operational", _("Operational")
        TOOLS = "tools", _("Tools")
        ORGANISATION = "organisation", _("Work organisation")
        HR = "hr", _("Human resources")
        OTHER = "other", _("Other")

    readout = models.ForeignKey(Readout, on_delete=models.CASCADE, related_name="axes")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("priority axis")
        verbose_name_plural = _("priority axes")

    def __str__(self) -> str:
        return self.title


class Finding(TenantModel):
    class Kind(models.TextChoices):
        FINDING = "finding", _("Finding")
        STRENGTH = "strength", _("Strength")
        POTENTIAL = "potential", _("Potential")
        CONDITION = "condition", _("Condition of success")

    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FINDING)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:60]


class Evidence(TenantModel):
    """What supports a finding: exactly one of a coded excerpt, a theme (its counts are
    computed when shown) or a survey question in one wave."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    segment = models.ForeignKey(
        CodedSegment, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    question = models.ForeignKey(
        SurveyQuestion, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    wave = models.ForeignKey(
        Wave, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        segment__isnull=False,
                        theme__isnull=True,
                        question__isnull=True,
                        wave__isnull=True,
                    )
                    | Q(
                        segment__isnull=True,
                        theme__isnull=False,
                        question__isnull=True,
                        wave__isnull=True,
                    )
                    | Q(
                        segment__isnull=True,
                        theme__isnull=True,
                        question__isnull=False,
                        wave__isnull=False,
                    )
                ),
                name="diagnostic_evidence_one_target",
            )
        ]

    @property
    def kind(self) -> str:
        if self.segment_id:
            return "segment"
        return "theme" if self.theme_id else "question"
