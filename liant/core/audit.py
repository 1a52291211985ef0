"""The audit log: every service that writes calls ``record`` in its transaction."""

from __future__ import annotations

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
