"""Reads on members and invitations, always within the actor's workspace."""

from __future__ import annotations

from django.db.models import BooleanField, Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from liant.core.tenancy import Actor, Role, require_staff, scoped

from .models import Invitation, Membership, User

_ROLE_ORDER = Case(
    When(role=Role.OWNER, then=Value(0)),
    When(role=Role.CONSULTANT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def member_list(actor: Actor):
    """The workspace's members, owners first. Staff only (sponsors do not see the team)."""
    require_staff(actor)
    return (
        scoped(Membership.objects.all(), actor)
        .select_related("user", "organization")
        .annotate(role_order=_ROLE_ORDER)
        .order_by("role_order", "user__full_name", "user__email")
    )


def get_member(actor: Actor, pk: int) -> Membership:
    return get_object_or_404(member_list(actor), pk=pk)


def pending_invitations(actor: Actor):
    """Invitations neither accepted nor revoked (expired ones included: they can be resent)."""
    require_staff(actor)
    return (
        scoped(Invitation.objects.all(), actor)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("organization", "invited_by")
        .annotate(
            expired=Case(
                When(expires_at__lte=timezone.now(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-created_at")
    )


def get_pending_invitation(actor: Actor, pk: int) -> Invitation:
    return get_object_or_404(pending_invitations(actor), pk=pk)


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a secret link points at (the token is the capability)."""
    if not token or len(token) > 64:
        return None
    return (
        Invitation.objects.select_related("workspace", "organization", "invited_by")
        .filter(token=token)
        .first()
    )


def user_memberships(user: User):
    """Every workspace the user belongs to, for the workspace switcher."""
    return user.memberships.select_related("workspace", "organization").order_by(
        "workspace__name", "workspace_id"
    )


def account_exists(email: str) -> bool:
    return User.objects.filter(email__iexact=(email or "").strip()).exists()
