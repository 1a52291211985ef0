"""Qualitative coding of interview notes: pure algorithms, no Django.

- ``fold`` / ``find_all``: accent- and case-insensitive search, with the matches given as
  character offsets into the *original* text;
- ``reanchor``: find a coded passage again after its note was edited;
- ``creates_cycle``: the codebook is a tree (a theme cannot move under its own descendant);
- ``context``: a few words around a quote;
- ``interviews_by_group``: how many interviews mention each theme, per group (unit, role).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping

_WORD = re.compile(r"\S+")


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` without accents, case-folded, with, for each folded character, the index of
    the original character it comes from (folding may change the length: "ß" → "ss")."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        decomposed = unicodedata.normalize("NFKD", char)
        for part in decomposed:
            if unicodedata.combining(part):
                continue
            for folded in part.casefold():
                chars.append(folded)
                origin.append(index)
    return "".join(chars), origin


def find_all(text: str, query: str, limit: int = 1000) -> list[tuple[int, int]]:
    """Non-overlapping matches of ``query`` in ``text`` as ``(start, end)`` offsets into
    ``text``, ignoring accents and case. An empty query matches nothing."""
    needle, _origin = fold(query.strip())
    if not needle:
        return []
    haystack, origin = fold(text)
    matches: list[tuple[int, int]] = []
    position = haystack.find(needle)
    while position != -1 and len(matches) < limit:
        last = position + len(needle) - 1
        matches.append((origin[position], origin[last] + 1))
        position = haystack.find(needle, position + len(needle))
    return matches


def reanchor(text: str, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """Where the passage ``quote`` (once at ``text[start:end]``) is now, or None if it is gone.

    The stored offsets win when they still hold the quote; otherwise the occurrence of the
    quote nearest to the old start is taken (an edit above the passage shifts it)."""
    if not quote:
        return None
    if 0 <= start < end <= len(text) and text[start:end] == quote:
        return start, end
    best: int | None = None
    position = text.find(quote)
    while position != -1:
        if best is None or abs(position - start) < abs(best - start):
            best = position
        position = text.find(quote, position + 1)
    if best is None:
        return None
    return best, best + len(quote)


def creates_cycle(parents: Mapping[int, int | None], node: int, new_parent: int | None) -> bool:
    """Whether putting ``node`` under ``new_parent`` would make a loop in the tree given by
    ``parents`` (child → parent)."""
    seen: set[int] = set()
    current = new_parent
    while current is not None:
        if current == node or current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def descendants(parents: Mapping[int, int | None], node: int) -> set[int]:
    """``node`` and every node below it."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for child, parent in parents.items():
        children[parent].append(child)
    found = {node}
    stack = [node]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def context(text: str, start: int, end: int, words: int = 8) -> tuple[str, str, str]:
    """(before, passage, after): up to ``words`` words on each side of ``text[start:end]``,
    with "…" where the note goes on."""
    head, tail = text[:start], text[end:]
    before_words = list(_WORD.finditer(head))
    after_words = list(_WORD.finditer(tail))
    before, after = head, tail
    if len(before_words) > words:
        before = "…" + head[before_words[-words].start() :]
    if len(after_words) > words:
        after = tail[: after_words[words - 1].end()] + "…"
    return before, text[start:end], after


def interviews_by_group(
    mentions: Iterable[tuple[int, int]],
    groups: Mapping[int, Iterable[str]],
    ancestors: Mapping[int, Iterable[int]] | None = None,
) -> dict[int, dict[str, int]]:
    """{theme: {group: number of distinct interviews}}.

    ``mentions`` are (theme, interview) pairs (one per coded excerpt and theme); ``groups``
    gives the groups of each interview (the units or roles of the people interviewed; a
    collective interview counts once in each of its groups); ``ancestors`` (theme → its
    parent themes) makes a parent theme count the interviews of its sub-themes too."""
    seen: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for theme, interview in mentions:
        themes = [theme, *((ancestors or {}).get(theme, ()))]
        for group in set(groups.get(interview, ())):
            for counted in themes:
                seen[counted][group].add(interview)
    return {
        theme: {group: len(ids) for group, ids in by_group.items()}
        for theme, by_group in seen.items()
    }
