"""The counterpart's links: signed, expiring tokens (no account, no row). One names a promise
(feedback while it is written); the other names a published version (its six-month review)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "liant.commitments.feedback"
REVIEW_SALT = "liant.commitments.review"
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


def read_token(token: str, salt: str = SALT) -> LinkPayload:
    try:
        data = signing.loads(token, salt=salt, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except signing.BadSignature as error:
        raise BadLink from error
    try:
        return LinkPayload(int(data["w"]), int(data["p"]), data.get("c"))
    except (KeyError, TypeError, ValueError) as error:
        raise BadLink from error


@dataclass(frozen=True)
class ReviewLinkPayload:
    workspace_id: int
    version_id: int
    contact_id: int | None


def make_review_token(version) -> str:
    promise = version.promise
    return signing.dumps(
        {"w": version.workspace_id, "p": version.pk, "c": promise.contact_id}, salt=REVIEW_SALT
    )


def read_review_token(token: str) -> ReviewLinkPayload:
    payload = read_token(token, salt=REVIEW_SALT)
    return ReviewLinkPayload(payload.workspace_id, payload.promise_id, payload.contact_id)
