"""Writes of consultations: set-up and moderation (facilitators, audited), joining, votes
and statements (participants, anonymous: no audit entry names them)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from . import similarity
from .models import (
    STATEMENT_MAX_LENGTH,
    Consultation,
    Invitation,
    Participant,
    Statement,
    Vote,
)

EDITABLE_FIELDS = (
    "title", "context", "question", "opens_at", "closes_at", "access", "language",
    "moderation", "participants_can_submit", "ask_unit", "roles",
)  # fmt: skip


class NotOpen(Exception):
    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


def _check(actor: Actor, consultation: Consultation) -> None:
    require_staff(actor)
    if consultation.workspace_id != actor.workspace_id:
        raise PermissionDenied


def state(consultation: Consultation, now=None) -> str:
    """ "upcoming", "open" or "closed"."""
    now = now or timezone.now()
    if now < consultation.opens_at:
        return "upcoming"
    return "open" if now < consultation.closes_at else "closed"


def require_open(consultation: Consultation) -> None:
    current = state(consultation)
    if current != "open":
        raise NotOpen(current)


# --- Facilitators ---------------------------------------------------------------------------


@transaction.atomic
def create_consultation(actor: Actor, mission, **values) -> Consultation:
    require_staff(actor)
    if mission.workspace_id != actor.workspace_id:
        raise PermissionDenied
    consultation = Consultation.objects.create(
        workspace_id=actor.workspace_id, mission=mission, **values
    )
    audit.record(actor, "consultation.create", consultation, consultation.title)
    return consultation


@transaction.atomic
def update_consultation(actor: Actor, consultation: Consultation, **values) -> Consultation:
    _check(actor, consultation)
    changes = audit.apply_changes(
        consultation, {k: v for k, v in values.items() if k in EDITABLE_FIELDS}
    )
    if changes:
        consultation.save()
        audit.record(actor, "consultation.update", consultation, changes=changes)
    return consultation


def _next_number(model, consultation: Consultation) -> int:
    top = model.objects.filter(consultation=consultation).aggregate(n=Max("number"))["n"]
    return 0 if top is None else top + 1


def clean_text(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(_("Write a statement first."), code="empty")
    if len(text) > STATEMENT_MAX_LENGTH:
        raise ValidationError(
            _("A statement has at most %(max)d characters (this one has %(n)d)."),
            code="too_long",
            params={"max": STATEMENT_MAX_LENGTH, "n": len(text)},
        )
    return text


def _create_statement(consultation: Consultation, **values) -> Statement:
    """A statement with the next number (retried if two are written at the same time)."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                return Statement.objects.create(
                    workspace_id=consultation.workspace_id,
                    consultation=consultation,
                    number=_next_number(Statement, consultation),
                    **values,
                )
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError  # unreachable


@transaction.atomic
def add_seed_statement(actor: Actor, consultation: Consultation, text: str) -> Statement:
    _check(actor, consultation)
    statement = _create_statement(
        consultation,
        text=clean_text(text),
        is_seed=True,
        status=Statement.Status.ACCEPTED,
        moderated_at=timezone.now(),
    )
    audit.record(actor, "consultation.seed", statement, statement.text)
    return statement


@transaction.atomic
def moderate(
    actor: Actor, statement: Statement, *, accept: bool, reason: str = "", note: str = ""
) -> Statement:
    """Publish or reject a statement; a rejection needs a reason. Rejecting a published
    statement (post-moderation) takes it out of the votes shown and of the map."""
    _check(actor, statement.consultation)
    if not accept and reason not in Statement.Reason.values:
        raise ValidationError(_("Choose the reason of the rejection."), code="reason")
    statement.status = Statement.Status.ACCEPTED if accept else Statement.Status.REJECTED
    statement.reason = "" if accept else reason
    statement.reason_note = "" if accept else (note or "").strip()[:300]
    statement.moderated_at = timezone.now()
    statement.save(update_fields=["status", "reason", "reason_note", "moderated_at", "updated_at"])
    action = "consultation.accept" if accept else "consultation.reject"
    audit.record(actor, action, statement, statement.text, {"reason": statement.reason})
    return statement


@transaction.atomic
def invite(actor: Actor, consultation: Consultation, people) -> list[Invitation]:
    """Personal links for these people (of the mission's organisation); existing ones are
    kept, revoked ones are reactivated."""
    _check(actor, consultation)
    made = []
    for person in people:
        if person.organization_id != consultation.mission.organization_id:
            raise PermissionDenied
        invitation, created = Invitation.objects.get_or_create(
            consultation=consultation,
            person=person,
            defaults={"workspace_id": consultation.workspace_id},
        )
        if invitation.revoked_at is not None:
            invitation.revoked_at = None
            invitation.save(update_fields=["revoked_at", "updated_at"])
        made.append(invitation)
    if made:
        audit.record(actor, "consultation.invite", consultation, changes={"people": len(made)})
    return made


@transaction.atomic
def revoke_invitation(actor: Actor, invitation: Invitation) -> None:
    _check(actor, invitation.consultation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit.record(actor, "consultation.revoke", invitation.consultation, "invitation")


# --- Participants (anonymous) ---------------------------------------------------------------


def new_participant(consultation: Consultation) -> Participant:
    for attempt in range(5):
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    workspace_id=consultation.workspace_id,
                    consultation=consultation,
                    number=_next_number(Participant, consultation),
                )
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError  # unreachable


def join(consultation: Consultation, key=None) -> Participant:
    """The participant behind a cookie key, or a new one (public link only)."""
    if key:
        participant = consultation.participants.filter(key=key).first()
        if participant is not None:
            return participant
    if consultation.access != Consultation.Access.LINK:
        raise PermissionDenied
    return new_participant(consultation)


@transaction.atomic
def join_by_invitation(invitation: Invitation) -> Participant:
    if invitation.revoked_at is not None:
        raise PermissionDenied
    if invitation.participant_id is None:
        invitation.participant = new_participant(invitation.consultation)
        if invitation.person.unit_id:
            # The unit is known from the invitation: the participant is not asked again.
            invitation.participant.unit_id = invitation.person.unit_id
            invitation.participant.save(update_fields=["unit", "updated_at"])
        invitation.save(update_fields=["participant", "updated_at"])
    return invitation.participant


def save_profile(participant: Participant, *, unit=None, role: str = "") -> Participant:
    """The demographic questions, answered once (both are optional for the participant)."""
    consultation = participant.consultation
    if participant.profile_done:
        return participant
    if unit is not None:
        if unit.organization_id != consultation.mission.organization_id:
            raise PermissionDenied
        participant.unit = unit
    if role and role not in consultation.roles:
        raise ValidationError(_("Choose one of the roles offered."), code="role")
    participant.role = role
    participant.profile_done = True
    participant.save(update_fields=["unit", "role", "profile_done", "updated_at"])
    return participant


def cast_vote(participant: Participant, statement: Statement, value: int) -> Vote:
    """Record a vote; voting again on the same statement replaces the earlier vote."""
    consultation = participant.consultation
    require_open(consultation)
    if value not in (Vote.AGREE, Vote.DISAGREE, Vote.PASS):
        raise ValidationError(_("Choose agree, disagree or pass."), code="value")
    if statement.consultation_id != consultation.pk or statement.status != (
        Statement.Status.ACCEPTED
    ):
        raise PermissionDenied
    vote, _created = Vote.objects.update_or_create(
        participant=participant,
        statement=statement,
        defaults={
            "value": value,
            "consultation": consultation,
            "workspace_id": consultation.workspace_id,
        },
    )
    from .opinion_map import request_recompute  # the map module imports these services

    transaction.on_commit(lambda: request_recompute(consultation.pk))
    return vote


@dataclass(frozen=True)
class Similar:
    """A submission held back: these published statements look alike."""

    statements: list[Statement]


def submit_statement(
    participant: Participant, text: str, *, confirmed: bool = False
) -> Statement | Similar:
    """A participant's statement. Unless ``confirmed``, near-duplicates of published
    statements are returned first so the participant can vote on them instead."""
    consultation = participant.consultation
    require_open(consultation)
    if not consultation.participants_can_submit:
        raise PermissionDenied
    text = clean_text(text)
    published = list(
        consultation.statements.exclude(status=Statement.Status.REJECTED).only("id", "text")
    )
    matches = similarity.near_duplicates(text, published, language=consultation.language)
    if matches and not confirmed:
        return Similar(matches)
    pre = consultation.moderation == Consultation.Moderation.PRE
    return _create_statement(
        consultation,
        text=text,
        author=participant,
        status=Statement.Status.PENDING if pre else Statement.Status.ACCEPTED,
        similar_to=matches[0] if matches else None,
    )
