import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from liant.analysis.agenda import Schedule, plan
from liant.core.tenancy import Actor, scoped
from liant.orgs.models import Person, Unit
from liant.orgs.selectors import flatten, unit_tree

from .models import (
    Activity,
    Board,
    Card,
    Cluster,
    Method,
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


# --- Preparation: method library and agenda


def _folded(text: str) -> str:
    """Lower case without accents, to match « equipe » with « Équipe »."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def visible_entries(model, actor: Actor):
    """The built-in rows of a library model (shared, read-only) and the actor's workspace's own."""
    return model.objects.filter(Q(workspace__isnull=True) | Q(workspace=actor.workspace_id))


def own_entry(model, actor: Actor, pk: int):
    """A library row the actor's workspace may change: 404 for others', 403 for built-in ones."""
    entry = get_object_or_404(visible_entries(model, actor), pk=pk)
    if entry.is_builtin:
        raise PermissionDenied
    return entry


def visible_methods(actor: Actor):
    return visible_entries(Method, actor)


def method_library(actor: Actor, *, text: str = "", group_format: str = "") -> list[Method]:
    """The methods the actor can use, filtered by words (name, purpose, group size, in the
    active language, accents ignored) and by group format; built-in ones first."""
    methods = visible_methods(actor)
    if group_format:
        methods = methods.filter(group_format=group_format)
    words = _folded(text).split()
    found = []
    for method in methods.order_by("workspace", "id"):
        haystack = _folded(
            " ".join((method.display_name, method.display_purpose, method.text("group_size")))
        )
        if all(word in haystack for word in words):
            found.append(method)
    return found


def get_method(actor: Actor, pk: int) -> Method:
    return get_object_or_404(visible_methods(actor), pk=pk)


def get_own_method(actor: Actor, pk: int) -> Method:
    return own_entry(Method, actor, pk)


def agenda(workshop: Workshop) -> list[Activity]:
    return list(workshop.activities.select_related("method", "board"))


def get_activity(workshop: Workshop, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("workshop", "method", "board"), pk=pk, workshop=workshop
    )


def agenda_schedule(workshop: Workshop, activities: list[Activity]) -> Schedule:
    return plan([a.duration_minutes for a in activities], workshop.starts_at, workshop.ends_at)


def phase_choices(actor: Actor):
    from liant.missions.models import Phase

    return scoped(Phase.objects.select_related("mission"), actor).order_by(
        "mission__title", "mission_id", "order", "id"
    )


def people_choices(actor: Actor, mission):
    """The people of a mission's organisation (who may be expected at one of its workshops)."""
    from liant.orgs.models import Person

    return scoped(Person.objects.filter(organization_id=mission.organization_id), actor)


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


def participant_by_key(workshop: Workshop, key: str | None) -> Participant | None:
    """The participant behind a workshop's cookie (a malformed cookie is no one)."""
    if not key:
        return None
    try:
        return workshop.participants.filter(key=key).first()
    except ValidationError:
        return None


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
