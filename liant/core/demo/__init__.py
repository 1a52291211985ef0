"""Load the French demo (``liant demo``; also run by the first ``make run``).

``load_demo(scale)`` creates the demo cabinet and, ``scale`` times, its three client
organisations with their missions; the benchmarks load 10× the demo this way. Rows are
bulk-created; missions go through the missions service so they get their phases.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from liant.accounts.models import Membership, User
from liant.core import audit
from liant.core.models import Workspace
from liant.core.tenancy import Actor, Role
from liant.missions.builtin import sync_builtin_templates
from liant.missions.models import ChecklistItem, MissionTemplate, Phase
from liant.missions.services import create_mission
from liant.orgs.models import Interface, Organization, Person, Unit

from . import data


@dataclass
class DemoLogin:
    workspace: Workspace
    email: str
    password: str | None  # None when the demo was already there


def demo_workspace() -> Workspace | None:
    return Workspace.objects.filter(name=data.WORKSPACE).first()


def delete_demo() -> None:
    workspace = demo_workspace()
    if workspace is None:
        return
    emails = [data.OWNER[0], data.SPONSOR[0], *(email for email, _ in data.CONSULTANTS)]
    with transaction.atomic():
        workspace.delete()
        User.objects.filter(email__in=emails).delete()


@transaction.atomic
def load_demo(scale: int = 1, password: str | None = None) -> DemoLogin:
    """Create the demo if it is not there; return the owner's login."""
    existing = demo_workspace()
    if existing is not None:
        return DemoLogin(existing, data.OWNER[0], None)
    sync_builtin_templates()  # a flushed database has lost them
    password = password or secrets.token_urlsafe(12)
    workspace = Workspace.objects.create(name=data.WORKSPACE)
    owner = _member(workspace, *data.OWNER, Role.OWNER, password)
    users = {owner.user.email: owner.user}
    for email, name in data.CONSULTANTS:
        users[email] = _member(workspace, email, name, Role.CONSULTANT, password).user
    audit.record(owner, "workspace.create", workspace, workspace.name)
    today = timezone.localdate()
    for copy in range(1, scale + 1):
        for client in data.CLIENTS:
            org = _organization(owner, client, copy)
            _mission(owner, org, client["mission"], users, today)
            if client is data.ASSEMBLY and copy == 1:
                _member(workspace, *data.SPONSOR, Role.SPONSOR, password, organization=org)
    return DemoLogin(workspace, owner.user.email, password)


def _member(workspace, email, full_name, role, password, organization=None) -> Actor:
    user = User(email=email, full_name=full_name, current_workspace=workspace)
    user.set_password(password)
    user.save()
    membership = Membership.objects.create(
        user=user, workspace=workspace, role=role, organization=organization
    )
    return Actor(user=user, membership=membership)


def _organization(actor: Actor, client: dict, copy: int) -> Organization:
    workspace = actor.workspace
    name = client["name"] if copy == 1 else f"{client['name']} (copie {copy})"
    org = Organization.objects.create(
        workspace=workspace, name=name, sector=client["sector"], description=client["description"]
    )
    audit.record(actor, "organization.create", org)
    units = {}
    for position, (unit_name, kind, headcount, parent) in enumerate(client["units"]):
        units[unit_name] = Unit.objects.create(
            workspace=workspace,
            organization=org,
            parent=units.get(parent),
            name=unit_name,
            kind=kind,
            headcount=headcount,
            position=position,
        )
    Person.objects.bulk_create(
        Person(
            workspace=workspace,
            organization=org,
            unit=units[unit],
            name=person,
            title=title,
            email=_email(person) if is_manager else "",
            is_manager=is_manager,
        )
        for person, title, unit, is_manager in client["people"]
    )
    Interface.objects.bulk_create(
        Interface(
            workspace=workspace,
            organization=org,
            provider=units[provider],
            client=units[client_unit],
            description=description,
        )
        for provider, client_unit, description in client["interfaces"]
    )
    audit.record(
        actor,
        "organization.import",
        org,
        f"{org.name} : {len(units)} unités et {len(client['people'])} personnes",
        {"units": len(units), "people": len(client["people"])},
    )
    return org


def _email(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ascii_name.lower().replace(" ", ".").replace("'", "") + "@exemple.fr"


def _mission(actor: Actor, org: Organization, spec: dict, users: dict, today) -> None:
    template = MissionTemplate.objects.get(workspace__isnull=True, key=spec["template"])
    scope = list(org.units.filter(name__in=spec["scope"]))
    mission = create_mission(
        actor,
        organization=org,
        title=spec["title"],
        description=spec["description"],
        start_date=today - datetime.timedelta(days=spec["start_days_ago"]),
        template=template,
        consultants=[users[email] for email in spec["consultants"]],
        units_in_scope=scope,
    )
    mission.status = mission.Status.ACTIVE
    mission.save(update_fields=["status"])
    phases = list(mission.phases.all())
    for index, phase in enumerate(phases[: spec["progress"] + 1]):
        done = index < spec["progress"]
        phase.actual_start = phase.planned_start + datetime.timedelta(days=2 * index)
        # A finished phase ran a few days over, as they do.
        phase.actual_end = phase.planned_end + datetime.timedelta(days=5) if done else None
        phase.status = Phase.Status.DONE if done else Phase.Status.ACTIVE
        phase.save()
        items = list(phase.checklist.all())
        ticked = items if done else items[: len(items) // 2]
        ChecklistItem.objects.filter(pk__in=[item.pk for item in ticked]).update(done=True)
