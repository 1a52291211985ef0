"""Load the French demo (``liant demo``; also run by the first ``make run``).

``load_demo(scale)`` creates the demo cabinet and, ``scale`` times, its three client
organisations with their missions; the benchmarks load 10× the demo this way.
Organisations, missions, phase progress and ticked checklist items go through the
services (so the audit log reads like a real cabinet's); units, people and interfaces
are bulk-created, as an import would.
"""

from __future__ import annotations

import datetime
import secrets
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liant.accounts.models import Membership, User
from liant.charters import demo as charters_demo
from liant.charters import demo_direction as direction_demo
from liant.commitments.demo import load_service_promises
from liant.consultations.demo import load as load_consultation_demo
from liant.core import audit
from liant.core.models import Workspace
from liant.core.tenancy import Actor, Role
from liant.diagnostic import demo as diagnostic_demo
from liant.missions.builtin import sync_builtin_templates
from liant.missions.models import Mission, MissionTemplate, Phase
from liant.missions.services import (
    create_mission,
    set_checklist_item_done,
    set_mission_status,
    set_phase_status,
)
from liant.orgs.models import Interface, Organization, Person, Unit
from liant.orgs.services import create_organization
from liant.practices.demo import load as load_practices_demo
from liant.steering import demo_plan as steering_demo
from liant.steering import demo_track
from liant.workshops import demo as workshops_demo

from . import data


@dataclass
class DemoLogin:
    workspace: Workspace
    email: str
    password: str | None  # None when the demo was already there


class DemoConflict(Exception):
    """A demo e-mail address is already used outside the demo workspace."""


def _emails() -> list[str]:
    return [data.OWNER[0], data.SPONSOR[0], *(email for email, _ in data.CONSULTANTS)]


def demo_workspace() -> Workspace | None:
    """The demo workspace, found by its name or, if the owner renamed it, by its owner."""
    return (
        Workspace.objects.filter(name=data.WORKSPACE).first()
        or Workspace.objects.filter(
            memberships__user__email=data.OWNER[0], memberships__role=Role.OWNER
        ).first()
    )


def delete_demo() -> None:
    """Delete the demo workspace (everything in it cascades) and the demo accounts."""
    with transaction.atomic():
        workspace = demo_workspace()
        if workspace is not None:
            workspace.delete()
        User.objects.filter(email__in=_emails()).delete()


@transaction.atomic
def load_demo(scale: int = 1, password: str | None = None) -> DemoLogin:
    """Create the demo if it is not there; return the owner's login.

    ``scale`` copies the client organisations and their missions (" (copie 2)"...).
    The password is random and shared by the demo accounts; it is None when the demo
    was already loaded (nothing is changed then).
    """
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    existing = demo_workspace()
    if existing is not None:
        return DemoLogin(existing, data.OWNER[0], None)
    taken = User.objects.filter(email__in=_emails())
    # Accounts left behind by a deleted demo workspace are reused by nobody: drop them.
    taken.filter(memberships__isnull=True).delete()
    if taken.exists():
        raise DemoConflict(", ".join(sorted(taken.values_list("email", flat=True))))
    sync_builtin_templates()  # a flushed database has lost them
    password = password or secrets.token_urlsafe(12)
    workspace = Workspace.objects.create(name=data.WORKSPACE)
    owner = _member(workspace, *data.OWNER, Role.OWNER, password)
    actors = {owner.user.email: owner}
    for email, name in data.CONSULTANTS:
        actors[email] = _member(workspace, email, name, Role.CONSULTANT, password)
    audit.record(owner, "workspace.create", workspace, workspace.name)
    for email, _name in data.CONSULTANTS:
        _record_member(owner, actors[email])
    today = timezone.localdate()
    for copy in range(1, scale + 1):
        for client in data.CLIENTS:
            org = _organization(owner, client, copy)
            _mission(owner, org, client["mission"], actors, today)
            if client is data.ASSEMBLY and copy == 1:
                sponsor = _member(
                    workspace, *data.SPONSOR, Role.SPONSOR, password, organization=org
                )
                _record_member(owner, sponsor)
                demo_track.load(owner, org, today)  # steering, track part (issue 7)
    load_service_promises(owner)
    load_consultation_demo(owner, workspace)
    load_practices_demo(actors, today)
    charters_demo.load(owner)
    direction_demo.load(owner)  # the direction project (issue 10)
    return DemoLogin(workspace, owner.user.email, password)


def _member(workspace, email, full_name, role, password, organization=None) -> Actor:
    user = User(email=email, full_name=full_name, current_workspace=workspace)
    user.set_password(password)
    user.save()
    membership = Membership.objects.create(
        user=user, workspace=workspace, role=role, organization=organization
    )
    return Actor(user=user, membership=membership)


def _record_member(owner: Actor, member: Actor) -> None:
    membership = member.membership
    audit.record(
        owner,
        "membership.create",
        membership,
        member.user.full_name,
        {
            "role": membership.role,
            "organization": membership.organization.name if membership.organization else None,
            "email": member.user.email,
        },
    )


def _organization(actor: Actor, client: dict, copy: int) -> Organization:
    workspace = actor.workspace
    name = client["name"] if copy == 1 else f"{client['name']} (copie {copy})"
    org = create_organization(
        actor, name=name, sector=client["sector"], description=client["description"]
    )
    units: dict[str, Unit] = {}
    for position, (unit_name, kind, headcount, parent) in enumerate(client["units"]):
        # One row at a time: a unit's parent must have its id first (a handful per client).
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
            email=_email(person, client["domain"]) if is_manager else "",
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
    counts = {"units": len(units), "people": len(client["people"])}
    # The import's own message, in the demo's language (French).
    with translation.override("fr"):
        summary = _("%(name)s: %(units)s units and %(people)s people imported") % {
            "name": org.name,
            **counts,
        }
    audit.record(actor, "organization.import", org, summary, {**counts, "file": "demo"})
    return org


def _email(name: str, domain: str) -> str:
    """``Anne-Sophie Le Gall`` → ``anne-sophie.le.gall@<domain>`` (a reserved .example domain)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return f"{ascii_name.lower().replace(' ', '.').replace(chr(39), '')}@{domain}"


def _mission(owner: Actor, org: Organization, spec: dict, actors: dict, today) -> None:
    template = MissionTemplate.objects.get(workspace__isnull=True, key=spec["template"])
    scope = list(org.units.filter(name__in=spec["scope"]))
    mission = create_mission(
        owner,
        organization=org,
        title=spec["title"],
        description=spec["description"],
        start_date=today - datetime.timedelta(days=spec["start_days_ago"]),
        template=template,
        consultants=[actors[email].user for email in spec["consultants"]],
        units_in_scope=scope,
    )
    set_mission_status(owner, mission, Mission.Status.ACTIVE)
    # The mission's lead consultant moves its phases on, as they would in the product.
    lead = actors[spec["consultants"][0]]
    previous_end = None
    for index, phase in enumerate(list(mission.phases.all())[: spec["progress"] + 1]):
        done = index < spec["progress"]
        if previous_end is None:
            start = phase.planned_start + datetime.timedelta(days=2)
        else:
            start = previous_end + datetime.timedelta(days=1)
        set_phase_status(lead, phase, Phase.Status.ACTIVE, today=min(start, today))
        items = list(phase.checklist.all())
        for item in items if done else items[: len(items) // 2]:
            set_checklist_item_done(lead, item, True)
        if done:
            # A finished phase ran a few days over, as they do.
            previous_end = min(phase.planned_end + datetime.timedelta(days=5), today)
            set_phase_status(lead, phase, Phase.Status.DONE, today=previous_end)
    diagnostic_demo.load(lead, mission, today)  # interviews, a survey, the readout
    steering_demo.load(lead, mission, today)  # the action plan (issue 7)
    workshops_demo.load(lead, mission, today)  # a seminar held and the next workshop
