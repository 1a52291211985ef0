"""The relationship map: the organisation's units, an arrow per interface (provider → client),
coloured by the last review. Rendered on the server as a standalone SVG string (presentation
attributes only, no CSS, no script) so pages and documents can both use it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
from django.utils.html import escape
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 760, 520
NODE_W, NODE_H = 150, 40
COLOURS = {
    "kept": "#2e7d4f",
    "partly": "#c98a00",
    "not_kept": "#c0392b",
    "published": "#2a6f97",
    "none": "#9aa5ad",
}


def legend() -> list[tuple[str, str]]:
    """(colour key, label) in the order of the method."""
    return [
        ("kept", _("Last review: kept")),
        ("partly", _("Last review: partly kept")),
        ("not_kept", _("Last review: not kept")),
        ("published", _("Published, not reviewed yet")),
        ("none", _("No promise published")),
    ]


@dataclass(frozen=True)
class Edge:
    provider: int
    client: int
    outcome: str


def layout(unit_ids: list[int], edges: list[Edge]) -> dict[int, tuple[float, float]]:
    """Positions in pixels: a circle (readable for the dozen units of a service map)."""
    graph = nx.DiGraph()
    graph.add_nodes_from(unit_ids)
    graph.add_edges_from((e.provider, e.client) for e in edges)
    if len(graph) == 1:
        return {unit_ids[0]: (WIDTH / 2, HEIGHT / 2)}
    positions = nx.circular_layout(graph, scale=1.0)
    return {
        node: (
            WIDTH / 2 + x * (WIDTH / 2 - NODE_W / 2 - 12),
            HEIGHT / 2 + y * (HEIGHT / 2 - NODE_H / 2 - 24),
        )
        for node, (x, y) in positions.items()
    }


def _border_point(centre, towards) -> tuple[float, float]:
    """Where the segment from ``centre`` to ``towards`` leaves the node's box."""
    (x, y), (tx, ty) = centre, towards
    dx, dy = tx - x, ty - y
    if dx == 0 and dy == 0:
        return x, y
    scale = min(
        (NODE_W / 2 + 4) / abs(dx) if dx else math.inf,
        (NODE_H / 2 + 4) / abs(dy) if dy else math.inf,
    )
    return x + dx * scale, y + dy * scale


def render_svg(units: list[tuple[int, str]], edges: list[Edge], *, title: str) -> str:
    """``units``: (id, name); ``edges``: one per interface. Returns a complete SVG document."""
    if not units:
        return ""
    positions = layout([pk for pk, _name in units], edges)
    pairs = {(e.provider, e.client) for e in edges}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" '
        'font-family="system-ui, sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
        "<defs>",
    ]
    for key, colour in COLOURS.items():
        parts.append(
            f'<marker id="arrow-{key}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{colour}"/></marker>'
        )
    parts.append("</defs>")
    names = dict(units)
    for edge in edges:
        start, end = positions[edge.provider], positions[edge.client]
        # Two interfaces in opposite directions: bend each to its own side.
        bend = 28 if (edge.client, edge.provider) in pairs else 0
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        dx, dy = end[0] - start[0], end[1] - start[1]
        length = math.hypot(dx, dy) or 1
        cx, cy = mx - dy / length * bend, my + dx / length * bend
        x1, y1 = _border_point(start, (cx, cy))
        x2, y2 = _border_point(end, (cx, cy))
        colour = COLOURS.get(edge.outcome, COLOURS["none"])
        dash = ' stroke-dasharray="6 4"' if edge.outcome == "none" else ""
        label = escape(f"{names[edge.provider]} → {names[edge.client]}")
        parts.append(
            f'<path d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}" fill="none" '
            f'stroke="{colour}" stroke-width="2.5"{dash} marker-end="url(#arrow-{edge.outcome})">'
            f"<title>{label}</title></path>"
        )
    for pk, name in units:
        x, y = positions[pk]
        shown = name if len(name) <= 20 else name[:19] + "…"
        parts.append(
            f'<g><rect x="{x - NODE_W / 2:.1f}" y="{y - NODE_H / 2:.1f}" width="{NODE_W}" '
            f'height="{NODE_H}" rx="8" fill="#ffffff" stroke="#33414b" stroke-width="1.2"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" fill="#1d2a33">'
            f"{escape(shown)}<title>{escape(name)}</title></text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def organization_map_svg(org) -> str:
    """The map of ``org`` (already checked against the actor by the caller)."""
    from liant.orgs.models import Unit

    from .selectors import edge_outcomes, organization_interfaces

    outcomes = edge_outcomes(org)
    edges = [
        Edge(i.provider_id, i.client_id, outcomes.get(i.pk, "none"))
        for i in organization_interfaces(org)
    ]
    units = list(
        Unit.objects.filter(organization=org).order_by("position", "name").values_list("pk", "name")
    )
    title = _("Relationship map of %(organization)s") % {"organization": org.name}
    return render_svg(units, edges, title=title)
