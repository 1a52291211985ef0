"""Helpers for the missions tests: a small organisation tree and missions made by the service."""

import datetime

from liant.core.testing import OrganizationFactory, PersonFactory, UnitFactory
from liant.missions import services
from liant.missions.models import MissionTemplate

MONDAY = datetime.date(2026, 3, 2)


def builtin(key: str = "organisation-coaching") -> MissionTemplate:
    return MissionTemplate.objects.get(workspace__isnull=True, key=key)


def small_tree(workspace):
    """Direction (2 people) → Service A (3) → Team A1 (4); Direction → Service B (1); 1 unassigned.

    Returns (organization, units by name).
    """
    org = OrganizationFactory(workspace=workspace, name="Ville de Lorient")
    direction = UnitFactory(organization=org, name="Direction")
    service_a = UnitFactory(organization=org, parent=direction, name="Service A")
    team_a1 = UnitFactory(organization=org, parent=service_a, name="Équipe A1")
    service_b = UnitFactory(organization=org, parent=direction, name="Service B")
    for unit, count in ((direction, 2), (service_a, 3), (team_a1, 4), (service_b, 1)):
        for _ in range(count):
            PersonFactory(organization=org, unit=unit)
    PersonFactory(organization=org, unit=None)
    units = {u.name: u for u in (direction, service_a, team_a1, service_b)}
    return org, units


def mission_from_template(actor, organization, key="organisation-coaching", **kwargs):
    kwargs.setdefault("title", "Accompagnement de la direction")
    kwargs.setdefault("start_date", MONDAY)
    return services.create_mission(
        actor, organization=organization, template=builtin(key), **kwargs
    )
