"""Writes on workshops and their boards (the live changes go through ``liant.live.protocol``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from .models import Board, Column, Participant, Workshop, new_code

MAX_COLUMNS = 8


def create_workshop(actor: Actor, *, title: str, mission=None, **values) -> Workshop:
    require_staff(actor)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Please give the workshop a title.")})
    if mission is not None and mission.workspace_id != actor.workspace_id:
        raise PermissionDenied
    for _attempt in range(5):  # a code collision is rare; draw again
        try:
            with transaction.atomic():
                workshop = Workshop.objects.create(
                    workspace=actor.workspace,
                    title=title,
                    mission=mission,
                    organization=mission.organization if mission else None,
                    code=new_code(),
                    **values,
                )
                audit.record(actor, "workshop.create", workshop)
                return workshop
        except IntegrityError:
            continue
    raise ValidationError(_("Could not draw a free join code; please try again."))


def add_board(
    actor: Actor, workshop: Workshop, *, title: str, prompts: list[str], hidden_until_reveal=True
) -> Board:
    require_staff(actor)
    if workshop.workspace_id != actor.workspace_id:
        raise PermissionDenied
    title = (title or "").strip()
    prompts = [p.strip() for p in prompts if p.strip()]
    if not title:
        raise ValidationError({"title": _("Please give the board a title.")})
    if not prompts:
        raise ValidationError({"prompts": _("Write at least one prompt (one per line).")})
    if len(prompts) > MAX_COLUMNS or any(len(p) > 200 for p in prompts):
        raise ValidationError(
            {"prompts": _("At most %(max)s prompts of 200 characters.") % {"max": MAX_COLUMNS}}
        )
    with transaction.atomic():
        board = Board.objects.create(
            workspace=actor.workspace,
            workshop=workshop,
            title=title,
            hidden_until_reveal=hidden_until_reveal,
            position=workshop.boards.count(),
        )
        Column.objects.bulk_create(
            Column(workspace=actor.workspace, board=board, title=prompt, position=i)
            for i, prompt in enumerate(prompts)
        )
        audit.record(actor, "board.create", board, f"{workshop} › {board}")
    return board


def join(workshop: Workshop, *, pseudonym: str = "", key=None) -> Participant:
    """The participant behind a cookie key, or a new one. No account, no audit entry:
    participants are anonymous by design."""
    if key:
        participant = Participant.objects.filter(workshop=workshop, key=key).first()
        if participant is not None:
            return participant
    pseudonym = (pseudonym or "").strip()[:40]
    return Participant.objects.create(
        workspace_id=workshop.workspace_id, workshop=workshop, pseudonym=pseudonym
    )
