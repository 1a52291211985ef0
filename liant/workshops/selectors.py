from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.shortcuts import get_object_or_404

from liant.core.tenancy import Actor, scoped
from liant.orgs.models import Person, Unit
from liant.orgs.selectors import flatten, unit_tree

from .models import (
    Board,
    Card,
    Cluster,
    Origin,
    Participant,
    Workshop,
    WorkshopInvitation,
    WorkshopPhoto,
)
from .turn_targets import Source


def workshop_list(actor: Actor):
    return (
        scoped(Workshop.objects.all(), actor)
        .select_related("mission", "organization")
        .annotate(board_count=Count("boards", distinct=True))
    )


def get_workshop(actor: Actor, pk: int) -> Workshop:
    return get_object_or_404(scoped(Workshop.objects.select_related("mission"), actor), pk=pk)


def get_board(workshop: Workshop, pk: int) -> Board:
    return get_object_or_404(Board.objects.select_related("workshop"), pk=pk, workshop=workshop)


def workshop_by_code(code: str) -> Workshop:
    return get_object_or_404(Workshop, code=(code or "").strip().upper())


# --- Invitations


def invitations(workshop: Workshop):
    return workshop.invitations.select_related("person__unit").order_by("person__name", "pk")


def get_invitation(workshop: Workshop, pk: int) -> WorkshopInvitation:
    return get_object_or_404(
        WorkshopInvitation.objects.select_related("workshop", "person"), pk=pk, workshop=workshop
    )


def invitation_by_token(token: str) -> WorkshopInvitation | None:
    """The invitation of a personal link (active or revoked), or None."""
    if not token or len(token) > 64:
        return None
    return (
        WorkshopInvitation.objects.select_related("workshop", "participant")
        .filter(token=token)
        .first()
    )


def invitable_people(actor: Actor, workshop: Workshop):
    if workshop.organization_id is None:
        return Person.objects.none()
    return scoped(Person.objects.select_related("unit"), actor).filter(
        organization_id=workshop.organization_id
    )


def invitable_units(actor: Actor, workshop: Workshop) -> list:
    """The organisation's units in tree order (with their depth), for "invite a unit"."""
    if workshop.organization is None or workshop.workspace_id != actor.workspace_id:
        return []
    return flatten(unit_tree(workshop.organization))


def organization_units(actor: Actor, workshop: Workshop):
    if workshop.organization_id is None:
        return Unit.objects.none()
    return scoped(Unit.objects.all(), actor).filter(organization_id=workshop.organization_id)


def people_of_units(actor: Actor, workshop: Workshop, units) -> list[Person]:
    """The people of these units and of all their sub-units."""
    wanted = {u.pk for u in units}
    nodes = invitable_units(actor, workshop)
    children: dict[int | None, list[int]] = {}
    for node in nodes:
        children.setdefault(node.unit.parent_id, []).append(node.unit.pk)
    stack, seen = list(wanted), set()
    while stack:
        unit_id = stack.pop()
        if unit_id not in seen:
            seen.add(unit_id)
            stack.extend(children.get(unit_id, []))
    return list(invitable_people(actor, workshop).filter(unit_id__in=seen))


def participant_admitted(workshop: Workshop, participant: Participant | None) -> bool:
    """Whether this participant may use the workshop's pages: on an invited-only workshop,
    only through an invitation that is still active."""
    if participant is None:
        return False
    if not workshop.invited_only:
        return True
    return WorkshopInvitation.objects.filter(
        participant=participant, workshop=workshop, revoked_at=None
    ).exists()


# --- Photos


def photos(workshop: Workshop):
    return workshop.photos.all()


def get_photo(workshop: Workshop, pk: int) -> WorkshopPhoto:
    return get_object_or_404(
        WorkshopPhoto.objects.select_related("workshop"), pk=pk, workshop=workshop
    )


# --- "Turn into…"


def get_source(workshop: Workshop, kind: str, pk: int) -> Source:
    """A card (not hidden by a moderator) or a group of one of the workshop's boards."""
    if kind == "card":
        card = get_object_or_404(
            Card.objects.select_related("board"), pk=pk, board__workshop=workshop, hidden=False
        )
        return Source(workshop=workshop, board=card.board, card=card)
    cluster = get_object_or_404(
        Cluster.objects.select_related("board"), pk=pk, board__workshop=workshop
    )
    texts = tuple(cluster.cards.filter(hidden=False).values_list("text", flat=True))
    return Source(workshop=workshop, board=cluster.board, cluster=cluster, cards=texts)


def workshop_origins(workshop: Workshop) -> list[Origin]:
    """What this workshop's cards and groups were turned into, newest first."""
    origins = list(
        Origin.objects.filter(workshop=workshop)
        .select_related("target_type", "board")
        .prefetch_related("target")
    )
    return [o for o in origins if o.target is not None]


def attach_origins(objects) -> None:
    """Set ``origin`` (an ``Origin`` or None) on each object, in one query per model, for
    the ``origin_note`` template tag."""
    by_type: dict[int, dict[int, object]] = {}
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj)
        by_type.setdefault(content_type.pk, {})[obj.pk] = obj
        obj.origin = None
    for type_id, objs in by_type.items():
        rows = Origin.objects.filter(
            target_type_id=type_id, target_id__in=list(objs)
        ).select_related("workshop")
        for origin in rows:
            target = objs[origin.target_id]
            if origin.workspace_id == target.workspace_id:
                target.origin = origin


def origin_of(obj) -> Origin | None:
    if "origin" in obj.__dict__:
        return obj.origin
    attach_origins([obj])
    return obj.origin
