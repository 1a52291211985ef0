"""Writes on organisations, their unit tree, people and internal interfaces.

Every function checks the actor's rights, validates, writes in one transaction and records
an audit entry. Bad input raises ``ValidationError`` with a plain message and stores nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from .models import Interface, Organization, Person, Unit


def _check(actor: Actor, obj) -> None:
    require_staff(actor)
    if obj.workspace_id != actor.workspace_id:
        raise PermissionDenied


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# --- Organisations


def create_organization(actor: Actor, *, name: str, sector: str = "", description: str = ""):
    require_staff(actor)
    name = _required(name, "name", _("Please give the organisation a name."))
    with transaction.atomic():
        org = Organization.objects.create(
            workspace=actor.workspace,
            name=name,
            sector=(sector or "").strip(),
            description=(description or "").strip(),
        )
        audit.record(actor, "organization.create", org)
    return org


def update_organization(actor: Actor, org: Organization, **values) -> Organization:
    _check(actor, org)
    values["name"] = _required(
        values.get("name", org.name), "name", _("Please give the organisation a name.")
    )
    values = {k: (v or "").strip() for k, v in values.items()}
    with transaction.atomic():
        changes = audit.apply_changes(org, values)
        if changes:
            org.save()
            audit.record(actor, "organization.update", org, changes=changes)
    return org


def delete_organization(actor: Actor, org: Organization) -> None:
    _check(actor, org)
    with transaction.atomic():
        audit.record(actor, "organization.delete", org)
        org.delete()


# --- Units


def _check_sibling_name(unit_or_none, org, parent, name) -> None:
    siblings = Unit.objects.filter(organization=org, parent=parent, name__iexact=name)
    if unit_or_none is not None:
        siblings = siblings.exclude(pk=unit_or_none.pk)
    if siblings.exists():
        raise ValidationError(
            {"name": _("A unit named “%(name)s” already exists at this place.") % {"name": name}}
        )


def _check_parent(org: Organization, parent: Unit | None) -> None:
    if parent is not None and parent.organization_id != org.pk:
        raise ValidationError(
            {"parent": _("The parent unit must belong to the same organisation.")}
        )


def _next_position(org: Organization, parent: Unit | None) -> int:
    last = Unit.objects.filter(organization=org, parent=parent).aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


def create_unit(
    actor: Actor,
    org: Organization,
    *,
    name: str,
    kind: str = Unit.Kind.SERVICE,
    parent: Unit | None = None,
    headcount: int | None = None,
) -> Unit:
    _check(actor, org)
    name = _required(name, "name", _("Please give the unit a name."))
    _check_parent(org, parent)
    _check_sibling_name(None, org, parent, name)
    with transaction.atomic():
        unit = Unit.objects.create(
            workspace=actor.workspace,
            organization=org,
            parent=parent,
            name=name,
            kind=kind,
            headcount=headcount,
            position=_next_position(org, parent),
        )
        audit.record(actor, "unit.create", unit, summary=f"{org} › {unit}")
    return unit


def update_unit(actor: Actor, unit: Unit, *, name: str, kind: str, headcount: int | None) -> Unit:
    _check(actor, unit)
    name = _required(name, "name", _("Please give the unit a name."))
    _check_sibling_name(unit, unit.organization, unit.parent, name)
    with transaction.atomic():
        changes = audit.apply_changes(unit, {"name": name, "kind": kind, "headcount": headcount})
        if changes:
            unit.save()
            audit.record(actor, "unit.update", unit, changes=changes)
    return unit


def descendant_ids(unit: Unit) -> set[int]:
    """The ids of every unit below ``unit`` (one query for the organisation's tree)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.filter(organization_id=unit.organization_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), list(children.get(unit.pk, []))
    while stack:
        pk = stack.pop()
        found.add(pk)
        stack.extend(children.get(pk, []))
    return found


def move_unit(actor: Actor, unit: Unit, new_parent: Unit | None) -> Unit:
    """Put ``unit`` (with its sub-units) under ``new_parent``, or at the top when None."""
    _check(actor, unit)
    org = unit.organization
    _check_parent(org, new_parent)
    if new_parent is not None and (
        new_parent.pk == unit.pk or new_parent.pk in descendant_ids(unit)
    ):
        raise ValidationError(
            {"parent": _("A unit cannot be moved under itself or one of its sub-units.")}
        )
    if new_parent == unit.parent:
        return unit
    _check_sibling_name(unit, org, new_parent, unit.name)
    with transaction.atomic():
        old = str(unit.parent or _("top level"))
        unit.parent = new_parent
        unit.position = _next_position(org, new_parent)
        unit.save(update_fields=["parent", "position", "updated_at"])
        audit.record(
            actor,
            "unit.move",
            unit,
            changes={"parent": [old, str(new_parent or _("top level"))]},
        )
    return unit


def shift_unit(actor: Actor, unit: Unit, offset: int) -> Unit:
    """Move ``unit`` one place up (-1) or down (+1) among its siblings."""
    _check(actor, unit)
    siblings = list(
        Unit.objects.filter(organization_id=unit.organization_id, parent_id=unit.parent_id)
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == unit.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        return unit
    siblings.insert(target, siblings.pop(index))
    with transaction.atomic():
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                sibling.position = position
                sibling.save(update_fields=["position", "updated_at"])
        audit.record(actor, "unit.move", unit, summary=f"{unit} ({target + 1}/{len(siblings)})")
    return unit


def delete_unit(actor: Actor, unit: Unit) -> None:
    """Delete a unit and its sub-units; their people stay in the organisation, unassigned."""
    _check(actor, unit)
    with transaction.atomic():
        audit.record(actor, "unit.delete", unit)
        unit.delete()


# --- People


def _person_values(org: Organization, person: Person | None, values: dict) -> dict:
    name = _required(values.get("name"), "name", _("Please give the person's name."))
    email = (values.get("email") or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
        same = Person.objects.filter(organization=org, email__iexact=email)
        if person is not None:
            same = same.exclude(pk=person.pk)
        if same.exists():
            raise ValidationError(
                {"email": _("Someone in this organisation already has this e-mail address.")}
            )
    unit = values.get("unit")
    if unit is not None and unit.organization_id != org.pk:
        raise ValidationError({"unit": _("The unit must belong to the same organisation.")})
    return {
        "name": name,
        "email": email,
        "title": (values.get("title") or "").strip(),
        "unit": unit,
        "is_manager": bool(values.get("is_manager")),
    }


def create_person(actor: Actor, org: Organization, **values) -> Person:
    _check(actor, org)
    values = _person_values(org, None, values)
    with transaction.atomic():
        person = Person.objects.create(workspace=actor.workspace, organization=org, **values)
        audit.record(actor, "person.create", person)
    return person


def update_person(actor: Actor, person: Person, **values) -> Person:
    _check(actor, person)
    values = _person_values(person.organization, person, values)
    with transaction.atomic():
        changes = audit.apply_changes(person, values)
        if changes:
            person.save()
            audit.record(actor, "person.update", person, changes=changes)
    return person


def delete_person(actor: Actor, person: Person) -> None:
    _check(actor, person)
    with transaction.atomic():
        audit.record(actor, "person.delete", person)
        person.delete()


# --- Internal interfaces


def _interface_values(org, interface, provider, client, description) -> dict:
    if provider is None or client is None:
        raise ValidationError(_("Choose both the provider unit and the client unit."))
    if provider.organization_id != org.pk or client.organization_id != org.pk:
        raise ValidationError(_("Both units must belong to the same organisation."))
    if provider.pk == client.pk:
        raise ValidationError({"client": _("A unit cannot be its own internal client.")})
    same = Interface.objects.filter(provider=provider, client=client)
    if interface is not None:
        same = same.exclude(pk=interface.pk)
    if same.exists():
        raise ValidationError(
            _("This interface already exists: %(provider)s → %(client)s.")
            % {"provider": provider.name, "client": client.name}
        )
    return {"provider": provider, "client": client, "description": (description or "").strip()}


def create_interface(
    actor: Actor, org: Organization, *, provider: Unit, client: Unit, description: str = ""
) -> Interface:
    _check(actor, org)
    values = _interface_values(org, None, provider, client, description)
    with transaction.atomic():
        interface = Interface.objects.create(workspace=actor.workspace, organization=org, **values)
        audit.record(actor, "interface.create", interface)
    return interface


def update_interface(
    actor: Actor, interface: Interface, *, provider: Unit, client: Unit, description: str = ""
) -> Interface:
    _check(actor, interface)
    values = _interface_values(interface.organization, interface, provider, client, description)
    with transaction.atomic():
        changes = audit.apply_changes(interface, values)
        if changes:
            interface.save()
            audit.record(actor, "interface.update", interface, changes=changes)
    return interface


def delete_interface(actor: Actor, interface: Interface) -> None:
    _check(actor, interface)
    with transaction.atomic():
        audit.record(actor, "interface.delete", interface)
        interface.delete()
