"""Canvases: a workspace's own layouts, and boards laid out on a canvas (one per small group).

A workspace writes its canvas as lines, one zone per line — ``Title | prompt | col,row`` or
``Title | prompt | col,row,width,height`` — checked by ``canvases.check_canvas``: a bad line
or a bad grid gets a message naming the line, and nothing is stored.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from .canvases import CanvasError, check_canvas, in_language
from .models import Board, Canvas, Column, Workshop

MAX_GROUPS = 12
NAME_MAX = 120


def parse_zone_lines(text: str) -> list[dict]:
    """Zones from lines ``Title | prompt | col,row[,width,height]`` (texts in one language,
    keys made from the titles); ``ValidationError`` naming the line otherwise."""
    zones, keys = [], set()
    lines = [(n, line.strip()) for n, line in enumerate((text or "").splitlines(), 1)]
    for number, line in lines:
        if not line:
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3:
            raise ValidationError(
                _("Line %(n)s: write “Title | prompt | column,row” (prompt may be empty).")
                % {"n": number}
            )
        title, prompt, area = parts
        try:
            numbers = [int(value) for value in area.replace(" ", "").split(",")]
        except ValueError:
            numbers = []
        if len(numbers) not in (2, 4):
            raise ValidationError(
                _("Line %(n)s: the place is “column,row” or “column,row,width,height”.")
                % {"n": number}
            )
        col, row, width, height = (*numbers, 1, 1)[:4]
        key = base = slugify(title)[:50] or "zone"
        suffix = 2
        while key in keys:
            key, suffix = f"{base}-{suffix}", suffix + 1
        keys.add(key)
        zones.append(
            {"key": key, "title": title, "prompt": prompt, "col": col, "row": row}
            | {"width": width, "height": height}
        )
    return zones


def zone_lines(canvas: Canvas, language: str) -> str:
    """A canvas written back as editable lines, in ``language``."""
    return "\n".join(
        f"{in_language(z['title'], language)} | {in_language(z['prompt'], language)} | "
        f"{z['col']},{z['row']},{z['width']},{z['height']}"
        for z in canvas.zones
    )


def canvas_values(data: dict, language: str) -> dict:
    """The stored values of a canvas written in ``language``; ``ValidationError`` per field."""
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("Please give the canvas a name.")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("At most %(max)s characters.") % {"max": NAME_MAX}})
    try:
        zones = parse_zone_lines(data.get("zones", ""))
        layout = check_canvas(
            {
                "columns": data.get("columns"),
                "zones": [
                    z | {"title": {language: z["title"]}, "prompt": {language: z["prompt"]}}
                    for z in zones
                ],
            },
            languages=(language,),
        )
    except (ValidationError, CanvasError) as error:
        message = error.messages[0] if isinstance(error, ValidationError) else str(error)
        raise ValidationError({"zones": message}) from None
    description = (data.get("description") or "").strip()[:500]
    return {"name": {language: name}, "description": {language: description}, **layout}


def _check_own(actor: Actor, canvas: Canvas) -> None:
    require_staff(actor)
    if canvas.workspace_id != actor.workspace_id:
        raise PermissionDenied  # built-in canvases are read-only


def create_canvas(actor: Actor, **data) -> Canvas:
    require_staff(actor)
    language = (get_language() or "fr")[:2]
    values = canvas_values(data, language)
    with transaction.atomic():
        canvas = Canvas.objects.create(workspace=actor.workspace, language=language, **values)
        audit.record(actor, "canvas.create", canvas)
    return canvas


def update_canvas(actor: Actor, canvas: Canvas, **data) -> Canvas:
    """Boards already laid out keep their zones: they copied them when created."""
    _check_own(actor, canvas)
    values = canvas_values(data, canvas.language or "fr")
    with transaction.atomic():
        changes = audit.apply_changes(canvas, values)
        canvas.save()
        audit.record(actor, "canvas.update", canvas, changes={k: True for k in changes})
    return canvas


def delete_canvas(actor: Actor, canvas: Canvas) -> None:
    _check_own(actor, canvas)
    with transaction.atomic():
        audit.record(actor, "canvas.delete", canvas)
        canvas.delete()


def add_canvas_boards(
    actor: Actor,
    workshop: Workshop,
    canvas: Canvas,
    *,
    title: str,
    groups: int = 1,
    hidden_until_reveal: bool = True,
) -> list[Board]:
    """One board per small group, each laid out on ``canvas`` (its zones copied in the
    workshop's language), sharing a series when there are several."""
    require_staff(actor)
    if workshop.workspace_id != actor.workspace_id or canvas.workspace_id not in (
        None,
        actor.workspace_id,
    ):
        raise PermissionDenied
    title = (title or "").strip() or canvas.display_name
    if len(title) > 180:
        raise ValidationError({"title": _("At most %(max)s characters.") % {"max": 180}})
    if not isinstance(groups, int) or not 1 <= groups <= MAX_GROUPS:
        raise ValidationError({"groups": _("Between 1 and %(max)s groups.") % {"max": MAX_GROUPS}})
    language = canvas.language or (get_language() or "fr")[:2]
    series = uuid.uuid4() if groups > 1 else None
    boards = []
    with transaction.atomic():
        position = workshop.boards.count()
        for number in range(1, groups + 1):
            board = Board.objects.create(
                workspace=actor.workspace,
                workshop=workshop,
                title=_("%(title)s — group %(n)s") % {"title": title, "n": number}
                if series
                else title,
                hidden_until_reveal=hidden_until_reveal,
                position=position + number - 1,
                canvas=canvas,
                grid_columns=canvas.columns,
                series=series,
                group_number=number if series else None,
            )
            Column.objects.bulk_create(
                Column(
                    workspace=actor.workspace,
                    board=board,
                    title=in_language(zone["title"], language)[:200],
                    prompt=in_language(zone["prompt"], language),
                    zone_key=zone["key"],
                    grid={k: zone[k] for k in ("col", "row", "width", "height")},
                    position=index,
                )
                for index, zone in enumerate(canvas.zones)
            )
            audit.record(actor, "board.create", board)
            boards.append(board)
    return boards
