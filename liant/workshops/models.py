"""Workshops and their live boards.

A board's history is an append-only list of ``BoardEvent`` rows numbered by the board's
``seq``: clients replay it after a reconnection. Card authors are kept here only to let a
participant edit their own cards; they never leave the server (see ``liant.live.views``).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from liant.core.models import TenantModel

# No 0/O or 1/I/L: a code read from the back of a room must not be ambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CARD_MAX_LENGTH = 500


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Workshop(TenantModel):
    organization = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
        verbose_name=_("organisation"),
    )
    mission = models.ForeignKey(
        "missions.Mission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
        verbose_name=_("mission"),
    )
    title = models.CharField(_("title"), max_length=200)
    # Preparation (agenda): the mission's phase and the people expected, if known.
    phase = models.ForeignKey(
        "missions.Phase",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
        verbose_name=_("phase"),
    )
    expected_people = models.ManyToManyField(
        "orgs.Person", blank=True, related_name="workshops", verbose_name=_("expected people")
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place or video link"), max_length=300, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    expected_headcount = models.PositiveIntegerField(
        _("expected participants"), null=True, blank=True
    )
    code = models.CharField(_("join code"), max_length=CODE_LENGTH, unique=True, default=new_code)
    signed_cards = models.BooleanField(
        _("signed cards"),
        default=False,
        help_text=_(
            "Show the pseudonym of the author on each card. Cards are anonymous otherwise."
        ),
    )
    everyone_can_group = models.BooleanField(
        _("everyone can group cards"),
        default=False,
        help_text=_("Otherwise only the facilitators move cards and clusters."),
    )
    dots_per_participant = models.PositiveSmallIntegerField(_("dots per participant"), default=3)
    several_dots_per_item = models.BooleanField(_("several dots on the same item"), default=False)
    invited_only = models.BooleanField(
        _("invited people only"),
        default=False,
        help_text=_("Only the people invited, each by their personal link, can join."),
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self) -> str:
        return self.title


class Participant(TenantModel):
    """Someone in the room, usually without an account: identified by a cookie key."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pseudonym = models.CharField(_("pseudonym"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.pseudonym or f"#{self.pk}"


class Board(TenantModel):
    class Stage(models.TextChoices):
        WRITE = "write", _("Write")
        GROUP = "group", _("Group")
        VOTE = "vote", _("Vote")
        DISCUSS = "discuss", _("Discuss")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="boards")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(default=0)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.WRITE)
    hidden_until_reveal = models.BooleanField(
        _("hidden until reveal"),
        default=True,
        help_text=_("Each participant sees only their own cards until you reveal them."),
    )
    revealed = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    results_shown = models.BooleanField(default=False)
    seq = models.PositiveBigIntegerField(default=0)  # the last event's number
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    timer_remaining = models.PositiveIntegerField(null=True, blank=True)  # seconds, when paused
    # A canvas board: its zones are its columns, placed on a grid of ``grid_columns``.
    canvas = models.ForeignKey(
        "Canvas", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    grid_columns = models.PositiveSmallIntegerField(null=True, blank=True)
    # The boards of one canvas, one per small group, share a series: the plenary view.
    series = models.UUIDField(null=True, blank=True, db_index=True)
    group_number = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self) -> str:
        return self.title

    @property
    def cards_hidden(self) -> bool:
        return self.hidden_until_reveal and not self.revealed

    @property
    def is_canvas(self) -> bool:
        """Laid out on a canvas: cards and groups stay in their zone."""
        return self.grid_columns is not None


class Column(TenantModel):
    """A prompt of a board; on a canvas board, a zone (with its prompt and its grid area)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="columns")
    title = models.CharField(_("prompt"), max_length=200)
    position = models.PositiveIntegerField(default=0)
    prompt = models.CharField(max_length=300, blank=True)
    zone_key = models.CharField(max_length=60, blank=True)
    grid = models.JSONField(null=True, blank=True)  # {"col", "row", "width", "height"}

    class Meta:
        ordering = ["position", "id"]


class Cluster(TenantModel):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="clusters")
    column = models.ForeignKey(Column, null=True, blank=True, on_delete=models.SET_NULL)
    title = models.CharField(_("title"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class Card(TenantModel):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="cards")
    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="cards")
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards"
    )
    author = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="cards")
    text = models.TextField(max_length=CARD_MAX_LENGTH)
    hidden = models.BooleanField(default=False)  # hidden by a moderator
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class Vote(TenantModel):
    """One dot: on a card or on a cluster."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.CASCADE)
    cluster = models.ForeignKey(Cluster, null=True, blank=True, on_delete=models.CASCADE)


class BoardEvent(models.Model):
    """One applied command. ``payload`` may name the author; projections strip it."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    command_id = models.UUIDField()
    kind = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["board", "seq"], name="unique_event_seq"),
            models.UniqueConstraint(fields=["board", "command_id"], name="unique_event_command"),
        ]

    def __str__(self) -> str:
        return f"{self.board_id}#{self.seq} {self.kind}"


# --- Preparation: the method library and the agenda -----------------------------------------


class GroupFormat(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    SMALL_GROUPS = "small_groups", _("Small groups")
    PAIRS = "pairs", _("Pairs")
    INDIVIDUAL = "individual", _("Individual")


class LibraryEntry:
    """A library row: built in (no workspace, shared read-only) or a workspace's own; its
    texts are {"fr": …, "en": …} (a workspace's own: its language only)."""

    @property
    def is_builtin(self) -> bool:
        return self.workspace_id is None

    def text(self, field: str, language: str | None = None):
        from liant.missions.models import localized

        return localized(getattr(self, field), language)

    @property
    def display_name(self) -> str:
        return self.text("name")


class Method(LibraryEntry, models.Model):
    """A facilitation method: built in (no workspace, shared read-only, synced from
    ``data/methods.json`` by ``liant.workshops.methods``) or a workspace's own.

    Texts are {"fr": …, "en": …}; lists (steps, materials, tips, board prompts) are
    {"fr": [..], "en": [..]}. A workspace's method is written in one language (``language``)
    and stores its texts under that key only.
    """

    workspace = models.ForeignKey(
        "core.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.SlugField(max_length=60, blank=True)
    language = models.CharField(max_length=2, blank=True)
    name = models.JSONField(default=dict)
    purpose = models.JSONField(default=dict)
    steps = models.JSONField(default=dict)
    timing = models.JSONField(default=dict)
    group_size = models.JSONField(default=dict)
    materials = models.JSONField(default=dict)
    tips = models.JSONField(default=dict)
    board_prompts = models.JSONField(default=dict)
    duration_minutes = models.PositiveIntegerField(default=30)
    group_format = models.CharField(
        max_length=20, choices=GroupFormat.choices, default=GroupFormat.PLENARY
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(workspace__isnull=True),
                name="unique_builtin_method_key",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_purpose(self) -> str:
        return self.text("purpose")

    def texts(self, language: str | None = None) -> dict:
        """Every text of the method in one language (a workspace method: its own)."""
        language = language or self.language or None
        fields = ("name", "purpose", "timing", "group_size", "steps", "materials", "tips")
        return {field: self.text(field, language) for field in fields} | {
            "board_prompts": self.prompts(language)
        }

    def prompts(self, language: str | None = None) -> list[str]:
        return list(self.text("board_prompts", language) or [])


class Canvas(LibraryEntry, models.Model):
    """A board layout: built in (no workspace, synced from ``data/canvases.json`` by
    ``liant.workshops.canvases``) or a workspace's own, written in one ``language``.

    ``name`` and ``description`` are {"fr": …, "en": …}; ``zones`` is the checked list of
    zones (key, title and prompt per language, col, row, width, height)."""

    workspace = models.ForeignKey(
        "core.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.SlugField(max_length=60, blank=True)
    language = models.CharField(max_length=2, blank=True)
    name = models.JSONField(default=dict)
    description = models.JSONField(default=dict)
    columns = models.PositiveSmallIntegerField(default=2)
    zones = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(workspace__isnull=True),
                name="unique_builtin_canvas_key",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_description(self) -> str:
        return self.text("description")

    @property
    def rows(self) -> int:
        return max((z["row"] + z["height"] - 1 for z in self.zones), default=1)


class Activity(TenantModel):
    """One step of a workshop's agenda, in ``position`` order."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    method = models.ForeignKey(
        Method,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("method"),
    )
    instructions = models.TextField(_("instructions"), blank=True)
    group_format = models.CharField(
        _("group format"),
        max_length=20,
        choices=GroupFormat.choices,
        default=GroupFormat.PLENARY,
    )
    board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title


# --- Open Space (forum ouvert): a marketplace of sessions placed in a rooms × time slots grid.
# Each scheduled session gets its own notes board. The proposer is kept only to let them edit
# or withdraw their proposal; it never leaves the server.

SESSION_TITLE_MAX_LENGTH = 120
SESSION_DESCRIPTION_MAX_LENGTH = 500


class OpenSpace(TenantModel):
    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="open_space")
    theme = models.CharField(_("theme"), max_length=300)
    proposals_open = models.BooleanField(_("participants may propose sessions"), default=True)
    self_scheduling = models.BooleanField(
        _("proposers may place their own session in a free cell"), default=False
    )

    class Meta:
        verbose_name = _("Open Space")
        verbose_name_plural = _("Open Spaces")

    def __str__(self) -> str:
        return self.theme


class OpenSpaceRoom(TenantModel):
    open_space = models.ForeignKey(OpenSpace, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=80)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return self.name


class OpenSpaceSlot(TenantModel):
    open_space = models.ForeignKey(OpenSpace, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="openspace_slot_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class OpenSpaceSession(TenantModel):
    open_space = models.ForeignKey(OpenSpace, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=SESSION_TITLE_MAX_LENGTH)
    description = models.TextField(
        _("description"), max_length=SESSION_DESCRIPTION_MAX_LENGTH, blank=True
    )
    convener = models.CharField(_("convener"), max_length=120, blank=True)
    proposer = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    room = models.ForeignKey(
        OpenSpaceRoom, null=True, blank=True, on_delete=models.RESTRICT, related_name="sessions"
    )
    slot = models.ForeignKey(
        OpenSpaceSlot, null=True, blank=True, on_delete=models.RESTRICT, related_name="sessions"
    )
    board = models.OneToOneField(
        Board, null=True, blank=True, on_delete=models.SET_NULL, related_name="open_space_session"
    )
    hidden = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            # One session per cell, even when two people place at the same moment.
            models.UniqueConstraint(fields=["room", "slot"], name="openspace_one_session_per_cell"),
            models.CheckConstraint(
                condition=models.Q(room__isnull=True, slot__isnull=True)
                | models.Q(room__isnull=False, slot__isnull=False),
                name="openspace_cell_has_room_and_slot",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scheduled(self) -> bool:
        return self.slot_id is not None


class OpenSpaceChoice(TenantModel):
    """A participant attends one session per time slot (the law of two feet moves them)."""

    session = models.ForeignKey(OpenSpaceSession, on_delete=models.CASCADE, related_name="choices")
    slot = models.ForeignKey(OpenSpaceSlot, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "slot"], name="openspace_one_choice_per_slot"
            )
        ]


# --- World Café (liant/workshops/worldcafe.py): tables with a host, rounds, a rotation plan.


class WorldCafe(TenantModel):
    """A World Café run during a workshop. ``current_round`` is 0 before the first round;
    ``ended_at`` is set when the facilitator closes it."""

    MAX_ROUNDS = 8

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="world_cafe")
    questions = models.JSONField(_("questions"), default=list)  # one per round, or one for all
    rounds = models.PositiveSmallIntegerField(_("rounds"), default=3)
    round_minutes = models.PositiveSmallIntegerField(_("minutes per round"), default=20)
    current_round = models.PositiveSmallIntegerField(default=0)
    round_started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    planned_at = models.DateTimeField(null=True, blank=True)
    seed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("World Café")
        verbose_name_plural = _("World Cafés")

    def __str__(self) -> str:
        return f"{self.workshop} › World Café"

    def question(self, number: int) -> str:
        """The question of round ``number`` (1-based)."""
        if not self.questions:
            return ""
        return self.questions[min(number, len(self.questions)) - 1]

    @property
    def running(self) -> bool:
        return self.current_round > 0 and self.ended_at is None


class CafeTable(TenantModel):
    cafe = models.ForeignKey(WorldCafe, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)
    board = models.OneToOneField(Board, on_delete=models.RESTRICT, related_name="cafe_table")
    host = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_tables",
        verbose_name=_("host (participant)"),
    )
    host_name = models.CharField(_("host (name)"), max_length=80, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")

    def __str__(self) -> str:
        return self.name


class CafeSeat(TenantModel):
    """Where a participant sits in one round of the plan."""

    cafe = models.ForeignKey(WorldCafe, on_delete=models.CASCADE, related_name="seats")
    round = models.PositiveSmallIntegerField()
    table = models.ForeignKey(CafeTable, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="cafe_seats"
    )

    class Meta:
        ordering = ["round", "table__position", "participant_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cafe", "round", "participant"], name="unique_cafe_seat"
            )
        ]


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class WorkshopInvitation(TenantModel):
    """A person of the organisation invited to a workshop, with a personal join link.

    The link's token is the capability. The participant it created is kept so that the same
    link brings the same participant back on any device; it is never shown next to a card.
    """

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "orgs.Person", on_delete=models.CASCADE, related_name="workshop_invitations"
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    participant = models.OneToOneField(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "person"], name="unique_workshop_invitee")
        ]

    def __str__(self) -> str:
        return f"{self.workshop} · {self.person}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def photo_path(photo: WorkshopPhoto, filename: str) -> str:
    return f"workshop-photos/{photo.workspace_id}/{uuid.uuid4().hex}.{photo.extension}"


def thumbnail_path(photo: WorkshopPhoto, filename: str) -> str:
    return f"workshop-photos/{photo.workspace_id}/{uuid.uuid4().hex}-thumb.jpg"


class WorkshopPhoto(TenantModel):
    """A photo for the minutes (a graphic recording, a flip chart). Stored under the media
    root and served only to the workspace's staff, never through a public URL."""

    EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_path, max_length=200)
    thumbnail = models.FileField(upload_to=thumbnail_path, max_length=200)
    image_format = models.CharField(max_length=10)  # JPEG, PNG or WEBP, read from the content
    original_name = models.CharField(max_length=200)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.original_name

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.image_format, "bin")

    @property
    def content_type(self) -> str:
        return f"image/{self.image_format.lower()}"


class Origin(TenantModel):
    """Where an object came from: the card or the cluster of a workshop it was turned from.

    ``target`` is any model (a checklist item, a board prompt, later an action or a team
    rule). The source's text is copied, so the origin still reads well once the card is gone.
    """

    class SourceKind(models.TextChoices):
        CARD = "card", _("card")
        CLUSTER = "cluster", _("group")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="origins")
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.SET_NULL)
    card = models.ForeignKey(
        Card, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices)
    source_text = models.CharField(max_length=500)
    target_kind = models.CharField(max_length=60)  # the key of the registered target
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.workshop} › {self.source_text[:40]}"
