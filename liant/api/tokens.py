"""Personal API tokens: create (the secret is shown once), list, revoke, authenticate.

The secret never reaches the database: we keep its SHA-256 (a token is 256 random bits, so a
plain hash is enough — no salt or slow hash needed) and a short prefix to recognise it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.accounts.models import Membership
from liant.core import audit
from liant.core.tenancy import Actor, scoped

from .models import ApiToken

SCHEME = "lnt_"
PREFIX_LENGTH = len(SCHEME) + 8
MAX_ACTIVE_TOKENS = 20
# Writing "last used" on every request would turn each read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_list(actor: Actor) -> QuerySet[ApiToken]:
    """The actor's own tokens in their current workspace (nobody sees another's tokens)."""
    return scoped(ApiToken.objects.all(), actor).filter(membership=actor.membership)


def get_token(actor: Actor, pk: int) -> ApiToken:
    return get_object_or_404(token_list(actor), pk=pk)


def create_token(actor: Actor, *, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret, which the caller shows once and never again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Please give the token a name.")})
    if len(name) > 100:
        raise ValidationError({"name": _("The name is too long (100 characters at most).")})
    if token_list(actor).filter(revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You already have %(count)d active tokens; revoke one first.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    key = SCHEME + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            workspace=actor.workspace,
            membership=actor.membership,
            name=name,
            prefix=key[:PREFIX_LENGTH],
            key_hash=hash_key(key),
        )
        audit.record(actor, "api_token.create", token)
    return token, key


def revoke_token(actor: Actor, token: ApiToken) -> ApiToken:
    if token.membership_id != actor.membership.pk:
        raise ValidationError(_("This token is not yours."))
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at", "updated_at"])
            audit.record(actor, "api_token.revoke", token)
    return token


def authenticate(key: str) -> tuple[Actor, ApiToken] | None:
    """The actor a bearer token acts as: None when unknown, revoked, or when its membership
    or user is gone or inactive. The role is read afresh, so a change applies at once."""
    if not key or not key.startswith(SCHEME) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.select_related(
            "membership__user", "membership__workspace", "membership__organization"
        )
        .filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    membership: Membership = token.membership
    if not membership.user.is_active or membership.workspace_id != token.workspace_id:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return Actor(user=membership.user, membership=membership), token
