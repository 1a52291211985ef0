from django.db.models import Count
from django.shortcuts import get_object_or_404

from liant.core.tenancy import Actor, scoped

from .models import Board, Workshop


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
