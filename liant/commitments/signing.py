"""The counterpart's link: a signed, expiring token naming one promise (no account, no row)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "liant.commitments.feedback"
LINK_DAYS = 21
MAX_AGE = LINK_DAYS * 24 * 3600


@dataclass(frozen=True)
class LinkPayload:
    workspace_id: int
    promise_id: int
    contact_id: int | None


class BadLink(Exception):
    """The link was altered or cut."""


class ExpiredLink(Exception):
    """The link is authentic but too old."""


def make_token(promise) -> str:
    return signing.dumps(
        {"w": promise.workspace_id, "p": promise.pk, "c": promise.contact_id}, salt=SALT
    )


def read_token(token: str) -> LinkPayload:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except signing.BadSignature as error:
        raise BadLink from error
    try:
        return LinkPayload(int(data["w"]), int(data["p"]), data.get("c"))
    except (KeyError, TypeError, ValueError) as error:
        raise BadLink from error
