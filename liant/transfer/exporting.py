"""Mission export: every row of the registry, generically serialised, plus uploaded files."""

from __future__ import annotations

import io
import zipfile
from importlib.metadata import PackageNotFoundError, version

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from . import archive, fields, registry


def liant_version() -> str:
    try:
        return version("liant")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


class _Collector:
    """Rows and files of one mission, in registry order."""

    def __init__(self, mission):
        self.mission = mission
        self.files: dict[str, object] = {}  # member name -> FieldFile
        self.exported: dict[str, set] = {}

    def collect(self) -> list[dict]:
        blocks = []
        querysets = [(e.label, e.queryset(self.mission)) for e in registry.ENTRIES]
        for label, qs in querysets:
            self.exported[label] = set(qs.values_list("pk", flat=True))
        for label, qs in querysets:
            model = qs.model
            prefetch = [f.name for f in fields.m2m_fields(model)]
            rows = [self.row(model, obj) for obj in qs.prefetch_related(*prefetch)]
            blocks.append({"model": label, "rows": rows})
        return blocks

    def row(self, model, obj) -> dict:
        values = {}
        for field in fields.concrete(model):
            kind = fields.kind(model, field)
            raw = getattr(obj, field.attname)
            if kind == fields.PLAIN:
                values[field.name] = field.value_from_object(obj)
            elif kind == fields.FK:
                values[field.name] = raw
            elif kind == fields.USER:
                values[field.name] = None
            elif kind == fields.CONTENT_TYPE:
                values[field.name] = self.content_type(raw)
            elif kind == fields.LIBRARY:
                values[field.name] = self.library(field, raw)
            elif kind == fields.FILE:
                values[field.name] = self.file(model, obj, field)
        for field in fields.m2m_fields(model):
            values[field.name] = sorted(o.pk for o in getattr(obj, field.name).all())
        return {"pk": obj.pk, "fields": values}

    @staticmethod
    def content_type(ct_id) -> str | None:
        if ct_id is None:
            return None
        ct = ContentType.objects.get_for_id(ct_id)
        return f"{ct.app_label}.{ct.model}"

    def library(self, field, raw):
        if raw is None:
            return None
        target = field.related_model.objects.get(pk=raw)
        if target.workspace_id is None:
            return fields.builtin_key(target)
        # A workspace's own entry travels when the registry exports it; otherwise the link
        # (e.g. to a mission template of the source workspace) is dropped.
        return raw if raw in self.exported.get(fields.label_of(field.related_model), ()) else None

    def file(self, model, obj, field) -> str:
        file = getattr(obj, field.attname)
        if not file:
            return ""
        name = f"{archive.FILES_PREFIX}{model._meta.label_lower}/{obj.pk}/{field.name}/"
        name += file.name.rsplit("/", 1)[-1]
        self.files[name] = file
        return name


def export_mission(actor: Actor, mission) -> tuple[bytes, str]:
    """The mission as a zip (bytes) and its file name; the mission comes from a scoped
    selector, and every row is filtered by the mission's workspace again."""
    require_staff(actor)
    collector = _Collector(mission)
    blocks = collector.collect()
    manifest = {
        "format": archive.FORMAT,
        "format_version": archive.FORMAT_VERSION,
        "liant_version": liant_version(),
        "exported_at": timezone.now(),
        "mission": mission.title,
        "counts": {block["model"]: len(block["rows"]) for block in blocks if block["rows"]},
        "files": len(collector.files),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(archive.MANIFEST, archive.dumps(manifest))
        zf.writestr(archive.DATA, archive.dumps({"models": blocks}))
        for name, file in collector.files.items():
            with file.open("rb") as handle:
                zf.writestr(name, handle.read(), compress_type=zipfile.ZIP_STORED)
    audit.record(actor, "mission.export", mission, mission.title)
    stamp = timezone.localdate().isoformat()
    return buffer.getvalue(), f"liant-mission-{mission.pk}-{stamp}.zip"
