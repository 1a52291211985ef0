"""The words each kind of co-written document uses. A charter has clauses; the direction
project (issue 10) will register its own kind with "section" and reuse everything else."""

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
}


def words(kind: str) -> KindWords:
    return WORDS[kind]
