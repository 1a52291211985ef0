"""A readable diff between two versions of a document: clause by clause, word by word.

Pure Python (``difflib``). Clauses are aligned on their ``key`` (the same clause across
versions); inside a clause the words are compared and rendered as HTML with ``<ins>`` and
``<del>``. Every piece of text is escaped here: the result is safe to mark as HTML.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

# Words and the spaces between them are separate tokens, so spacing survives the diff.
_TOKENS = re.compile(r"\s+|[^\s]+")


class ClauseLike(Protocol):
    key: object
    title: str
    text: str


@dataclass(frozen=True)
class ClauseDiff:
    status: str  # "same", "changed", "added", "removed"
    title_html: str
    text_html: str


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text or "")


def word_diff_html(old: str, new: str) -> str:
    """``old`` → ``new`` as escaped HTML, deleted words in ``<del>``, new ones in ``<ins>``."""
    a, b = tokens(old), tokens(new)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def _whole(text: str, tag: str) -> str:
    return f"<{tag}>{html.escape(text)}</{tag}>" if text else ""


def compare(old: Sequence[ClauseLike], new: Sequence[ClauseLike]) -> list[ClauseDiff]:
    """The clauses of ``new`` in order, each compared with the same clause of ``old``; a
    removed clause is shown where it stood (after the clause that preceded it in ``old``)."""
    old_by_key = {c.key: c for c in old}
    new_keys = {c.key for c in new}
    # Removed clauses, attached to the nearest earlier clause that still exists.
    removed_after: dict[object, list[ClauseLike]] = {}
    anchor = None
    for clause in old:
        if clause.key in new_keys:
            anchor = clause.key
        else:
            removed_after.setdefault(anchor, []).append(clause)

    rows: list[ClauseDiff] = [_removed(c) for c in removed_after.get(None, [])]
    for clause in new:
        before = old_by_key.get(clause.key)
        if before is None:
            rows.append(
                ClauseDiff("added", _whole(clause.title, "ins"), _whole(clause.text, "ins"))
            )
        else:
            same = (before.title, before.text) == (clause.title, clause.text)
            rows.append(
                ClauseDiff(
                    "same" if same else "changed",
                    word_diff_html(before.title, clause.title),
                    word_diff_html(before.text, clause.text),
                )
            )
        rows.extend(_removed(c) for c in removed_after.get(clause.key, []))
    return rows


def _removed(clause: ClauseLike) -> ClauseDiff:
    return ClauseDiff("removed", _whole(clause.title, "del"), _whole(clause.text, "del"))


def counts(rows: Iterable[ClauseDiff]) -> dict[str, int]:
    result = {"same": 0, "changed": 0, "added": 0, "removed": 0}
    for row in rows:
        result[row.status] += 1
    return result
