"""Personal calendar feeds: a secret token per feed, only its SHA-256 stored.

The token is shown once, when the feed is created. Revoking is final: the feed's URL then
answers 410 Gone. A feed is read with its user's membership of the feed's workspace at
the time of reading, so leaving the workspace empties it.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from liant.accounts.models import Membership
from liant.core import audit
from liant.core.tenancy import Actor

from .models import CalendarFeed

TOKEN_BYTES = 32


class FeedRevoked(Exception):
    """The token names a feed that was revoked (the view answers 410)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_feed(actor: Actor) -> tuple[CalendarFeed, str]:
    """Any member may have a feed of what they see; returns the feed and its clear token."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = CalendarFeed.objects.create(
        workspace=actor.workspace, user=actor.user, token_hash=hash_token(token)
    )
    audit.record(actor, "steering.feed.create", feed)
    return feed, token


@transaction.atomic
def revoke_feed(actor: Actor, feed: CalendarFeed) -> CalendarFeed:
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
        audit.record(actor, "steering.feed.revoke", feed)
    return feed


def actor_for_token(token: str) -> Actor:
    """The actor a feed is read as; Http404 for an unknown token, FeedRevoked for a revoked
    one (also when its user is no longer a member of the workspace)."""
    if not token or len(token) > 100:
        raise Http404
    feed = CalendarFeed.objects.filter(token_hash=hash_token(token)).first()
    if feed is None:
        raise Http404
    if feed.revoked_at is not None:
        raise FeedRevoked
    membership = (
        Membership.objects.filter(user=feed.user_id, workspace=feed.workspace_id)
        .select_related("workspace", "user")
        .first()
    )
    if membership is None or not feed.user.is_active:
        raise FeedRevoked
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return Actor(membership.user, membership)
