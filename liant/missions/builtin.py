"""The built-in mission templates: a data file loaded into MissionTemplate/PhaseTemplate rows.

``sync_builtin_templates`` is idempotent by template key: it creates the missing templates,
updates the texts and durations of existing ones and replaces their phases (matched by
position). Missions are not affected: their phases are copies. Workspace copies neither.
It runs from a data migration (with the historical models) and can be run again after the
data file changes (``liant sync_builtin_templates``).
"""

from __future__ import annotations

import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "builtin_templates.json"
LANGUAGES = ("fr", "en")
TEXT_FIELDS = ("name", "objectives", "deliverable")
LIST_FIELDS = ("typical_actions", "checklist")


def load_data(path: Path = DATA_FILE) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)["templates"]


def _bilingual(value: dict) -> dict:
    return {lang: value.get(lang, "") for lang in LANGUAGES}


def _bilingual_list(value: dict) -> dict:
    return {lang: list(value.get(lang, [])) for lang in LANGUAGES}


def sync_builtin_templates(apps=None, path: Path = DATA_FILE) -> dict[str, int]:
    """Create or update the built-in templates; returns counts of templates created/updated."""
    if apps is None:
        from .models import MissionTemplate, PhaseTemplate
    else:
        MissionTemplate = apps.get_model("missions", "MissionTemplate")  # noqa: N806
        PhaseTemplate = apps.get_model("missions", "PhaseTemplate")  # noqa: N806

    counts = {"created": 0, "updated": 0}
    for data in load_data(path):
        template, created = MissionTemplate.objects.update_or_create(
            workspace=None,
            key=data["key"],
            defaults={"name": _bilingual(data["name"]), "summary": _bilingual(data["summary"])},
        )
        counts["created" if created else "updated"] += 1
        existing = list(PhaseTemplate.objects.filter(template=template).order_by("order", "id"))
        for index, phase_data in enumerate(data["phases"]):
            values = {
                "order": index,
                "duration_weeks": int(phase_data["duration_weeks"]),
                **{field: _bilingual(phase_data[field]) for field in TEXT_FIELDS},
                **{field: _bilingual_list(phase_data[field]) for field in LIST_FIELDS},
            }
            if index < len(existing):
                phase = existing[index]
                for field, value in values.items():
                    setattr(phase, field, value)
                phase.save()
            else:
                PhaseTemplate.objects.create(template=template, **values)
        extra = [phase.pk for phase in existing[len(data["phases"]) :]]
        if extra:
            PhaseTemplate.objects.filter(pk__in=extra).delete()
    return counts
