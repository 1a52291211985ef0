"""Reads of consultations, always within the actor's workspace (sponsors: their
organisation's missions only, read-only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from liant.core.tenancy import Actor, scoped
from liant.missions.selectors import get_mission

from .models import Consultation, Invitation, Participant, Statement, Vote


def get_consultation_mission(actor: Actor, mission_pk: int):
    return get_mission(actor, mission_pk)


def consultation_list(actor: Actor, mission):
    return (
        scoped(Consultation.objects.filter(mission=mission), actor)
        .annotate(
            participant_count=Count("participants", distinct=True),
            statement_count=Count(
                "statements", filter=Q(statements__status="accepted"), distinct=True
            ),
        )
        .order_by("-opens_at", "-id")
    )


def get_consultation(actor: Actor, mission, pk: int) -> Consultation:
    return get_object_or_404(
        scoped(Consultation.objects.select_related("mission__organization"), actor),
        mission=mission,
        pk=pk,
    )


def get_statement(consultation: Consultation, pk: int) -> Statement:
    return get_object_or_404(consultation.statements, pk=pk)


def get_invitation(consultation: Consultation, pk: int) -> Invitation:
    return get_object_or_404(consultation.invitations, pk=pk)


@dataclass
class Dashboard:
    participants: int
    voters: int
    votes: int
    statements: int
    pending: int
    rejected: int
    by_unit: list[dict]
    by_role: list[dict]


def dashboard(consultation: Consultation) -> Dashboard:
    participants = consultation.participants
    statements = consultation.statements.aggregate(
        accepted=Count("id", filter=Q(status=Statement.Status.ACCEPTED)),
        pending=Count("id", filter=Q(status=Statement.Status.PENDING)),
        rejected=Count("id", filter=Q(status=Statement.Status.REJECTED)),
    )
    by_unit = list(
        participants.filter(votes__isnull=False)
        .values("unit__name")
        .annotate(people=Count("id", distinct=True), votes=Count("votes"))
        .order_by("-people", "unit__name")
    )
    by_role = list(
        participants.filter(votes__isnull=False)
        .exclude(role="")
        .values("role")
        .annotate(people=Count("id", distinct=True))
        .order_by("-people", "role")
    )
    return Dashboard(
        participants=participants.count(),
        voters=participants.filter(votes__isnull=False).distinct().count(),
        votes=Vote.objects.filter(consultation=consultation).count(),
        statements=statements["accepted"],
        pending=statements["pending"],
        rejected=statements["rejected"],
        by_unit=by_unit,
        by_role=by_role,
    )


def statements_with_tallies(consultation: Consultation):
    return consultation.statements.annotate(
        agrees=Count("votes", filter=Q(votes__value=Vote.AGREE)),
        disagrees=Count("votes", filter=Q(votes__value=Vote.DISAGREE)),
        passes=Count("votes", filter=Q(votes__value=Vote.PASS)),
    ).order_by("number")


def moderation_queue(consultation: Consultation):
    """Participants' statements nobody has reviewed yet, oldest first; then the decisions."""
    waiting = (
        consultation.statements.filter(author__isnull=False, moderated_at__isnull=True)
        .exclude(status=Statement.Status.REJECTED)
        .select_related("similar_to")
        .order_by("created_at", "number")
    )
    decided = (
        consultation.statements.filter(moderated_at__isnull=False, is_seed=False)
        .order_by("-moderated_at")
        .select_related("similar_to")[:50]
    )
    return waiting, decided


def participant_by_key(consultation: Consultation, key: str | None) -> Participant | None:
    if not key:
        return None
    try:
        return consultation.participants.filter(key=key).first()
    except Exception:  # a malformed cookie (not a UUID) is no one
        return None


def admitted(consultation: Consultation, participant: Participant | None) -> bool:
    if participant is None:
        return False
    if consultation.access == Consultation.Access.LINK:
        return True
    return Invitation.objects.filter(participant=participant, revoked_at=None).exists()


def recent_votes(participant: Participant, limit: int = 5):
    return (
        participant.votes.select_related("statement")
        .exclude(statement__status=Statement.Status.REJECTED)
        .order_by("-updated_at", "-id")[:limit]
    )


def invitable_people(consultation: Consultation):
    return consultation.mission.organization.people.select_related("unit").order_by("name")


def units(consultation: Consultation):
    return consultation.mission.organization.units.order_by("name")
