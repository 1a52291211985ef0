"""Turning ids of a request into objects, through the selectors.

An id in the path names the resource: unknown or another workspace's → 404. An id in the body
is a field of the input: unknown or another workspace's → 422 on that field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path

# Larger ids cannot exist (and would overflow the database's integer).
MAX_ID = 2**53


def path_id(description: str = ""):
    return Path(..., ge=1, le=MAX_ID, description=description)


def field_object(field: str, find: Callable[[int], Any], pk: int | None):
    """``find(pk)`` or a 422 naming ``field`` (``None`` stays ``None``)."""
    if pk is None:
        return None
    try:
        if not 1 <= pk <= MAX_ID:
            raise Http404
        return find(pk)
    except Http404:
        raise ValidationError({field: _("Unknown or unavailable: %(id)s.") % {"id": pk}}) from None


def field_objects(field: str, find: Callable[[int], Any], pks: Iterable[int]) -> list:
    return [field_object(field, find, pk) for pk in dict.fromkeys(pks)]


def changes(payload) -> dict:
    """The fields a PATCH actually sent (an explicit null included)."""
    return payload.dict(exclude_unset=True)


@contextmanager
def renamed_errors(names: dict[str, str]):
    """A service's field errors under the API's field names (``owner`` → ``owner_id``…)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): errors for field, errors in error.error_dict.items()}
        ) from None
