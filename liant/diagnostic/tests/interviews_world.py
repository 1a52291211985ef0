"""A small organisation with a mission and an interview campaign, for part a's tests."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from liant.core.tenancy import Actor, Role
from liant.core.testing import (
    MissionFactory,
    PersonFactory,
    UnitFactory,
    WorkspaceFactory,
    make_actor,
)
from liant.diagnostic import services_interviews as services


@dataclass
class World:
    owner: Actor
    consultant: Actor
    sponsor: Actor
    mission: object
    campaign: object
    direction: object
    service_a: object
    service_b: object
    people: dict
    partner: object
    section: object
    questions: list


def build(workspace=None) -> World:
    workspace = workspace or WorkspaceFactory()
    owner = make_actor(workspace, Role.OWNER)
    consultant = make_actor(workspace, Role.CONSULTANT)
    mission = MissionFactory(organization__workspace=workspace, title="Accompagnement DRH")
    org = mission.organization
    sponsor = make_actor(workspace, Role.SPONSOR, organization=org)
    direction = UnitFactory(organization=org, name="Direction des ressources humaines")
    service_a = UnitFactory(organization=org, parent=direction, name="Paie", headcount=6)
    service_b = UnitFactory(organization=org, parent=direction, name="Recrutement")
    people = {
        name: PersonFactory(organization=org, unit=unit, name=name)
        for name, unit in [
            ("Claire Dubois", service_a),
            ("Karim Benali", service_a),
            ("Sophie Martin", service_a),
            ("Luc Moreau", service_b),
            ("Inès Girard", service_b),
        ]
    }
    other = UnitFactory(organization=org, name="Direction financière")
    partner = PersonFactory(organization=org, unit=other, name="Paul Lefèvre")
    campaign = services.create_campaign(
        consultant,
        mission,
        title="Entretiens de diagnostic",
        target_units=[direction],
        partners=[partner],
    )
    section = services.add_section(consultant, campaign, title="Votre rôle")
    questions = [
        services.add_question(
            consultant, section, text="Comment décririez-vous votre travail ?",
            prompts="Un exemple ?\nDepuis quand ?",
        ),
        services.add_question(consultant, section, text="Qu’est-ce qui vous freine ?"),
    ]  # fmt: skip
    return World(
        owner, consultant, sponsor, mission, campaign, direction, service_a, service_b,
        people, partner, section, questions,
    )  # fmt: skip


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def interview(world: World, people, *, status="planned", days=2, interviewer=None, **extra):
    kind = "collective" if len(people) > 1 else "individual"
    return services.create_interview(
        world.consultant,
        world.campaign,
        kind=kind,
        people=people,
        scheduled_at=in_days(days),
        duration_minutes=60,
        interviewer=(interviewer or world.consultant).user,
        status=status,
        **extra,
    )
