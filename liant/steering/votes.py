"""Import of a workshop's dot-vote results into the prioritisation matrix.

The most voted groups and cards of a board each become an action of the plan (through the
turn-into registry, so the action remembers its origin), or — when an action was already
turned from them — give that action its impact. Impact is the dot count scaled to 1–5 (the
most voted item gets 5); effort is left for the team to judge on the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, scoped
from liant.workshops.models import Board, Origin, Vote
from liant.workshops.selectors import get_source
from liant.workshops.services import turn_into

from . import services_plan
from .models import Action, ActionPlan


def voting_boards(actor: Actor, plan: ActionPlan) -> QuerySet[Board]:
    """Boards of the mission's workshops that received dots."""
    return (
        scoped(Board.objects.select_related("workshop"), actor)
        .filter(workshop__mission_id=plan.mission_id, votes__isnull=False)
        .distinct()
        .order_by("workshop__title", "position", "id")
    )


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _ranked(board: Board, limit: int) -> list[tuple[str, int, int]]:
    """(kind, pk, dots) of the most voted groups and visible cards, most voted first."""
    rows = (
        Vote.objects.filter(board=board)
        .values("cluster_id", "card_id", "card__hidden")
        .annotate(dots=Count("id"))
    )
    items = []
    for row in rows:
        if row["cluster_id"]:
            items.append(("cluster", row["cluster_id"], row["dots"]))
        elif row["card_id"] and not row["card__hidden"]:
            items.append(("card", row["card_id"], row["dots"]))
    items.sort(key=lambda item: (-item[2], item[0], item[1]))
    return items[:limit]


def import_votes(actor: Actor, plan: ActionPlan, board: Board, *, limit: int) -> ImportResult:
    if board.workspace_id != actor.workspace_id or plan.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if board.workshop.mission_id != plan.mission_id:
        raise ValidationError({"board": _("Choose a board of a workshop of this mission.")})
    if plan.status != ActionPlan.Status.DRAFT:
        raise ValidationError(_("The plan is not a draft any more: its priorities are locked."))
    ranked = _ranked(board, limit)
    if not ranked:
        raise ValidationError({"board": _("Nobody has voted on this board yet.")})
    most = ranked[0][2]
    action_type = ContentType.objects.get_for_model(Action)
    existing = {}
    for origin in Origin.objects.filter(
        workspace_id=actor.workspace_id, board=board, target_type=action_type
    ):
        key = ("cluster", origin.cluster_id) if origin.cluster_id else ("card", origin.card_id)
        existing[key] = origin.target_id
    actions = {a.pk: a for a in Action.objects.filter(plan=plan, pk__in=list(existing.values()))}
    created = updated = 0
    with transaction.atomic():
        for kind, pk, dots in ranked:
            impact = services_plan.impact_from_votes(dots, most)
            action = actions.get(existing.get((kind, pk)))
            if action is None:
                source = get_source(board.workshop, kind, pk)
                action, _url = turn_into(
                    actor, "steering.action", source, {"title": source.text[:200]}
                )
                created += 1
            else:
                updated += 1
            Action.objects.filter(pk=action.pk).update(impact=impact)
        audit.record(
            actor,
            "steering.votes_import",
            plan,
            f"{board.workshop} › {board}",
            {"created": created, "updated": updated},
        )
    return ImportResult(created=created, updated=updated)
