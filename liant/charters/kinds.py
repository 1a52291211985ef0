"""The words each kind of co-written document uses: a charter has clauses, a direction
project has sections. Everything else (versions, votes, comments, amendments) is shared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class KindWords:
    name: Any  # "charter"
    part: Any  # "clause"
    parts: Any  # "clauses"


WORDS = {
    "charter": KindWords(name=_("charter"), part=_("clause"), parts=_("clauses")),
    "direction": KindWords(name=_("direction project"), part=_("section"), parts=_("sections")),
}


def words(kind: str) -> KindWords:
    return WORDS[kind]
