"""Indicator charts rendered on the server as SVG with pygal (no JavaScript in the result).

``indicator_chart_svg`` takes plain data, not models; ``indicator_series`` builds that data
from an indicator, for the indicator page and the documents (reports) alike. The SVG is
served as its own response (``<img src=…svg>``): its stylesheet lives inside the SVG, which
the page's CSP never sees.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pygal
from pygal.etree import etree
from pygal.style import Style

WIDTH = 720
HEIGHT = 320
MAX_X_LABELS = 8

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d2733",
    foreground_strong="#1d2733",
    foreground_subtle="#7b8794",
    opacity=".9",
    opacity_hover="1",
    colors=("#1f6f78", "#c8692c", "#7b8794"),
    font_family='"DejaVu Sans", "Segoe UI", sans-serif',
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
    tooltip_font_size=12,
    guide_stroke_color="#e6e9ec",
    guide_stroke_dasharray="0",
    major_guide_stroke_color="#dde2e6",
    major_guide_stroke_dasharray="0",
    stroke_width=3,
)


@dataclass(frozen=True)
class ChartSeries:
    """What one indicator chart shows: dated values, an optional target and baseline."""

    title: str
    points: Sequence[tuple[datetime.date, Decimal | float]]
    unit: str = ""
    target: Decimal | float | None = None
    baseline: Decimal | float | None = None
    values_label: str = "Values"
    target_label: str = "Target"
    baseline_label: str = "Baseline"
    empty_label: str = "No measurement yet"


def indicator_series(indicator, measurements) -> ChartSeries:
    """An indicator's chart data, in the reader's language."""
    from django.utils.translation import gettext as _

    return ChartSeries(
        title=indicator.name,
        points=[(m.date, m.value) for m in measurements],
        unit=indicator.unit,
        target=indicator.target,
        baseline=indicator.baseline,
        values_label=_("Measured values"),
        target_label=_("Target"),
        baseline_label=_("Baseline"),
        empty_label=_("No measurement yet"),
    )


def _number(value) -> float:
    return float(value)


def _format(unit: str):
    def formatter(value) -> str:
        if value is None:
            return ""
        text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{text} {unit}".strip()

    return formatter


def indicator_chart_svg(series: ChartSeries, *, width: int = WIDTH, height: int = HEIGHT) -> str:
    """A line chart of the values over time, with the target and baseline as flat lines.

    Dates are placed on a time axis (uneven gaps stay uneven). Returns a standalone SVG
    document (text) without scripts.
    """
    chart = pygal.DateLine(
        width=width,
        height=height,
        style=STYLE,
        js=[],  # no script: the SVG is static
        explicit_size=True,
        show_dots=True,
        dots_size=4,
        stroke_style={"width": 2.5},
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        x_label_rotation=0,
        truncate_label=-1,
        print_values=False,
        show_x_guides=False,
        y_labels_major_count=5,
        show_minor_y_labels=False,
        x_value_formatter=lambda d: d.strftime("%d/%m/%Y"),
        value_formatter=_format(series.unit),
        no_data_text=series.empty_label,
        margin=16,
        margin_right=48,  # room for the last date label
    )
    chart.title = None
    points = sorted((date, _number(value)) for date, value in series.points)
    if points:
        values = [value for _date, value in points]
        values += [_number(v) for v in (series.target, series.baseline) if v is not None]
        low, high = min(values), max(values)
        pad = (high - low) * 0.08 or abs(high) * 0.1 or 1
        chart.range = (low - pad, high + pad)  # flat lines never sit on the frame
        chart.add(series.values_label, points, stroke_style={"width": 3})
        first, last = points[0][0], points[-1][0]
        if first == last:  # one point: give the flat lines some width
            first -= datetime.timedelta(days=15)
            last += datetime.timedelta(days=15)
        for label, value in (
            (series.target_label, series.target),
            (series.baseline_label, series.baseline),
        ):
            if value is not None:
                flat = [(first, _number(value)), (last, _number(value))]
                chart.add(
                    label, flat, show_dots=False, stroke_style={"width": 2, "dasharray": "8,5"}
                )
        chart.x_labels = sorted({date for date, _ in points})
        if len(chart.x_labels) > MAX_X_LABELS:  # a long series: a few dates, not all of them
            chart.x_labels_major_count = MAX_X_LABELS
            chart.show_minor_x_labels = False
    return _without_scripts(chart.render_tree())


def _without_scripts(root) -> str:
    """pygal always writes a small config ``<script>`` for its optional tooltips; a static
    chart needs none (and documents embed the SVG inline), so it is removed."""
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(root, encoding="unicode")
