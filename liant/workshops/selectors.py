import unicodedata

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from liant.analysis.agenda import Schedule, plan
from liant.core.tenancy import Actor, scoped

from .models import Activity, Board, Method, Workshop


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


def visible_methods(actor: Actor):
    """The built-in methods (shared, read-only) and the actor's workspace's own methods."""
    return Method.objects.filter(Q(workspace__isnull=True) | Q(workspace=actor.workspace_id))


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
    """A method the actor's workspace may change: 404 for others', 403 for built-in ones."""
    method = get_method(actor, pk)
    if method.is_builtin:
        raise PermissionDenied
    return method


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
