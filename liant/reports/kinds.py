"""The registry of document kinds: what can be generated, from which object, in which formats.

A kind finds its object for an actor (404 outside the workspace, 403 for a role that may not
see it) and renders it. Each document (minutes, readout, service promise, action plan…) adds one
``register`` call in their own module, imported in ``_load``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from liant.core.tenancy import Actor

# A renderer reports its progress (0–100) with this callback while it works.
Progress = Callable[[int], None]


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: Any  # lazy translation
    formats: tuple[str, ...]
    get_object: Callable[[Actor, int], Any]
    title: Callable[[Any], str]
    back_url: Callable[[Any], str]
    render: Callable[[Actor, Any, str, Progress], tuple[bytes, str]]  # (content, filename)


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    _KINDS[kind.key] = kind


def _load() -> None:
    if not _KINDS:
        from . import (  # noqa: F401  (they register)
            documents_charter,
            documents_consultation,
            documents_minutes,
            documents_plan,
            documents_promise,
            documents_readout,
        )


def get(key: str) -> DocumentKind:
    _load()
    try:
        return _KINDS[key]
    except KeyError:
        raise Http404 from None


def all_kinds() -> list[DocumentKind]:
    _load()
    return list(_KINDS.values())
