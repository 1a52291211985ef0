"""Reads on organisations, always within the actor's workspace (sponsors: their own only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from liant.core.tenancy import Actor, scoped

from .models import Interface, Organization, Person, Unit


def _count(model, **filters) -> Coalesce:
    """A correlated COUNT of ``model`` rows per organisation (no join blow-up)."""
    rows = (
        model.objects.filter(organization=OuterRef("pk"), **filters)
        .order_by()
        .values("organization")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def organization_list(actor: Actor):
    from liant.missions.models import Mission

    qs = scoped(Organization.objects.all(), actor)
    if actor.is_sponsor:
        qs = qs.filter(pk=actor.sponsored_organization_id)
    return qs.annotate(
        unit_count=_count(Unit), people_count=_count(Person), mission_count=_count(Mission)
    )


def get_organization(actor: Actor, pk: int) -> Organization:
    return get_object_or_404(organization_list(actor), pk=pk)


def get_unit(org: Organization, pk: int) -> Unit:
    return get_object_or_404(
        Unit.objects.select_related("organization", "parent"), pk=pk, organization=org
    )


def get_person(org: Organization, pk: int) -> Person:
    return get_object_or_404(
        Person.objects.select_related("organization", "unit"), pk=pk, organization=org
    )


def get_interface(org: Organization, pk: int) -> Interface:
    return get_object_or_404(
        Interface.objects.select_related("organization", "provider", "client"),
        pk=pk,
        organization=org,
    )


@dataclass
class UnitNode:
    unit: Unit
    depth: int
    children: list[UnitNode] = field(default_factory=list)

    @property
    def indent(self) -> str:
        """Em spaces that show the depth in a <select>."""
        return "\u2003" * self.depth


def unit_tree(org: Organization) -> list[UnitNode]:
    """The organisation's units as a forest, in display order, from one query."""
    units = Unit.objects.filter(organization=org).annotate(people_count=Count("people"))
    nodes = {unit.pk: UnitNode(unit, 0) for unit in units}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)

    def settle(children: list[UnitNode], depth: int) -> None:
        children.sort(key=lambda n: (n.unit.position, n.unit.name.lower()))
        for child in children:
            child.depth = depth
            settle(child.children, depth + 1)

    settle(roots, 0)
    return roots


def flatten(forest: list[UnitNode]) -> list[UnitNode]:
    """Depth-first order: each unit followed by its sub-units."""
    ordered, stack = [], list(reversed(forest))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(node.children))
    return ordered


def people(org: Organization, *, unit_id: int | None = None, search: str = ""):
    qs = Person.objects.filter(organization=org).select_related("unit")
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if search:
        qs = qs.filter(
            Q(name__icontains=search) | Q(title__icontains=search) | Q(email__icontains=search)
        )
    return qs


def interfaces(org: Organization):
    return Interface.objects.filter(organization=org).select_related("provider", "client")
