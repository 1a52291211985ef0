"""Tenancy in one place: who is acting, in which workspace, with which role.

Every selector and service takes an ``Actor``; every query on tenant data is
filtered by ``actor.workspace``. A view never reads tenant models directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

if TYPE_CHECKING:
    from liant.accounts.models import Membership, User
    from liant.core.models import Workspace


class Role:
    OWNER = "owner"
    CONSULTANT = "consultant"
    SPONSOR = "sponsor"
    PARTICIPANT = "participant"

    # Roles that prepare and run missions (write access to the workspace's content).
    STAFF = (OWNER, CONSULTANT)


@dataclass(frozen=True)
class Actor:
    user: User
    membership: Membership

    @property
    def workspace(self) -> Workspace:
        return self.membership.workspace

    @property
    def workspace_id(self) -> int:
        return self.membership.workspace_id

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def is_staff_member(self) -> bool:
        return self.role in Role.STAFF

    @property
    def is_sponsor(self) -> bool:
        return self.role == Role.SPONSOR

    @property
    def sponsored_organization_id(self) -> int | None:
        return self.membership.organization_id if self.is_sponsor else None


def scoped(queryset: QuerySet, actor: Actor, field: str = "workspace") -> QuerySet:
    """Restrict any queryset of tenant rows to the actor's workspace."""
    return queryset.filter(**{field: actor.workspace_id})


def require_staff(actor: Actor) -> None:
    """Writes on workspace content are for owners and consultants only."""
    if not actor.is_staff_member:
        raise PermissionDenied


def require_owner(actor: Actor) -> None:
    if not actor.is_owner:
        raise PermissionDenied
