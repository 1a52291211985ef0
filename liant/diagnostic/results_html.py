"""The big survey results tables, built once in Python as escaped HTML.

Why: at 5,000 responses × 40 questions × 30 units, the by-unit page has some 1,200 table
rows, the heatmap and the trends page some 1,100 cells each, and the free-text lists up to
5,000 items. Rendered through per-cell template tags, filters and includes, they took more
time than reading and computing the figures; even ``format_html`` per cell costs a
noticeable share (its lazy-string checks). Here every cell is an f-string whose every
text goes through ``escape`` (the standard library's, as Django's ``escape`` does), and
every number through ``Numbers`` (the same text as ``floatformat``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from .selectors_results import NUMERIC, TEXTS_PER_CELL, Kind

EMPTY = "—"


class Numbers:
    """``floatformat(value, places)`` in the active language, without the template engine:
    the same half-up rounding of the value's decimal text, no grouping, no ``-0``."""

    def __init__(self):
        self.separator = get_format("DECIMAL_SEPARATOR")

    def __call__(self, value, places: int = 1) -> str:
        if value is None:
            return ""
        decimal = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        rounded = decimal.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        text = f"{abs(rounded) if not rounded else rounded:f}"
        return text.replace(".", self.separator) if places else text


def hidden() -> str:
    """What a cell under the threshold shows (as ``_hidden.html``)."""
    return f'<span class="rs-hidden">{escape(gettext("Not enough answers"))}</span>'


def list_items(texts) -> SafeString:
    """``<li>`` per text, escaped."""
    return mark_safe("".join(f"<li>{escape(str(text))}</li>" for text in texts))  # noqa: S308


def _row_head(depth: int, label) -> str:
    return f'<th scope="row" class="rs-depth-{int(depth)}">{escape(str(label))}</th>'


def _columns(question) -> int:
    if question.kind == Kind.SCALE:
        return 3
    if question.kind == Kind.LIKERT:
        return 2
    if question.kind == Kind.TEXT:
        return 1
    return len(question.rows or []) if question.kind == Kind.MATRIX else len(question.options)


def _signed(value, number: Numbers) -> str:
    text = number(value, 0)
    return f"+{text}" if value is not None and value > 0 else text


def _breakdown_cells(question, figures: dict, number: Numbers) -> str:
    """The cells of one shown breakdown row, as the question's kind displays them."""
    if question.kind in NUMERIC:
        cells = [str(figures["n"]), number(figures["mean"])]
        if question.kind == Kind.SCALE:
            cells.append(_signed(figures["enps"], number))
        return "".join(f'<td class="num">{cell}</td>' for cell in cells)
    if question.kind == Kind.TEXT:
        more = figures["n"] - TEXTS_PER_CELL
        note = ""
        if more > 0:
            text = ngettext("and %(counter)s more", "and %(counter)s more", more)
            note = f'<p class="muted small">{escape(text % {"counter": more})}</p>'
        texts = list_items(figures["texts"][:TEXTS_PER_CELL])
        return f'<td><ul class="rs-texts">{texts}</ul>{note}</td>'
    if question.kind == Kind.MATRIX:
        means = (number(r["mean"]) or EMPTY for r in figures["rows"])
        return "".join(f'<td class="num">{mean}</td>' for mean in means)
    shares = (number(percent, 0) for _, _, percent in figures["options"])
    return "".join(f'<td class="num">{share}&nbsp;%</td>' for share in shares)


def breakdown_body(question, rows) -> SafeString:
    """The ``<tr>`` rows of one question's breakdown table (hidden rows span all columns)."""
    number = Numbers()
    hidden_cell = f'<td colspan="{_columns(question)}">{hidden()}</td>'
    return mark_safe(  # noqa: S308 — every text escaped above
        "".join(
            f"<tr>{_row_head(row.depth, row.label)}"
            + (
                hidden_cell
                if row.figures is None
                else _breakdown_cells(question, row.figures, number)
            )
            + "</tr>"
            for row in rows
        )
    )


def _heat_cells(cells, number: Numbers, hidden_cell: str) -> str:
    parts = []
    for cell in cells:
        if not cell:
            parts.append(hidden_cell)
            continue
        n = cell["n"]
        title = escape(ngettext("%(counter)s answer", "%(counter)s answers", n) % {"counter": n})
        level, mean = int(cell["level"]), number(cell["mean"])
        parts.append(f'<td class="num rs-heat rs-heat-{level}" title="{title}">{mean}</td>')
    return "".join(parts)


def heatmap_body(heatmap) -> SafeString:
    """The heatmap's ``<tbody>`` rows: all respondents first, then the units."""
    number = Numbers()
    hidden_cell = (
        f'<td class="num rs-heat rs-heat-none"><span aria-hidden="true">{EMPTY}</span>'
        f'<span class="visually-hidden">{escape(gettext("Not enough answers"))}</span></td>'
    )
    everyone = escape(gettext("All respondents"))
    parts = [
        f'<tr class="rs-heat-total"><th scope="row">{everyone}</th>'
        f"{_heat_cells(heatmap.overall, number, hidden_cell)}</tr>"
    ]
    for row in heatmap.rows:
        cells = _heat_cells(row.figures, number, hidden_cell)
        parts.append(f"<tr>{_row_head(row.depth, row.label)}{cells}</tr>")
    return mark_safe("".join(parts))  # noqa: S308 — every text escaped above


def _trend_cells(means, changes, number: Numbers, hidden_cell: str) -> str:
    parts = []
    for mean, change in zip(means, changes, strict=True):
        if mean is None:
            parts.append(hidden_cell)
            continue
        shown = number(mean)
        if change is not None:
            direction = "rs-up" if change > 0 else "rs-down" if change < 0 else ""
            sign = "+" if change > 0 else ""
            shown += f' <span class="rs-change {direction}">({sign}{number(change)})</span>'
        parts.append(f'<td class="num">{shown}</td>')
    return "".join(parts)


def trend_body(trend) -> SafeString:
    """One question's trend rows: all respondents, then each unit."""
    number = Numbers()
    hidden_cell = f'<td class="num">{hidden()}</td>'
    parts = [
        f"<tr>{_row_head(0, gettext('All respondents'))}"
        f"{_trend_cells(trend.means, trend.changes, number, hidden_cell)}</tr>"
    ]
    for label, depth, means, changes in trend.units:
        cells = _trend_cells(means, changes, number, hidden_cell)
        parts.append(f"<tr>{_row_head(depth, label)}{cells}</tr>")
    return mark_safe("".join(parts))  # noqa: S308 — every text escaped above
