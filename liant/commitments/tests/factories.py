"""Test data: an organisation with a provider unit, its team, a client unit and its contact."""

from dataclasses import dataclass

from liant.core.testing import InterfaceFactory, PersonFactory, UnitFactory
from liant.orgs.models import Interface, Person, Unit


@dataclass
class Setup:
    provider: Unit
    client: Unit
    interface: Interface
    first: Person
    second: Person
    contact: Person


def service_setup(organization) -> Setup:
    provider = UnitFactory(organization=organization, name="Logistique")
    client = UnitFactory(organization=organization, name="ADV")
    interface = InterfaceFactory(organization=organization, provider=provider, client=client)
    return Setup(
        provider,
        client,
        interface,
        PersonFactory(organization=organization, unit=provider, name="Valérie Noël"),
        PersonFactory(organization=organization, unit=provider, name="Samir Belkacem"),
        PersonFactory(organization=organization, unit=client, name="Emma Roux"),
    )
