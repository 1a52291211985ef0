"""Canvas layouts for boards: data, checked, then synced into ``Canvas`` rows.

A canvas is a grid of ``columns`` columns and of zones; each zone has a key, a title and a
prompt in each language, and an area (``col``, ``row``, ``width``, ``height``, counted from
1). On a board, each zone becomes a column of cards placed on that grid. ``check_canvas``
refuses a bad definition with a message naming the zone and what is wrong: zones outside the
grid, overlapping, without a title, with a duplicate key… It serves both the built-in file
``data/canvases.json`` and the canvases a workspace designs in its own language.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.utils.translation import gettext as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "canvases.json"
LANGUAGES = ("fr", "en")
MAX_COLUMNS, MAX_ROWS, MAX_ZONES = 6, 8, 24
TITLE_MAX, PROMPT_MAX = 200, 300
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


class CanvasError(ValueError):
    pass


def _whole(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def check_canvas(data, languages=LANGUAGES) -> dict:
    """The definition, cleaned; ``CanvasError`` with a readable message otherwise.
    ``languages``: those each text must have (both for built-ins, one for a workspace's)."""
    if not isinstance(data, dict):
        raise CanvasError(_("A canvas is described by an object."))
    columns = data.get("columns")
    if not _whole(columns, 1, MAX_COLUMNS):
        raise CanvasError(_("The grid has between 1 and %(max)s columns.") % {"max": MAX_COLUMNS})
    zones = data.get("zones")
    if not isinstance(zones, list) or not zones:
        raise CanvasError(_("A canvas needs at least one zone."))
    if len(zones) > MAX_ZONES:
        raise CanvasError(_("A canvas has at most %(max)s zones.") % {"max": MAX_ZONES})
    cleaned, taken, keys = [], {}, set()
    for index, zone in enumerate(zones, 1):
        zone = _check_zone(index, zone, columns, languages)
        if zone["key"] in keys:
            raise CanvasError(_("Zone %(n)s: another zone has the same key.") % {"n": index})
        keys.add(zone["key"])
        for col in range(zone["col"], zone["col"] + zone["width"]):
            for row in range(zone["row"], zone["row"] + zone["height"]):
                if (col, row) in taken:
                    raise CanvasError(
                        _("Zone %(n)s overlaps zone %(other)s (column %(col)s, row %(row)s).")
                        % {"n": index, "other": taken[(col, row)], "col": col, "row": row}
                    )
                taken[(col, row)] = index
        cleaned.append(zone)
    return {"columns": columns, "zones": cleaned}


def _check_zone(index: int, zone, columns: int, languages) -> dict:
    where = {"n": index}
    if not isinstance(zone, dict):
        raise CanvasError(_("Zone %(n)s: an object is expected.") % where)
    key = zone.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise CanvasError(
            _("Zone %(n)s: the key is made of lower-case letters, digits and hyphens.") % where
        )
    texts = {}
    for field, limit, required in (("title", TITLE_MAX, True), ("prompt", PROMPT_MAX, False)):
        value = zone.get(field, {})
        if not isinstance(value, dict):
            raise CanvasError(_("Zone %(n)s: each text is given per language.") % where)
        texts[field] = {}
        for language in languages:
            text = value.get(language, "")
            if not isinstance(text, str):
                raise CanvasError(_("Zone %(n)s: each text is given per language.") % where)
            if required and not text.strip():
                raise CanvasError(
                    _("Zone %(n)s: the title is missing in %(language)s.")
                    % {**where, "language": language}
                )
            if len(text.strip()) > limit:
                raise CanvasError(
                    _("Zone %(n)s: at most %(max)s characters per text.") % {**where, "max": limit}
                )
            texts[field][language] = text.strip()
    area = {name: zone.get(name, 1) for name in ("col", "row", "width", "height")}
    if not all(_whole(area[name], 1, MAX_ROWS) for name in area):
        raise CanvasError(
            _("Zone %(n)s: column, row, width and height are whole numbers from 1 to %(max)s.")
            % {**where, "max": MAX_ROWS}
        )
    if area["col"] + area["width"] - 1 > columns or area["row"] + area["height"] - 1 > MAX_ROWS:
        raise CanvasError(_("Zone %(n)s goes beyond the grid.") % where)
    return {"key": key, **texts, **area}


def load_canvases(path: Path = DATA_FILE) -> list[dict]:
    """The built-in canvases of the data file, checked (``CanvasError`` otherwise)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CanvasError(f"{path.name} is not valid JSON: {error}") from error
    if not isinstance(data, list) or not data:
        raise CanvasError(f"{path.name}: a non-empty list of canvases is expected")
    canvases, keys = [], set()
    for item in data:
        key = item.get("key") if isinstance(item, dict) else None
        if not isinstance(key, str) or not KEY_PATTERN.match(key) or key in keys:
            raise CanvasError(f"{path.name}: each canvas needs a unique key ({key!r})")
        keys.add(key)
        for field in ("name", "description"):
            value = item.get(field)
            if not isinstance(value, dict) or not all(
                isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGUAGES
            ):
                raise CanvasError(f"canvas {key!r}: {field} needs a text in fr and en")
        try:
            layout = check_canvas(item)
        except CanvasError as error:
            raise CanvasError(f"canvas {key!r}: {error}") from error
        canvases.append({"key": key, "name": item["name"], "description": item["description"]})
        canvases[-1].update(layout)
    return canvases


def sync_builtin_canvases(apps=None, path: Path = DATA_FILE) -> dict[str, int]:
    """Create or update the built-in canvases; returns the counts created/updated."""
    if apps is None:
        from .models import Canvas
    else:
        Canvas = apps.get_model("workshops", "Canvas")  # noqa: N806
    counts = {"created": 0, "updated": 0}
    for data in load_canvases(path):
        values = {k: v for k, v in data.items() if k != "key"}
        _canvas, created = Canvas.objects.update_or_create(
            workspace=None, key=data["key"], defaults={**values, "language": ""}
        )
        counts["created" if created else "updated"] += 1
    return counts


def in_language(texts: dict, language: str) -> str:
    """A text of a definition in ``language``, else in the other language."""
    return texts.get(language) or next((t for t in texts.values() if t), "")
