"""Writes on accounts, memberships and invitations.

Every function checks the actor's rights, validates, writes in one transaction and records
an audit entry. Bad input raises ``ValidationError`` (with field names where it helps the
form) and stores nothing; a forbidden action raises ``PermissionDenied``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.models import Workspace
from liant.core.tenancy import Actor, Role, require_owner, require_staff
from liant.orgs.models import Organization

from .models import Invitation, Membership, User, invitation_expiry

# Roles an invitation can carry, and who may hand them out.
INVITABLE_ROLES = (Role.CONSULTANT, Role.SPONSOR)
MEMBER_ROLES = (Role.OWNER, Role.CONSULTANT, Role.SPONSOR)


def invitable_roles(actor: Actor) -> tuple[str, ...]:
    """An owner invites consultants and sponsors; a consultant invites client sponsors only."""
    if actor.is_owner:
        return INVITABLE_ROLES
    if actor.is_staff_member:
        return (Role.SPONSOR,)
    return ()


@transaction.atomic
def sign_up(*, email: str, full_name: str, password: str, workspace_name: str) -> User:
    """Create an account and its workspace (cabinet), the user being its owner."""
    workspace = Workspace.objects.create(name=workspace_name)
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, current_workspace=workspace
    )
    Membership.objects.create(user=user, workspace=workspace, role=Role.OWNER)
    audit.record(
        None, "workspace.create", workspace, workspace.name, workspace=workspace, user=user
    )
    return user


@transaction.atomic
def set_new_password(user: User, password: str) -> User:
    """A forgotten password replaced through the e-mailed reset link."""
    user.set_password(password)
    user.save(update_fields=["password"])
    for membership in user.memberships.select_related("workspace"):
        audit.record(
            None,
            "user.password_reset",
            user,
            user.full_name or user.email,
            workspace=membership.workspace,
            user=user,
        )
    return user


# --- Invitations


def _normalize_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Please enter an e-mail address.")})
    return email


def _check_sponsor_organization(actor: Actor, role: str, organization) -> Organization | None:
    if role != Role.SPONSOR:
        return None
    if organization is None:
        raise ValidationError(
            {"organization": _("Choose the organisation this client sponsor will follow.")}
        )
    if organization.workspace_id != actor.workspace_id:
        raise ValidationError(
            {"organization": _("This organisation is not part of your workspace.")}
        )
    return organization


def _check_may_invite(actor: Actor, role: str) -> None:
    require_staff(actor)
    if role not in INVITABLE_ROLES:
        raise ValidationError({"role": _("Invite a colleague as consultant or client sponsor.")})
    if role not in invitable_roles(actor):
        raise PermissionDenied


def _invitation_link(invitation: Invitation, site_url: str) -> str:
    path = reverse("accounts:invitation", kwargs={"token": invitation.token})
    return site_url.rstrip("/") + path


def _send_invitation(invitation: Invitation, site_url: str, sender: User | None) -> None:
    context = {
        "invitation": invitation,
        "workspace": invitation.workspace,
        "inviter": sender,
        "role": invitation.get_role_display(),
        "organization": invitation.organization,
        "link": _invitation_link(invitation, site_url),
        "expires_at": invitation.expires_at,
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context)
    body = render_to_string("accounts/email/invitation_body.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


@transaction.atomic
def invite(actor: Actor, *, email: str, role: str, organization=None, site_url: str) -> Invitation:
    """Invite someone by e-mail to join the actor's workspace; e-mails them the link."""
    _check_may_invite(actor, role)
    email = _normalize_email(email)
    organization = _check_sponsor_organization(actor, role, organization)
    if Membership.objects.filter(workspace=actor.workspace_id, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of your workspace.")})
    pending = Invitation.objects.filter(
        workspace=actor.workspace_id,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if pending.exists():
        raise ValidationError(
            {
                "email": _(
                    "An invitation is already waiting for this address. "
                    "Resend it from the list below, or revoke it first."
                )
            }
        )
    invitation = Invitation.objects.create(
        workspace=actor.workspace,
        email=email,
        role=role,
        organization=organization,
        invited_by=actor.user,
    )
    audit.record(
        actor,
        "invitation.create",
        invitation,
        email,
        {"role": role, "organization": organization.name if organization else None},
    )
    _send_invitation(invitation, site_url, actor.user)
    return invitation


def _check_may_manage(actor: Actor, invitation: Invitation) -> None:
    if invitation.workspace_id != actor.workspace_id:
        raise PermissionDenied
    require_staff(actor)
    if invitation.role not in invitable_roles(actor):
        raise PermissionDenied
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation has been revoked."))


@transaction.atomic
def resend_invitation(actor: Actor, invitation: Invitation, *, site_url: str) -> Invitation:
    """Send the same link again; the invitation is valid for another full period."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_may_manage(actor, invitation)
    old_expiry = invitation.expires_at
    invitation.expires_at = invitation_expiry()
    invitation.save(update_fields=["expires_at"])
    audit.record(
        actor,
        "invitation.resend",
        invitation,
        invitation.email,
        {"expires_at": [old_expiry.isoformat(), invitation.expires_at.isoformat()]},
    )
    _send_invitation(invitation, site_url, actor.user)
    return invitation


@transaction.atomic
def revoke_invitation(actor: Actor, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_may_manage(actor, invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(actor, "invitation.revoke", invitation, invitation.email)
    return invitation


def invitation_problem(invitation: Invitation) -> str | None:
    """Why an invitation link can no longer be used: "accepted", "revoked", "expired" or None."""
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return None


class InvitationUnusable(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """The invitee joins the workspace with the invited role; the link is then spent."""
    invitation = (
        # Lock the invitation row only: PostgreSQL cannot lock the nullable side of a join.
        Invitation.objects.select_for_update(of=("self",))
        .select_related("workspace", "organization")
        .get(pk=invitation.pk)
    )
    problem = invitation_problem(invitation)
    if problem:
        raise InvitationUnusable(problem)
    workspace = invitation.workspace
    if Membership.objects.filter(workspace=workspace, user=user).exists():
        raise ValidationError(_("You are already a member of this workspace."))
    if invitation.role == Role.SPONSOR and (
        invitation.organization is None or invitation.organization.workspace_id != workspace.pk
    ):
        raise InvitationUnusable("revoked")
    membership = Membership.objects.create(
        user=user,
        workspace=workspace,
        role=invitation.role,
        organization=invitation.organization if invitation.role == Role.SPONSOR else None,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    user.current_workspace = workspace
    user.save(update_fields=["current_workspace"])
    audit.record(
        None,
        "membership.create",
        membership,
        user.full_name or user.email,
        {
            "role": membership.role,
            "organization": invitation.organization.name if membership.organization else None,
            "invitation": invitation.pk,
            "email": user.email,
        },
        workspace=workspace,
        user=user,
    )
    return membership


@transaction.atomic
def accept_invitation_with_new_account(
    invitation: Invitation, *, full_name: str, password: str
) -> User:
    """Create the invitee's account (e-mail fixed by the invitation), then accept."""
    problem = invitation_problem(invitation)
    if problem:
        raise InvitationUnusable(problem)
    full_name = (full_name or "").strip()
    if not full_name:
        raise ValidationError({"full_name": _("Please enter your name.")})
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("An account already exists with this e-mail address. Log in to accept.")
        )
    user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name)
    accept_invitation(invitation, user)
    user.refresh_from_db()
    return user


# --- Members


def _owner_count(workspace_id: int) -> int:
    return (
        Membership.objects.select_for_update()
        .filter(workspace=workspace_id, role=Role.OWNER)
        .count()
    )


def _fallback_workspace(user: User, leaving_workspace_id: int):
    other = user.memberships.exclude(workspace=leaving_workspace_id).order_by("created_at").first()
    return other.workspace if other else None


@transaction.atomic
def change_member_role(
    actor: Actor, membership: Membership, *, role: str, organization=None
) -> Membership:
    """Only an owner changes roles; a workspace always keeps at least one owner."""
    require_owner(actor)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if role not in MEMBER_ROLES:
        raise ValidationError({"role": _("Choose owner, consultant or client sponsor.")})
    organization = _check_sponsor_organization(actor, role, organization)
    if (
        membership.role == Role.OWNER
        and role != Role.OWNER
        and _owner_count(actor.workspace_id) <= 1
    ):
        raise ValidationError(
            {"role": _("This is the last owner of the workspace. Make another member owner first.")}
        )
    changes = {}
    if membership.role != role:
        changes["role"] = [membership.role, role]
    old_org = membership.organization
    if (old_org.pk if old_org else None) != (organization.pk if organization else None):
        changes["organization"] = [
            old_org.name if old_org else None,
            organization.name if organization else None,
        ]
    if changes:
        membership.role = role
        membership.organization = organization
        membership.save(update_fields=["role", "organization"])
        audit.record(
            actor,
            "membership.update",
            membership,
            membership.user.full_name or membership.user.email,
            changes,
        )
    return membership


@transaction.atomic
def remove_member(actor: Actor, membership: Membership) -> None:
    """Only an owner removes a member; never the last owner."""
    require_owner(actor)
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=membership.pk)
    )
    if membership.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if membership.role == Role.OWNER and _owner_count(actor.workspace_id) <= 1:
        raise ValidationError(_("This is the last owner of the workspace: it cannot be removed."))
    user = membership.user
    audit.record(
        actor,
        "membership.delete",
        membership,
        user.full_name or user.email,
        {"role": membership.role, "email": user.email},
    )
    membership.delete()
    if user.current_workspace_id == actor.workspace_id:
        user.current_workspace = _fallback_workspace(user, actor.workspace_id)
        user.save(update_fields=["current_workspace"])


@transaction.atomic
def switch_workspace(user: User, workspace_id: int) -> Membership:
    """Make one of the user's workspaces the current one (never a workspace they are not in)."""
    membership = (
        Membership.objects.select_related("workspace")
        .filter(user=user, workspace=workspace_id)
        .first()
    )
    if membership is None:
        raise PermissionDenied
    if user.current_workspace_id != membership.workspace_id:
        user.current_workspace = membership.workspace
        user.save(update_fields=["current_workspace"])
        audit.record(
            None,
            "workspace.switch",
            membership.workspace,
            user.full_name or user.email,
            workspace=membership.workspace,
            user=user,
        )
    return membership
