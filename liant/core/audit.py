"""The audit log: every service that writes calls ``record`` in its transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from .models import AuditEntry
from .tenancy import Actor


def record(
    actor: Actor | None,
    action: str,
    obj: models.Model,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    *,
    workspace=None,
    user=None,
) -> AuditEntry:
    """Write one audit entry. ``workspace``/``user`` serve writes made before an actor exists
    (sign-up, accepting an invitation)."""
    return AuditEntry.objects.create(
        workspace=workspace or actor.workspace,
        actor=user if user is not None else (actor.user if actor else None),
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk or ""),
        summary=(summary or str(obj))[:300],
        changes=changes or {},
    )


def _plain(value: Any) -> Any:
    """A JSON-friendly version of a value (dates in ISO form, objects by their name)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool | dict | list):
        return value
    return str(value)


def apply_changes(obj: models.Model, values: dict[str, Any]) -> dict[str, list]:
    """Set the values on ``obj``; return ``{field: [old, new]}`` for those that changed,
    ready to be recorded."""
    changes = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
            setattr(obj, field, new)
    return changes
