"""What a workshop produced, for the minutes page and its exports: boards, clusters, cards
and ranked votes. Cards hidden by a moderator are left out; authors appear only on boards
with signed cards."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from liant.analysis.ranking import rank

from .models import Board, Card, Cluster, Vote, Workshop


@dataclass
class BoardMinutes:
    board: Board
    columns: list[tuple[str, list[Card]]] = field(default_factory=list)
    clusters: list[tuple[Cluster, list[Card]]] = field(default_factory=list)
    ranking: list[tuple[str, int]] = field(default_factory=list)

    @property
    def ranked(self) -> list[tuple[int, str, int, bool]]:
        """(rank, title, dots, tied): items with as many dots share a rank."""
        return rank(self.ranking)


def workshop_minutes(workshop: Workshop) -> list[BoardMinutes]:
    result = []
    for board in workshop.boards.prefetch_related("columns", "clusters"):
        cards = list(
            Card.objects.filter(board=board, hidden=False).select_related("author", "column")
        )
        minutes = BoardMinutes(board)
        for column in board.columns.all():
            loose = [c for c in cards if c.column_id == column.pk and c.cluster_id is None]
            minutes.columns.append((column.title, loose))
        for cluster in board.clusters.all():
            minutes.clusters.append((cluster, [c for c in cards if c.cluster_id == cluster.pk]))
        titles = {f"card:{c.pk}": c.text for c in cards}
        titles |= {
            f"cluster:{c.pk}": c.title or _("Untitled group") for c, _cards in minutes.clusters
        }
        votes = Vote.objects.filter(board=board).values("card", "cluster").annotate(n=Count("pk"))
        ranking = []
        for row in votes:
            key = f"card:{row['card']}" if row["card"] else f"cluster:{row['cluster']}"
            if key in titles:
                ranking.append((titles[key], row["n"]))
        minutes.ranking = sorted(ranking, key=lambda item: (-item[1], item[0]))
        result.append(minutes)
    return result


def _author(card: Card, board: Board) -> str:
    return card.author.pseudonym if board.workshop.signed_cards else ""


def as_markdown(workshop: Workshop, boards: list[BoardMinutes]) -> str:
    lines = [f"# {workshop.title}", ""]
    if workshop.starts_at:
        lines += [workshop.starts_at.strftime("%d/%m/%Y %H:%M"), ""]
    for minutes in boards:
        lines += [f"## {minutes.board.title}", ""]
        for cluster, cards in minutes.clusters:
            lines += [f"### {cluster.title or _('Untitled group')}", ""]
            lines += [f"- {_md(card.text)}" for card in cards] + [""]
        for title, cards in minutes.columns:
            if cards:
                lines += [f"### {title}", ""] + [f"- {_md(card.text)}" for card in cards] + [""]
        if minutes.ranking:
            lines += [f"### {_('Ranked results')}", ""]
            # The rank in bold, not as a list number: tied items share theirs (1, 2, 2, 4).
            lines += [f"- **{r}.** {_md(t)} ({n})" for r, t, n, _tied in minutes.ranked]
            lines.append("")
    lines += _photos_markdown(workshop)
    return "\n".join(lines)


def _photos_markdown(workshop: Workshop) -> list[str]:
    photos = list(workshop.photos.all())
    if not photos:
        return []
    lines = [f"## {_('Photos')}", ""]
    for photo in photos:
        caption = f" — {_md(photo.caption)}" if photo.caption else ""
        lines.append(f"- {_md(photo.original_name)}{caption}")
    return [*lines, ""]


def _md(text: str) -> str:
    """One line of Markdown list item: newlines folded, markup characters escaped."""
    text = " ".join(text.split())
    for char in "\\`*_[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def as_csv(workshop: Workshop, boards: list[BoardMinutes]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Board"), _("Prompt"), _("Group"), _("Card"), _("Author"), _("Dots")])
    for minutes in boards:
        dots = dict(minutes.ranking)
        for cluster, cards in minutes.clusters:
            for card in cards:
                writer.writerow(_row(minutes, card, cluster.title, dots))
        for _title, cards in minutes.columns:
            for card in cards:
                writer.writerow(_row(minutes, card, "", dots))
    return out.getvalue()


def _row(minutes: BoardMinutes, card: Card, group: str, dots: dict) -> list:
    text = card.text
    # Spreadsheets run cells starting with these as formulas: keep them text.
    safe = "'" + text if text[:1] in "=+-@" else text
    return [
        minutes.board.title,
        card.column.title,
        group,
        safe,
        _author(card, minutes.board),
        dots.get(text, ""),
    ]
