"""Writes of the diagnostic. Each part adds its own services module (``services_<part>.py``)
or functions here; they all start from the guard below and are audited (``liant.core.audit``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from liant.core.tenancy import Actor, require_staff
from liant.missions.models import Mission


def require_mission_staff(actor: Actor, mission: Mission) -> None:
    """Only the workspace's owners and consultants write, and only on their own missions."""
    require_staff(actor)
    if mission.workspace_id != actor.workspace_id:
        raise PermissionDenied
