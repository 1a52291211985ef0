"""The workspace's look in every document: its logo and its colours.

A workspace names one primary colour (``#rrggbb``); the darker shade for headings and the
pale one for table headers are derived from it, so that one choice gives a consistent
document. Without a colour, the house colours (liant/static/liant/css/liant.css) are used.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

HOUSE_PRIMARY = "#1f6f78"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _channels(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(channels) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in channels)


def _mix(hex_colour: str, other: tuple[int, int, int], share: float) -> str:
    """``share`` of ``other`` mixed into the colour."""
    return _hex(c + (o - c) * share for c, o in zip(_channels(hex_colour), other, strict=True))


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance (0 black … 1 white)."""

    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def palette(primary: str = "") -> dict[str, str]:
    """The document colours from one primary colour. Headings need contrast on white: a
    light primary gets a darker heading shade; the cover text is white or ink, whichever
    reads better on the primary."""
    accent = primary.lower() if primary and HEX_COLOUR.match(primary) else HOUSE_PRIMARY
    strong = _mix(accent, (0, 0, 0), 0.3)
    while _luminance(strong) > 0.18:  # at least ~4.5:1 against white
        strong = _mix(strong, (0, 0, 0), 0.25)
    on_accent = "#ffffff" if _luminance(accent) < 0.4 else "#1d2733"
    return {
        "accent": accent,
        "accent_strong": strong,
        "accent_soft": _mix(accent, (255, 255, 255), 0.88),
        "on_accent": on_accent,
    }


def colours(workspace) -> dict[str, str]:
    return palette(getattr(workspace, "primary_colour", "") or "")


def logo_path(workspace) -> str | None:
    """The logo's file on disk, when the workspace has one and it is still there."""
    logo = getattr(workspace, "logo", None)
    if not logo:
        return None
    try:
        path = Path(logo.path)
    except (ValueError, NotImplementedError):
        return None
    media = Path(settings.MEDIA_ROOT).resolve()
    return str(path) if path.is_file() and path.resolve().is_relative_to(media) else None
