"""The big survey results tables, built once in Python as escaped HTML.

Why: at 5,000 responses × 40 questions × 30 units, the by-unit page has some 1,200 table
rows, the heatmap and the trends page some 1,100 cells each, and the free-text lists up to
5,000 items. Rendered through per-cell template tags, filters and includes, they took more
time than reading and computing the figures. Here every cell is formatted once with
``format_html`` (each value escaped) and ``Numbers`` (the same text as ``floatformat``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
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


def hidden() -> SafeString:
    """What a cell under the threshold shows (as ``_hidden.html``)."""
    return format_html('<span class="rs-hidden">{}</span>', gettext("Not enough answers"))


def list_items(texts) -> SafeString:
    """``<li>`` per text, escaped."""
    return format_html_join("", "<li>{}</li>", ((text,) for text in texts))


def _row_head(row) -> SafeString:
    return format_html('<th scope="row" class="rs-depth-{}">{}</th>', row.depth, row.label)


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


def _breakdown_cells(question, figures: dict, number: Numbers) -> SafeString:
    """The cells of one shown breakdown row, as the question's kind displays them."""
    if question.kind in NUMERIC:
        cells = [figures["n"], number(figures["mean"])]
        if question.kind == Kind.SCALE:
            cells.append(_signed(figures["enps"], number))
        return format_html_join("", '<td class="num">{}</td>', ((c,) for c in cells))
    if question.kind == Kind.TEXT:
        more = figures["n"] - TEXTS_PER_CELL
        note = ""
        if more > 0:
            text = ngettext("and %(counter)s more", "and %(counter)s more", more)
            note = format_html('<p class="muted small">{}</p>', text % {"counter": more})
        texts = figures["texts"][:TEXTS_PER_CELL]
        return format_html('<td><ul class="rs-texts">{}</ul>{}</td>', list_items(texts), note)
    if question.kind == Kind.MATRIX:
        means = ((number(r["mean"]) or EMPTY,) for r in figures["rows"])
        return format_html_join("", '<td class="num">{}</td>', means)
    shares = ((number(percent, 0),) for _, _, percent in figures["options"])
    return format_html_join("", '<td class="num">{}&nbsp;%</td>', shares)


def breakdown_body(question, rows) -> SafeString:
    """The ``<tr>`` rows of one question's breakdown table (hidden rows span all columns)."""
    number = Numbers()
    hidden_cell = format_html('<td colspan="{}">{}</td>', _columns(question), hidden())
    return mark_safe(  # noqa: S308 — joined from format_html parts only
        "".join(
            format_html(
                "<tr>{}{}</tr>",
                _row_head(row),
                hidden_cell
                if row.figures is None
                else _breakdown_cells(question, row.figures, number),
            )
            for row in rows
        )
    )


def _heat_cells(cells, number: Numbers, hidden_cell: SafeString) -> SafeString:
    parts = []
    for cell in cells:
        if not cell:
            parts.append(hidden_cell)
            continue
        n = cell["n"]
        title = ngettext("%(counter)s answer", "%(counter)s answers", n) % {"counter": n}
        parts.append(
            format_html(
                '<td class="num rs-heat rs-heat-{}" title="{}">{}</td>',
                cell["level"],
                title,
                number(cell["mean"]),
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 — joined from format_html parts only


def _heat_hidden_cell() -> SafeString:
    return format_html(
        '<td class="num rs-heat rs-heat-none"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></td>',
        EMPTY,
        gettext("Not enough answers"),
    )


def heatmap_body(heatmap) -> SafeString:
    """The heatmap's ``<tbody>`` rows: all respondents first, then the units."""
    number, hidden_cell = Numbers(), _heat_hidden_cell()
    total = format_html(
        '<tr class="rs-heat-total"><th scope="row">{}</th>{}</tr>',
        gettext("All respondents"),
        _heat_cells(heatmap.overall, number, hidden_cell),
    )
    rows = format_html_join(
        "",
        "<tr>{}{}</tr>",
        ((_row_head(row), _heat_cells(row.figures, number, hidden_cell)) for row in heatmap.rows),
    )
    return total + rows


def _trend_cells(means, changes, number: Numbers, hidden_cell: SafeString) -> SafeString:
    parts = []
    for mean, change in zip(means, changes, strict=True):
        if mean is None:
            parts.append(hidden_cell)
            continue
        shown = number(mean)
        if change is not None:
            direction = "rs-up" if change > 0 else "rs-down" if change < 0 else ""
            sign = "+" if change > 0 else ""
            shown = format_html(
                '{} <span class="rs-change {}">({}{})</span>',
                shown,
                direction,
                sign,
                number(change),
            )
        parts.append(format_html('<td class="num">{}</td>', shown))
    return mark_safe("".join(parts))  # noqa: S308 — joined from format_html parts only


def trend_body(trend) -> SafeString:
    """One question's trend rows: all respondents, then each unit."""
    number = Numbers()
    hidden_cell = format_html('<td class="num">{}</td>', hidden())
    total = format_html(
        '<tr><th scope="row" class="rs-depth-0">{}</th>{}</tr>',
        gettext("All respondents"),
        _trend_cells(trend.means, trend.changes, number, hidden_cell),
    )
    rows = format_html_join(
        "",
        '<tr><th scope="row" class="rs-depth-{}">{}</th>{}</tr>',
        (
            (depth, label, _trend_cells(means, changes, number, hidden_cell))
            for label, depth, means, changes in trend.units
        ),
    )
    return total + rows
