"""Mission import: a checked archive becomes new rows of the importer's workspace, in one
transaction (new primary keys, every reference remapped, files restored), or nothing at all."""

from __future__ import annotations

import logging
import secrets
from typing import IO, Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from . import fields, registry
from .archive import FILES_PREFIX, ArchiveError, Reader
from .directory import Directory, parents_first

logger = logging.getLogger(__name__)


def dangling(label: str, value: Any) -> ArchiveError:
    return ArchiveError(
        _("The archive refers to a missing record (%(model)s #%(id)s): it is incomplete.")
        % {"model": label, "id": value}
    )


class _Importer:
    def __init__(self, actor: Actor, reader: Reader):
        self.actor = actor
        self.reader = reader
        self.blocks = self._blocks()
        # Old ids present in the archive, per model; new ids once created.
        self.known = {label: {str(r["pk"]) for r in rows} for label, rows in self.blocks}
        self.ids: dict[str, dict[str, Any]] = {label: {} for label, _ in self.blocks}
        self.deferred: list[tuple[Any, Any, str, str, Any]] = []
        self.links: list[tuple[Any, Any, Any, list]] = []
        self.saved_files: list[tuple[Any, str]] = []

    def _blocks(self) -> list[tuple[str, list[dict]]]:
        blocks = []
        for block in self.reader.data["models"]:
            label = block.get("model") if isinstance(block, dict) else None
            rows = block.get("rows") if isinstance(block, dict) else None
            if label not in registry.ORDER or not isinstance(rows, list):
                raise ArchiveError(_("The archive's data is not in the expected form."))
            for row in rows:
                if not isinstance(row, dict) or not isinstance(row.get("fields"), dict):
                    raise ArchiveError(_("The archive's data is not in the expected form."))
                if row.get("pk") is None:
                    raise ArchiveError(_("The archive's data is not in the expected form."))
            blocks.append((label, rows))
        blocks.sort(key=lambda block: registry.ORDER[block[0]])
        if not any(label == "missions.Mission" and len(rows) == 1 for label, rows in blocks):
            raise ArchiveError(_("The archive holds no mission."))
        return blocks

    # --- resolving references -------------------------------------------------------
    def resolve(self, label: str, value: Any) -> tuple[bool, Any]:
        """(ready, new id) of an old id; not ready means created later (deferred)."""
        if value is None:
            return True, None
        key = str(value)
        if key in self.ids.get(label, {}):
            return True, self.ids[label][key]
        if key in self.known.get(label, ()):
            return False, None
        raise dangling(label, value)

    def library(self, field, value) -> Any:
        if value is None:
            return None
        if isinstance(value, dict):
            found = field.related_model.objects.filter(
                workspace__isnull=True, key=value.get("builtin")
            )
            target = found.values_list("pk", flat=True).first()
            if target is None and not field.null:
                raise dangling(fields.label_of(field.related_model), value.get("builtin"))
            return target
        ready, target = self.resolve(fields.label_of(field.related_model), value)
        if not ready:
            raise dangling(fields.label_of(field.related_model), value)
        return target

    @staticmethod
    def content_type(value) -> int | None:
        if value is None:
            return None
        app_label, _dot, model = str(value).partition(".")
        ct = ContentType.objects.filter(app_label=app_label, model=model).first()
        if ct is None:
            raise dangling("contenttypes.ContentType", value)
        return ct.pk

    # --- creating rows --------------------------------------------------------------
    def run(self) -> Any:
        directory = Directory(self.actor, self)
        for label, rows in self.blocks:
            model = apps.get_model(label)
            if label in registry.DIRECTORY_MODELS:
                for row in parents_first(rows) if label == "orgs.Unit" else rows:
                    self.ids[label][str(row["pk"])] = directory.match_or_create(model, row)
            else:
                for row in rows:
                    self.create(model, row)
        self.finish_deferred()
        self.finish_links()
        mission_id = next(iter(self.ids["missions.Mission"].values()))
        return apps.get_model("missions.Mission").objects.get(pk=mission_id)

    def build(self, model, row: dict):
        """An unsaved instance with every field set from the row (references remapped)."""
        label = fields.label_of(model)
        values = row["fields"]
        known = {f.name for f in fields.concrete(model)} | {
            f.name for f in fields.m2m_fields(model)
        }
        unknown = set(values) - known
        if unknown:
            raise ArchiveError(
                _("The archive holds data this version of Liant does not know (%(what)s).")
                % {"what": f"{label}.{sorted(unknown)[0]}"}
            )
        obj = model()
        pending = []
        for field in fields.concrete(model):
            kind = fields.kind(model, field)
            value = values.get(field.name)
            if kind == fields.WORKSPACE:
                setattr(obj, field.attname, self.actor.workspace_id)
            elif kind == fields.SECRET:
                setattr(obj, field.attname, fresh_secret(field))
            elif field.name not in values or kind in (fields.SKIP, fields.USER, fields.FILE):
                continue
            elif kind == fields.PLAIN:
                try:
                    setattr(obj, field.attname, field.to_python(value))
                except ValidationError as exc:
                    raise ArchiveError(
                        _("The archive holds an invalid value (%(what)s).")
                        % {"what": f"{label}.{field.name}"}
                    ) from exc
            elif kind == fields.CONTENT_TYPE:
                setattr(obj, field.attname, self.content_type(value))
            elif kind == fields.LIBRARY:
                setattr(obj, field.attname, self.library(field, value))
            elif kind == fields.FK:
                target = fields.label_of(field.related_model)
                ready, new = self.resolve(target, value)
                if ready:
                    setattr(obj, field.attname, new)
                elif field.null:
                    pending.append((field.attname, target, value))
                else:  # a required link to a row created later: the registry's order is wrong
                    raise dangling(target, value)
        for gfk in fields.generic_fks(model):
            ct_id = getattr(obj, model._meta.get_field(gfk.ct_field).attname)
            old = getattr(obj, gfk.fk_field)
            if ct_id is None or old is None:
                continue
            target = fields.label_of(ContentType.objects.get_for_id(ct_id).model_class())
            if target not in registry.ORDER:
                raise dangling(target, old)
            ready, new = self.resolve(target, old)
            setattr(obj, gfk.fk_field, new if ready else 0)
            if not ready:
                pending.append((gfk.fk_field, target, old))
        return obj, pending

    def create(self, model, row: dict) -> None:
        label = fields.label_of(model)
        obj, pending = self.build(model, row)
        # raw: timestamps kept as exported (no auto_now), and signal handlers know it is a load.
        obj.save_base(raw=True, force_insert=True)
        self.ids[label][str(row["pk"])] = obj.pk
        for attname, target, old in pending:
            self.deferred.append((model, obj.pk, attname, target, old))
        self.restore_files(model, obj, row)
        for field in fields.m2m_fields(model):
            targets = row["fields"].get(field.name) or []
            if not isinstance(targets, list):
                raise ArchiveError(_("The archive's data is not in the expected form."))
            self.links.append((field, obj.pk, fields.label_of(field.related_model), targets))

    def restore_files(self, model, obj, row: dict) -> None:
        changed = {}
        for field in fields.concrete(model):
            if fields.kind(model, field) != fields.FILE:
                continue
            name = row["fields"].get(field.name) or ""
            if not name:
                continue
            if not isinstance(name, str) or not name.startswith(FILES_PREFIX):
                raise ArchiveError(_("The archive's data is not in the expected form."))
            content = self.reader.read(name)
            target = field.generate_filename(obj, name.rsplit("/", 1)[-1])
            saved = field.storage.save(target, ContentFile(content))
            self.saved_files.append((field.storage, saved))
            changed[field.attname] = saved
        if changed:
            model.objects.filter(pk=obj.pk).update(**changed)

    def finish_deferred(self) -> None:
        for model, pk, attname, target, old in self.deferred:
            ready, new = self.resolve(target, old)
            if not ready:
                raise dangling(target, old)
            model.objects.filter(pk=pk).update(**{attname: new})

    def finish_links(self) -> None:
        for field, pk, target, olds in self.links:
            through = field.remote_field.through
            source_name, target_name = field.m2m_field_name(), field.m2m_reverse_field_name()
            rows = []
            for old in olds:
                ready, new = self.resolve(target, old)
                if not ready:
                    raise dangling(target, old)
                rows.append(through(**{f"{source_name}_id": pk, f"{target_name}_id": new}))
            through.objects.bulk_create(rows)

    def discard_files(self) -> None:
        for storage, name in self.saved_files:
            try:
                storage.delete(name)
            except OSError:  # pragma: no cover - best effort on a failed import
                logger.warning("could not remove %s after a failed import", name)


def fresh_secret(field) -> Any:
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    return secrets.token_hex(field.max_length // 2 if field.max_length else 32)


def import_mission(actor: Actor, upload: IO[bytes], size: int):
    """Import an archive into the actor's workspace; raise ArchiveError (nothing stored)."""
    require_staff(actor)
    reader = Reader(upload, size)
    importer = _Importer(actor, reader)
    try:
        with transaction.atomic():
            mission = importer.run()
            mission.consultants.add(actor.user)
            audit.record(actor, "mission.import", mission, mission.title)
    except ArchiveError:
        importer.discard_files()
        raise
    except (IntegrityError, DatabaseError, ValueError, TypeError) as exc:
        importer.discard_files()
        logger.warning("mission import refused: %s", exc)
        raise ArchiveError(
            _(
                "The archive conflicts with this workspace's data or holds invalid values; "
                "nothing was imported."
            )
        ) from exc
    except BaseException:
        importer.discard_files()
        raise
    return mission
