"""The "turn into…" registry: what a card or a group of a workshop can become.

An app registers a ``Target``: its key, its label (a lazy translation), who may use it, the
form that completes it and a function that creates the object from the source and the
form's cleaned data. ``liant.workshops.services.turn_into`` creates it and stores an
``Origin`` linking the new object to its card or group, so any page can show where it was
born (the ``origin_note`` template tag). A later app only has to register its target::

    from liant.workshops import turn_targets

    turn_targets.register(turn_targets.Target(key="steering.action", label=_("An action"), …))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms

from liant.core.tenancy import Actor

if TYPE_CHECKING:
    from django.db import models

    from .models import Board, Card, Cluster, Workshop


@dataclass(frozen=True)
class Source:
    """A card or a group (cluster) of a workshop's board."""

    workshop: Workshop
    board: Board
    card: Card | None = None
    cluster: Cluster | None = None
    cards: tuple[str, ...] = field(default=())  # a group's card texts

    @property
    def kind(self) -> str:
        return "card" if self.card is not None else "cluster"

    @property
    def text(self) -> str:
        """The words the new object starts from: the card's text, or the group's title (its
        cards' texts when it has none)."""
        if self.card is not None:
            return self.card.text
        return self.cluster.title or " · ".join(self.cards)


def staff_only(actor: Actor, source: Source) -> bool:
    return actor.is_staff_member


@dataclass(frozen=True)
class Target:
    key: str
    label: Any  # a lazy translation
    form: Callable[..., forms.Form]  # form(data=None, *, actor, source)
    create: Callable[[Actor, Source, dict], models.Model]
    url: Callable[[models.Model], str]
    allowed: Callable[[Actor, Source], bool] = staff_only
    help: Any = ""
    order: int = 100


_targets: dict[str, Target] = {}


def register(target: Target) -> Target:
    if target.key in _targets and _targets[target.key] != target:
        raise ValueError(f"A turn-into target is already registered as {target.key!r}.")
    _targets[target.key] = target
    return target


def get(key: str) -> Target | None:
    return _targets.get(key)


def available(actor: Actor, source: Source) -> list[Target]:
    """The targets this actor may create from this source, in display order."""
    return sorted(
        (t for t in _targets.values() if t.allowed(actor, source)),
        key=lambda t: (t.order, t.key),
    )


def registered_keys() -> list[str]:
    return sorted(_targets)
