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

from .models import Board, CafeTable, Card, Cluster, Vote, Workshop
from .openspace_selectors import find_open_space, grid


@dataclass
class BoardMinutes:
    board: Board
    columns: list[tuple[str, list[Card]]] = field(default_factory=list)
    clusters: list[tuple[Cluster, list[Card]]] = field(default_factory=list)
    ranking: list[tuple[str, int]] = field(default_factory=list)
    host: str = ""  # on a World Café table's board: its host
    zones: list = field(default_factory=list)  # on a canvas board: its zones, drawn as a grid

    @property
    def ranked(self) -> list[tuple[int, str, int, bool]]:
        """(rank, title, dots, tied): items with as many dots share a rank."""
        return rank(self.ranking)


@dataclass
class SessionMinutes:
    slot: str
    room: str
    title: str
    convener: str
    participants: int
    notes: BoardMinutes | None

    @property
    def cards(self) -> list[tuple[str, Card]]:
        """The session's visible notes as (prompt or group, card)."""
        if self.notes is None:
            return []
        found = [
            (c.title or _("Untitled group"), card) for c, cs in self.notes.clusters for card in cs
        ]
        return found + [(title, card) for title, cards in self.notes.columns for card in cards]


@dataclass
class OpenSpaceMinutes:
    theme: str
    sessions: list[SessionMinutes]


def open_space_minutes(workshop: Workshop) -> OpenSpaceMinutes | None:
    """The Open Space grid in time order: each session, its participants and its notes."""
    open_space = find_open_space(workshop)
    if open_space is None:
        return None
    sessions = []
    grid_now = grid(open_space)
    for row in grid_now.rows:
        for cell in row.cells:
            if cell.item is None:
                continue
            session = cell.item.session
            board = session.board
            sessions.append(
                SessionMinutes(
                    slot=str(row.slot),
                    room=cell.room.name,
                    title=session.title,
                    convener=session.convener,
                    participants=cell.item.count,
                    notes=board_minutes(board) if board else None,
                )
            )
    # Notes taken in a session that later left the grid are not lost.
    for item in grid_now.marketplace + grid_now.hidden:
        if item.session.board_id and item.notes:
            sessions.append(
                SessionMinutes(
                    slot=_("not in the grid"),
                    room="",
                    title=item.session.title,
                    convener=item.session.convener,
                    participants=item.count,
                    notes=board_minutes(item.session.board),
                )
            )
    return OpenSpaceMinutes(open_space.theme, sessions)

    @property
    def ranked(self) -> list[tuple[int, str, int, bool]]:
        """(rank, title, dots, tied): items with as many dots share a rank."""
        return rank(self.ranking)


def workshop_minutes(workshop: Workshop) -> list[BoardMinutes]:
    """The workshop's boards (an Open Space session's notes are in ``open_space_minutes``)."""
    boards = workshop.boards.filter(open_space_session__isnull=True)
    result = [board_minutes(board) for board in boards.prefetch_related("columns", "clusters")]
    _add_cafe_hosts(workshop, result)
    return result


def board_minutes(board: Board) -> BoardMinutes:
    cards = list(Card.objects.filter(board=board, hidden=False).select_related("author", "column"))
    minutes = BoardMinutes(board)
    for column in board.columns.all():
        loose = [c for c in cards if c.column_id == column.pk and c.cluster_id is None]
        minutes.columns.append((column.title, loose))
    for cluster in board.clusters.all():
        minutes.clusters.append((cluster, [c for c in cards if c.cluster_id == cluster.pk]))
    titles = {f"card:{c.pk}": c.text for c in cards}
    titles |= {f"cluster:{c.pk}": c.title or _("Untitled group") for c, _cards in minutes.clusters}
    votes = Vote.objects.filter(board=board).values("card", "cluster").annotate(n=Count("pk"))
    ranking = []
    for row in votes:
        key = f"card:{row['card']}" if row["card"] else f"cluster:{row['cluster']}"
        if key in titles:
            ranking.append((titles[key], row["n"]))
    minutes.ranking = sorted(ranking, key=lambda item: (-item[1], item[0]))
    if board.is_canvas:
        from .canvas_selectors import board_zones

        minutes.zones = board_zones(board, cards)
    return minutes


def _add_cafe_hosts(workshop: Workshop, boards: list[BoardMinutes]) -> None:
    from .worldcafe_selectors import host_label, labels

    tables = {t.board_id: t for t in CafeTable.objects.filter(cafe__workshop=workshop)}
    if tables:
        names = labels(workshop)
        for minutes in boards:
            table = tables.get(minutes.board.pk)
            minutes.host = host_label(table, names) if table else ""


def _author(card: Card, board: Board) -> str:
    return card.author.pseudonym if board.workshop.signed_cards else ""


def as_markdown(workshop: Workshop, boards: list[BoardMinutes]) -> str:
    lines = [f"# {workshop.title}", ""]
    if workshop.starts_at:
        lines += [workshop.starts_at.strftime("%d/%m/%Y %H:%M"), ""]
    for minutes in boards:
        lines += [f"## {minutes.board.title}", ""]
        if minutes.host:
            lines += [_("Host: %(host)s") % {"host": _md(minutes.host)}, ""]
        if minutes.zones:
            lines += _zones_markdown(minutes.zones)
        else:
            for cluster, cards in minutes.clusters:
                lines += [f"### {cluster.title or _('Untitled group')}", ""]
                lines += [f"- {_md(card.text)}" for card in cards] + [""]
            for title, cards in minutes.columns:
                if cards:
                    lines += [f"### {title}", ""] + [f"- {_md(card.text)}" for card in cards]
                    lines.append("")
        if minutes.ranking:
            lines += [f"### {_('Ranked results')}", ""]
            # The rank in bold, not as a list number: tied items share theirs (1, 2, 2, 4).
            lines += [f"- **{r}.** {_md(t)} ({n})" for r, t, n, _tied in minutes.ranked]
            lines.append("")
    open_space = open_space_minutes(workshop)
    if open_space is not None:
        lines += _open_space_markdown(open_space)
    lines += _photos_markdown(workshop)
    return "\n".join(lines)


def _zones_markdown(zones) -> list[str]:
    """A canvas, zone by zone: its groups (with their cards), then its other cards."""
    lines = []
    for zone in zones:
        if not zone.count:
            continue
        lines += [f"### {_md(zone.title)}", ""]
        for cluster, cards in zone.groups:
            lines += [f"- **{_md(cluster.title or _('Untitled group'))}**"]
            lines += [f"  - {_md(card.text)}" for card in cards]
        lines += [f"- {_md(card.text)}" for card in zone.cards] + [""]
    return lines


def _open_space_markdown(open_space: OpenSpaceMinutes) -> list[str]:
    lines = [f"## {_('Open Space')} — {_md(open_space.theme)}", ""]
    for session in open_space.sessions:
        where = " · ".join(part for part in (session.slot, _md(session.room)) if part)
        lines += [f"### {where} — {_md(session.title)}", ""]
        details = [_("%(count)s participant(s)") % {"count": session.participants}]
        if session.convener:
            details.insert(0, _("by %(name)s") % {"name": _md(session.convener)})
        lines += [" · ".join(details), ""]
        current = None
        for heading, card in session.cards:
            if heading != current:
                lines += ([""] if current else []) + [f"#### {_md(heading)}", ""]
                current = heading
            lines.append(f"- {_md(card.text)}")
        lines += [""] if current else []
    if not open_space.sessions:
        lines += [_("No session in the grid."), ""]
    return lines


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
    writer.writerow(
        [_("Board"), _("Prompt"), _("Group"), _("Card"), _("Author"), _("Dots"), _("Table host")]
    )
    for minutes in boards:
        dots = dict(minutes.ranking)
        for cluster, cards in minutes.clusters:
            for card in cards:
                writer.writerow(_row(minutes, card, cluster.title, dots))
        for _title, cards in minutes.columns:
            for card in cards:
                writer.writerow(_row(minutes, card, "", dots))
    open_space = open_space_minutes(workshop)
    if open_space is not None:
        writer.writerow([])
        writer.writerow([_("Open Space"), _safe(open_space.theme)])
        writer.writerow(
            [_("Time slot"), _("Room"), _("Session"), _("Convener"), _("Participants"),
             _("Prompt"), _("Card")]
        )  # fmt: skip
        for session in open_space.sessions:
            first = [session.slot, _safe(session.room), _safe(session.title),
                     _safe(session.convener), session.participants]  # fmt: skip
            for heading, card in session.cards or [("", None)]:
                writer.writerow(first + [_safe(heading), _safe(card.text) if card else ""])
    return out.getvalue()


def _safe(text: str) -> str:
    """Spreadsheets run cells starting with these as formulas: keep them text."""
    return "'" + text if text[:1] in "=+-@" else text


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
        _safe(minutes.host),
    ]


def _safe(value: str) -> str:
    return "'" + value if value[:1] in "=+-@" else value
