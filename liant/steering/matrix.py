"""The impact/effort matrix at any plan size: each cell's count and its first cards come in
two queries (a window function keeps the first cards of every cell); the rest of a cell is
loaded on demand, and the keyboard table is paginated."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from liant.core.tenancy import Actor

from . import selectors_plan as sel
from .models import Action, ActionPlan

SCORES = (5, 4, 3, 2, 1)  # impact, top row first
CELL_CARDS = 6
UNPLACED_CARDS = 24
CARD_FIELDS = ("id", "title", "impact", "effort", "status", "plan_id", "position")

# Cell 0 holds the actions not placed yet (impact or effort missing); a placed action is in
# cell impact × 10 + effort.
CELL = Case(
    When(impact__isnull=False, effort__isnull=False, then=F("impact") * 10 + F("effort")),
    default=Value(0),
    output_field=IntegerField(),
)


@dataclass
class Cell:
    impact: int | None
    effort: int | None
    count: int = 0
    cards: list[Action] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.cards)

    @property
    def quadrant(self) -> str:
        high_impact, low_effort = self.impact >= 3, self.effort <= 3
        if high_impact:
            return "quick" if low_effort else "major"
        return "fill" if low_effort else "thankless"


@dataclass
class Matrix:
    rows: list[tuple[int, list[Cell]]]
    unplaced: Cell
    placed_count: int


def matrix_actions(actor: Actor, plan: ActionPlan) -> QuerySet[Action]:
    """The actions the matrix shows: every one but the cancelled."""
    return sel.actions(actor, plan).exclude(status=Action.Status.CANCELLED)


def build_matrix(actor: Actor, plan: ActionPlan) -> Matrix:
    rows = matrix_actions(actor, plan)
    counts = dict(
        rows.order_by()
        .annotate(cell=CELL)
        .values("cell")
        .annotate(n=Count("id"))
        .values_list("cell", "n")
    )
    first_cards = (
        rows.annotate(
            cell=CELL,
            rank=Window(RowNumber(), partition_by=[CELL], order_by=[F("position"), F("id")]),
        )
        .filter(rank__lte=Case(When(cell=0, then=UNPLACED_CARDS), default=CELL_CARDS))
        .only(*CARD_FIELDS)
        .order_by("position", "id")
    )
    cells = {key: Cell(key // 10 or None, key % 10 or None, count) for key, count in counts.items()}
    for card in first_cards:
        cells[card.cell].cards.append(card)
    grid = [
        (impact, [cells.get(impact * 10 + effort, Cell(impact, effort)) for effort in range(1, 6)])
        for impact in SCORES
    ]
    unplaced = cells.get(0, Cell(None, None))
    return Matrix(rows=grid, unplaced=unplaced, placed_count=sum(counts.values()) - unplaced.count)


def cell_cards(
    actor: Actor, plan: ActionPlan, impact: int | None, effort: int | None, offset: int
) -> tuple[list[Action], int]:
    """The cards of one cell from ``offset`` on, a cell's worth, and the cell's count."""
    key = impact * 10 + effort if impact and effort else 0
    rows = matrix_actions(actor, plan).annotate(cell=CELL).filter(cell=key)
    size = UNPLACED_CARDS if key == 0 else CELL_CARDS * 4
    cards = list(rows.only(*CARD_FIELDS).order_by("position", "id")[offset : offset + size])
    return cards, rows.count()


def keyboard_rows(actor: Actor, plan: ActionPlan) -> QuerySet[Action]:
    """The rows of the keyboard table, in the plan's order (it is paginated)."""
    return matrix_actions(actor, plan).only(*CARD_FIELDS).order_by("position", "id")


@cache
def score_options(selected: int | None) -> SafeString:
    """The options of a score select of the keyboard table (six strings for the whole table,
    where the template would loop over the scores in every row)."""
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((s, " selected" if s == selected else "", s) for s in range(1, 6)),
    )
    return format_html('<option value="">—</option>{}', options)
