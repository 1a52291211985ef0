"""Factories and helpers shared by the test suites of every app."""

import datetime

import factory

from liant.accounts.models import Membership, User
from liant.core.models import Workspace
from liant.core.tenancy import Actor, Role
from liant.missions.models import Mission, Phase
from liant.orgs.models import Interface, Organization, Person, Unit

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (test accounts only)


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace

    name = factory.Sequence(lambda n: f"Cabinet {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Consultante {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organization = factory.SubFactory(OrganizationFactory)
    workspace = factory.SelfAttribute("organization.workspace")
    name = factory.Sequence(lambda n: f"Service {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    workspace = factory.SelfAttribute("organization.workspace")
    name = factory.Sequence(lambda n: f"Personne {n}")


class InterfaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interface

    organization = factory.SubFactory(OrganizationFactory)
    workspace = factory.SelfAttribute("organization.workspace")
    provider = factory.SubFactory(UnitFactory, organization=factory.SelfAttribute("..organization"))
    client = factory.SubFactory(UnitFactory, organization=factory.SelfAttribute("..organization"))


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    organization = factory.SubFactory(OrganizationFactory)
    workspace = factory.SelfAttribute("organization.workspace")
    title = factory.Sequence(lambda n: f"Mission {n}")
    start_date = datetime.date(2026, 1, 5)


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    mission = factory.SubFactory(MissionFactory)
    workspace = factory.SelfAttribute("mission.workspace")
    name = factory.Sequence(lambda n: f"Phase {n}")
    order = factory.Sequence(lambda n: n)
    planned_start = datetime.date(2026, 1, 5)
    planned_end = datetime.date(2026, 2, 5)


def make_actor(workspace=None, role: str = Role.OWNER, organization=None, user=None) -> Actor:
    """A user with a membership of ``role`` in ``workspace`` (both created when omitted)."""
    workspace = workspace or WorkspaceFactory()
    user = user or UserFactory(current_workspace=workspace)
    membership = Membership.objects.create(
        user=user, workspace=workspace, role=role, organization=organization
    )
    return Actor(user=user, membership=membership)
