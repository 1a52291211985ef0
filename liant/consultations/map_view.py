"""What the map and report pages show, computed from the stored snapshot.

The SVG is drawn on the server: participants are points (by opaque number only), each
group a colour and a focusable link that opens its representative statements."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Consultation, OpinionMapSnapshot

SIZE = 600  # the SVG's square viewBox
MARGIN = 30
GROUP_LETTERS = "ABCDE"


def _scale(points: dict[str, list[float]]) -> dict[str, tuple[float, float]]:
    if not points:
        return {}
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = (SIZE - 2 * MARGIN) / 2
    return {
        k: (round(SIZE / 2 + (x - cx) / span * 2 * half, 1),
            round(SIZE / 2 - (y - cy) / span * 2 * half, 1))
        for k, (x, y) in points.items()
    }  # fmt: skip


def _direction(direction: str) -> str:
    return _("agree") if direction == "agree" else _("disagree")


def map_context(
    consultation: Consultation, snapshot: OpinionMapSnapshot | None, selected: str | None
) -> dict:
    data = snapshot.data if snapshot else {}
    texts = dict(consultation.statements.values_list("number", "text"))
    positions = _scale(data.get("points", {}))
    group_of = {}
    groups = []
    for index, group in enumerate(data.get("groups", [])):
        letter = GROUP_LETTERS[index] if index < len(GROUP_LETTERS) else str(index + 1)
        members = [str(m) for m in group["members"]]
        for m in members:
            group_of[m] = index
        placed = [positions[m] for m in members if m in positions]
        centre = (
            (sum(p[0] for p in placed) / len(placed), sum(p[1] for p in placed) / len(placed))
            if placed
            else (SIZE / 2, SIZE / 2)
        )
        groups.append(
            {
                "index": index,
                "letter": letter,
                "size": len(members),
                "label_x": round(centre[0], 1),
                "label_y": round(max(centre[1] - 18, 14), 1),
                "points": [positions[m] for m in members if m in positions],
                "representative": [
                    {
                        **r,
                        "text": texts.get(r["statement"], ""),
                        "direction_label": _direction(r["direction"]),
                        "percent": round(r["share"] * 100),
                    }
                    for r in group["representative"]
                ],
            }
        )
    try:
        chosen = int(selected) if selected is not None else None
    except ValueError:
        chosen = None
    if chosen is not None and not 0 <= chosen < len(groups):
        chosen = None
    outside = [p for k, p in positions.items() if k not in group_of]

    def listed(rows, value_key):
        return [
            {
                "statement": r["statement"],
                "text": texts.get(r["statement"], ""),
                "direction": r["direction"],
                "direction_label": _direction(r["direction"]),
                "percent": round(r[value_key] * 100) if value_key == "share" else None,
                "score": r.get("score"),
            }
            for r in rows
        ]

    # Group-informed consensus is a product over the groups of their (smoothed) share of
    # agreement: below 1/2 per group on average (0.5 ** groups) it is no consensus at all —
    # the math lists its top statements even when the groups split on every one of them.
    floor = 0.5 ** max(len(groups), 1)
    consensus = [r for r in data.get("consensus", []) if r.get("score", 0) > floor]
    return {
        "snapshot": snapshot,
        "size": SIZE,
        "groups": groups,
        "outside": outside,
        "selected": groups[chosen] if chosen is not None else None,
        "consensus": listed(consensus, "score"),
        "majority": listed(data.get("majority", []), "share"),
        "mapped": data.get("participants", 0),
    }
