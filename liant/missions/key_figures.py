"""The key-figures registry: each app registers the figures it can compute truthfully.

A figure provider takes (actor, mission) and returns a ``KeyFigure`` or ``None`` when it
has nothing true to say (no data yet): the panel then omits it, never shows a placeholder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from liant.core.tenancy import Actor


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: str
    detail: str = ""


Provider = Callable[[Actor, "Mission"], KeyFigure | None]  # noqa: F821

_providers: dict[str, tuple[int, Provider]] = {}


def register(key: str, order: int = 100) -> Callable[[Provider], Provider]:
    def decorator(func: Provider) -> Provider:
        _providers[key] = (order, func)
        return func

    return decorator


def compute(actor: Actor, mission) -> list[KeyFigure]:
    figures = []
    for _order, provider in sorted(_providers.values(), key=lambda item: item[0]):
        figure = provider(actor, mission)
        if figure is not None:
            figures.append(figure)
    return figures


def registered_keys() -> list[str]:
    return [key for key, _ in sorted(_providers.items(), key=lambda item: item[1][0])]
