"""Test data: an organisation with a provider unit, its team, a client unit and its contact."""

import datetime
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


def isolation_objects(marker: str, owner, interface) -> dict:
    """One of every service-promise object on ``interface``, texts carrying ``marker``
    (for the isolation matrix of ``liant/core/tests/test_isolation.py``)."""
    from liant.commitments import services

    services.set_mission_statement(owner, interface.provider, f"Mission {marker}")
    item = services.add_item(owner, interface, kind="commitment", text=f"Engagement {marker}")
    services.add_raci_actor(owner, interface, f"Acteur {marker}")
    raci_actor = interface.service_promise.raci_actors.get()
    activity, _warnings = services.save_raci_row(
        owner, interface, label=f"Activité {marker}", letters={raci_actor.pk: "AR"}
    )
    version = services.publish(owner, interface)
    review = services.record_review(
        owner, version, held_on=datetime.date(2026, 9, 1),
        ratings={(0, "provider"): ("kept", ""), (0, "client"): ("not_kept", f"Écart {marker}")},
    )  # fmt: skip
    return {
        "promise_item": item, "raci_activity": activity, "promise_version": version,
        "review_rating": review.ratings.get(side="client"),
    }  # fmt: skip
