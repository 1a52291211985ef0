"""Reads for canvases: the library, one canvas, a series of group boards and their content."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404

from liant.core.tenancy import Actor

from .canvases import in_language
from .models import Board, Canvas, Card, Cluster, Workshop
from .selectors import own_entry, visible_entries


def visible_canvases(actor: Actor):
    return visible_entries(Canvas, actor)


def canvas_library(actor: Actor) -> list[Canvas]:
    return list(visible_canvases(actor).order_by("workspace", "id"))


def get_canvas(actor: Actor, pk: int) -> Canvas:
    return get_object_or_404(visible_canvases(actor), pk=pk)


def get_own_canvas(actor: Actor, pk: int) -> Canvas:
    return own_entry(Canvas, actor, pk)


@dataclass
class Zone:
    """A zone as drawn on the server: its texts, its grid classes and, on a board, its
    groups and loose cards."""

    title: str
    prompt: str
    area: str  # CSS classes placing it on the grid
    groups: list[tuple[Cluster, list[Card]]] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    count: int = 0


def _area(grid: dict) -> str:
    return f"cv-c{grid['col']} cv-r{grid['row']} cv-w{grid['width']} cv-h{grid['height']}"


def canvas_zones(canvas: Canvas, language: str | None = None) -> list[Zone]:
    return layout_zones(canvas.zones, canvas.language or (language or "fr")[:2])


def layout_zones(zones: list[dict], language: str) -> list[Zone]:
    return [
        Zone(in_language(z["title"], language), in_language(z["prompt"], language), _area(z))
        for z in zones
    ]


def board_zones(board: Board, cards: list[Card] | None = None) -> list[Zone]:
    """A canvas board's zones with their visible cards, grouped as on the board.
    ``cards``: the board's visible cards, when already read."""
    if cards is None:
        cards = list(Card.objects.filter(board=board, hidden=False).order_by("position", "pk"))
    clusters = list(board.clusters.all())
    zones = []
    for column in board.columns.all():
        if not column.grid:
            continue
        mine = [c for c in cards if c.column_id == column.pk]
        zone = Zone(column.title, column.prompt, _area(column.grid), count=len(mine))
        zone.groups = [
            (cluster, [c for c in mine if c.cluster_id == cluster.pk])
            for cluster in clusters
            if cluster.column_id == column.pk
        ]
        zone.cards = [c for c in mine if c.cluster_id is None]
        zones.append(zone)
    return zones


@dataclass
class GroupCanvas:
    board: Board
    zones: list[Zone]
    cards: int
    masked: bool  # hidden until reveal: the plenary shows how many, not what


def series_boards(workshop: Workshop, board: Board) -> list[Board]:
    """The boards of ``board``'s series (itself alone when it has none), in group order."""
    if board.series is None:
        return [board]
    return list(
        workshop.boards.filter(series=board.series)
        .order_by("group_number", "pk")
        .prefetch_related("columns", "clusters")
    )


def plenary(workshop: Workshop, board: Board) -> list[GroupCanvas]:
    boards = series_boards(workshop, board)
    cards = list(
        Card.objects.filter(board__in=boards, hidden=False).order_by("board", "position", "pk")
    )
    result = []
    for each in boards:
        mine = [c for c in cards if c.board_id == each.pk]
        zones = board_zones(each, mine)
        if each.cards_hidden:
            for zone in zones:
                zone.groups, zone.cards = [], []
        result.append(GroupCanvas(each, zones, len(mine), each.cards_hidden))
    return result
