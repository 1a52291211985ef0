"""The RACI rules, as plain functions: one row is one activity's letters across the actors."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MANY_RESPONSIBLE = 3  # from this many R on one activity, nobody quite owns the work


def _count(letters: list[str], role: str) -> int:
    """How many actors hold ``role`` ("AR" holds both A and R)."""
    return sum(1 for letter in letters if role in letter)


def row_errors(letters: Iterable[str]) -> list[str]:
    """Blocking problems: exactly one A, at least one R."""
    letters = [letter for letter in letters if letter]
    errors = []
    accountable = _count(letters, "A")
    if accountable == 0:
        errors.append(_("Name exactly one Accountable (A): nobody answers for this activity."))
    elif accountable > 1:
        errors.append(
            _(
                "Only one Accountable (A) per activity: %(count)s are named. Keep one, make "
                "the others Responsible (R) or Consulted (C)."
            )
            % {"count": accountable}
        )
    if not _count(letters, "R"):
        errors.append(_("Name at least one Responsible (R): nobody does the work."))
    return errors


def row_warnings(letters: Iterable[str]) -> list[str]:
    """Worth a second look, not blocking: many R, or nobody Consulted or Informed."""
    letters = [letter for letter in letters if letter]
    warnings = []
    responsible = _count(letters, "R")
    if responsible >= MANY_RESPONSIBLE:
        warnings.append(
            ngettext(
                "%(count)s Responsible (R): when everyone does it, nobody does it.",
                "%(count)s Responsible (R): when everyone does it, nobody does it.",
                responsible,
            )
            % {"count": responsible}
        )
    if not _count(letters, "C") and not _count(letters, "I"):
        warnings.append(_("Nobody is Consulted (C) or Informed (I): is that on purpose?"))
    return warnings
