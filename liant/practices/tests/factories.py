import datetime

import factory

from liant.core.testing import PersonFactory, UnitFactory
from liant.practices.models import (
    CheckIn,
    Coverage,
    Escalation,
    Team,
    TeamClient,
    TeamMember,
    TeamRule,
    VigilancePoint,
)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    unit = factory.SubFactory(UnitFactory)
    workspace = factory.SelfAttribute("unit.workspace")


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    workspace = factory.SelfAttribute("team.workspace")
    person = factory.SubFactory(
        PersonFactory,
        organization=factory.SelfAttribute("..team.unit.organization"),
        unit=factory.SelfAttribute("..team.unit"),
    )


class TeamRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamRule

    team = factory.SubFactory(TeamFactory)
    workspace = factory.SelfAttribute("team.workspace")
    text = factory.Sequence(lambda n: f"Règle {n}")
    adopted_on = datetime.date(2026, 3, 2)


class VigilancePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VigilancePoint

    team = factory.SubFactory(TeamFactory)
    workspace = factory.SelfAttribute("team.workspace")
    title = factory.Sequence(lambda n: f"Point {n}")
    follow_up_on = datetime.date(2026, 4, 6)


class TeamClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamClient

    team = factory.SubFactory(TeamFactory)
    workspace = factory.SelfAttribute("team.workspace")
    name = factory.Sequence(lambda n: f"Client {n}")


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coverage

    client = factory.SubFactory(TeamClientFactory)
    member = factory.SubFactory(TeamMemberFactory, team=factory.SelfAttribute("..client.team"))
    workspace = factory.SelfAttribute("client.workspace")
    level = Coverage.Level.PRIMARY


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escalation

    team = factory.SubFactory(TeamFactory)
    workspace = factory.SelfAttribute("team.workspace")
    title = factory.Sequence(lambda n: f"Pression {n}")
    raised_on = datetime.date(2026, 3, 9)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    member = factory.SubFactory(TeamMemberFactory)
    team = factory.SelfAttribute("member.team")
    workspace = factory.SelfAttribute("member.workspace")
    day = datetime.date(2026, 3, 9)
    mood = 3


def build_practices(marker: str, unit, person) -> dict:
    """One of every team-practices object, for the isolation matrix (every text carries
    ``marker``)."""
    team = TeamFactory(unit=unit, manager=person)
    member = TeamMemberFactory(team=team, person=person, token_hash=f"{marker}".ljust(64, "0"))
    client = TeamClientFactory(team=team, name=f"Client {marker}", notes=marker)
    CoverageFactory(client=client, member=member)
    point = VigilancePointFactory(team=team, title=f"Vigilance {marker}", owner=person)
    CheckInFactory(member=member, blockers=f"Blocage {marker}", client_news=marker)
    return {
        "team": team,
        "team_member": member,
        "team_rule": TeamRuleFactory(team=team, text=f"Règle {marker}", rationale=marker),
        "vigilance_point": point,
        "team_client": client,
        "escalation": EscalationFactory(team=team, title=f"Pression {marker}", client=client),
    }
