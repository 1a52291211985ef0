"""A rich mission for the transfer tests and the comparison of two exports."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from liant.core.tests.test_isolation import build_world
from liant.transfer import fields


def rich_world(marker: str):
    """``build_world`` (one of everything, every app) with its photo files really stored."""
    world = build_world(marker)
    photo = world["photo"]
    for field, content in (("image", b"\x89PNG image " + marker.encode()), ("thumbnail", b"jpg")):
        name = getattr(photo, field).name
        default_storage.delete(name)
        default_storage.save(name, ContentFile(content))
    mission = world["mission"]
    # Make the practices' team and the service plan the mission's own.
    world["team"].__class__.objects.filter(pk=world["team"].pk).update(mission=mission)
    mission.units_in_scope.add(world["parent_unit"])
    _more_links(world)
    return world


def _more_links(world) -> None:
    """Rows the isolation world has none of: votes, origins, dependencies, reviews."""
    from liant.practices.models import VigilanceReview
    from liant.steering.models import Action, ActionDependency, ActionOrigin
    from liant.workshops.models import Origin, Vote

    ws = world["workspace"]
    card, board, action = world["card"], world["board"], world["action"]
    Vote.objects.create(workspace=ws, board=board, participant=card.author, card=card)
    Origin.objects.create(
        workspace=ws, workshop=board.workshop, board=board, card=card,
        source_kind=Origin.SourceKind.values[0], source_text=card.text, target_kind="action",
        target_type=ContentType.objects.get_for_model(Action), target_id=action.pk,
    )  # fmt: skip
    ActionOrigin.objects.create(
        workspace=ws, action=action, kind=ActionOrigin.Kind.values[0], source_text="Thème",
        source_type=ContentType.objects.get_for_model(world["theme"]), source_id=world["theme"].pk,
    )  # fmt: skip
    follower = Action.objects.create(
        workspace=ws, plan=action.plan, title="Suite", objective=action.objective
    )
    ActionDependency.objects.create(workspace=ws, action=follower, depends_on=action)
    VigilanceReview.objects.create(
        workspace=ws, point=world["vigilance_point"], reviewed_on=datetime.date(2026, 5, 4),
        verdict=VigilanceReview.Verdict.values[0], note="Revue",
    )  # fmt: skip


def unzip(content: bytes) -> tuple[dict, dict, zipfile.ZipFile]:
    zf = zipfile.ZipFile(io.BytesIO(content))
    return json.loads(zf.read("manifest.json")), json.loads(zf.read("data.json")), zf


def normalised(content: bytes) -> dict:
    """The export with every id replaced by the row's rank in its model, and every file by
    the digest of its bytes: two exports of the same content compare equal."""
    _manifest, data, zf = unzip(content)
    rank = {
        block["model"]: {str(row["pk"]): i for i, row in enumerate(block["rows"])}
        for block in data["models"]
    }

    def ref(label, value):
        return None if value is None else rank[label][str(value)]

    result = {}
    for block in data["models"]:
        model = apps.get_model(block["model"])
        rows = []
        for row in block["rows"]:
            values = dict(row["fields"])
            for field in fields.concrete(model):
                kind = fields.kind(model, field)
                if kind == fields.FK:
                    values[field.name] = ref(
                        fields.label_of(field.related_model), values[field.name]
                    )
                elif kind == fields.LIBRARY and isinstance(values[field.name], int):
                    values[field.name] = ref(
                        fields.label_of(field.related_model), values[field.name]
                    )
                elif kind == fields.FILE and values[field.name]:
                    values[field.name] = hashlib.sha256(zf.read(values[field.name])).hexdigest()
            for field in fields.m2m_fields(model):
                target = fields.label_of(field.related_model)
                values[field.name] = sorted(ref(target, v) for v in values[field.name])
            for gfk in fields.generic_fks(model):
                ct = values.get(gfk.ct_field)
                if ct:
                    app_label, model_name = ct.split(".")
                    target = ContentType.objects.get_by_natural_key(app_label, model_name)
                    label = fields.label_of(target.model_class())
                    values[gfk.fk_field] = ref(label, values[gfk.fk_field])
            rows.append(values)
        result[block["model"]] = rows
    return result
