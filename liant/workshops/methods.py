"""The built-in method library: ``data/methods.json`` checked, then synced into ``Method`` rows.

``load_methods`` reads and validates the file: every method has a unique key, a name, a
purpose, a timing and a group size in French and English, non-empty lists of steps,
materials and tips in both languages (as many steps in each), a positive duration, a known
group format and lists of board prompts (possibly empty, the same number in each language).
A malformed file raises ``MethodDataError`` naming the method and the field.

``sync_builtin_methods`` is idempotent by key: it creates the missing built-in methods and
updates the others. Built-in methods have no workspace: every workspace reads them, none
writes them. It runs from a data migration and again with ``liant sync_builtin_methods``.
"""

from __future__ import annotations

import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "methods.json"
LANGUAGES = ("fr", "en")
TEXT_FIELDS = ("name", "purpose", "timing", "group_size")
LIST_FIELDS = ("steps", "materials", "tips")
GROUP_FORMATS = ("plenary", "small_groups", "pairs", "individual")
MAX_DURATION = 8 * 60


class MethodDataError(ValueError):
    pass


def _check_method(index: int, data) -> dict:
    if not isinstance(data, dict):
        raise MethodDataError(f"method #{index}: an object is expected")
    key = data.get("key")
    where = f"method {key!r}" if key else f"method #{index}"
    if not isinstance(key, str) or not key.strip():
        raise MethodDataError(f"{where}: missing key")

    def bilingual(field: str) -> dict:
        value = data.get(field)
        if not isinstance(value, dict):
            raise MethodDataError(f"{where}: {field} must be an object with fr and en")
        missing = [lang for lang in LANGUAGES if lang not in value]
        if missing:
            raise MethodDataError(f"{where}: {field} lacks the language {', '.join(missing)}")
        return value

    method = {"key": key}
    for field in TEXT_FIELDS:
        value = bilingual(field)
        for lang in LANGUAGES:
            if not isinstance(value[lang], str) or not value[lang].strip():
                raise MethodDataError(f"{where}: {field} is empty in {lang}")
        method[field] = {lang: value[lang].strip() for lang in LANGUAGES}
    for field in (*LIST_FIELDS, "board_prompts"):
        value = bilingual(field)
        for lang in LANGUAGES:
            items = value[lang]
            if not isinstance(items, list) or not all(
                isinstance(item, str) and item.strip() for item in items
            ):
                raise MethodDataError(f"{where}: {field} in {lang} must be a list of texts")
            if field != "board_prompts" and not items:
                raise MethodDataError(f"{where}: {field} is empty in {lang}")
        if len(value["fr"]) != len(value["en"]):
            raise MethodDataError(f"{where}: {field} has not as many items in fr and en")
        method[field] = {lang: [item.strip() for item in value[lang]] for lang in LANGUAGES}
    if any(len(prompt) > 200 for prompt in method["board_prompts"]["fr"]):
        raise MethodDataError(f"{where}: a board prompt is longer than 200 characters")
    duration = data.get("duration_minutes")
    if not isinstance(duration, int) or isinstance(duration, bool):
        raise MethodDataError(f"{where}: duration_minutes must be a whole number")
    if not 1 <= duration <= MAX_DURATION:
        raise MethodDataError(f"{where}: duration_minutes must be between 1 and {MAX_DURATION}")
    method["duration_minutes"] = duration
    if data.get("group_format") not in GROUP_FORMATS:
        raise MethodDataError(f"{where}: group_format must be one of {', '.join(GROUP_FORMATS)}")
    method["group_format"] = data["group_format"]
    return method


def load_methods(path: Path = DATA_FILE) -> list[dict]:
    """The built-in methods of the data file, checked (``MethodDataError`` otherwise)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as error:
        raise MethodDataError(f"{path.name} is not valid JSON: {error}") from error
    if not isinstance(data, list) or not data:
        raise MethodDataError(f"{path.name}: a non-empty list of methods is expected")
    methods = [_check_method(index, item) for index, item in enumerate(data)]
    keys = [m["key"] for m in methods]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise MethodDataError(f"{path.name}: duplicate keys {', '.join(duplicates)}")
    return methods


def sync_builtin_methods(apps=None, path: Path = DATA_FILE) -> dict[str, int]:
    """Create or update the built-in methods; returns the counts created/updated."""
    if apps is None:
        from .models import Method
    else:
        Method = apps.get_model("workshops", "Method")  # noqa: N806
    counts = {"created": 0, "updated": 0}
    for data in load_methods(path):
        values = {k: v for k, v in data.items() if k != "key"}
        _method, created = Method.objects.update_or_create(
            workspace=None, key=data["key"], defaults={**values, "language": ""}
        )
        counts["created" if created else "updated"] += 1
    return counts
