"""The board's commands: check, validate, persist, number. Synchronous and transport-free.

``apply(board_id, who, frame)`` runs one command in one transaction: it checks the sender's
rights, validates, writes, takes the board's next sequence number and stores a
``BoardEvent``; ``apply_many`` runs several in one transaction, one savepoint each. A
command whose UUID was already applied returns the stored event and changes nothing. Any
problem raises ``CommandError`` and stores nothing.
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liant.workshops.models import (
    CARD_MAX_LENGTH,
    Board,
    BoardEvent,
    Card,
    Cluster,
    Column,
    Participant,
    Vote,
    WorkshopInvitation,
)

TIMER_MAX_SECONDS = 3 * 3600
MAX_CARDS_PER_GROUP = 500


class CommandError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Who:
    """The sender: a participant of the workshop, and/or one of its facilitators."""

    participant_id: int | None
    is_facilitator: bool = False


def apply(board_id: int, who: Who, frame: dict) -> tuple[BoardEvent, bool]:
    """Apply a command frame; return (event, created). ``created`` is False for a replay."""
    (result,) = apply_many(board_id, [(who, frame, None)])
    if isinstance(result, CommandError):
        raise result
    return result


def apply_many(
    board_id: int, commands: list[tuple[Who, dict, str | None]]
) -> list[tuple[BoardEvent, bool] | CommandError]:
    """Apply several commands (sender, frame, language of its messages) in one transaction,
    in order, each in its own savepoint: one refused command changes nothing and leaves the
    others be. Returns, per command, (event, created) or the ``CommandError``.

    One transaction for a group of commands is what lets a busy board keep up: the commit
    (a disk flush), the thread hop and the replay lookup are paid once per group."""
    parsed = []
    for _who, frame, language in commands:
        with _speaking(language):
            parsed.append(_parse(frame))
    ids = [item[0] for item in parsed if not isinstance(item, CommandError)]
    stored = {
        event.command_id: event
        for event in BoardEvent.objects.filter(board_id=board_id, command_id__in=ids)
    }
    results: list[tuple[BoardEvent, bool] | CommandError] = []
    with transaction.atomic():
        # The board is read (and, on PostgreSQL, locked) once for the group; its seq is
        # counted here and written once at the end.
        board = _locked_board(board_id)
        first_seq = board.seq
        for (who, frame, language), item in zip(commands, parsed, strict=True):
            if isinstance(item, CommandError):
                results.append(item)
                continue
            command_id, handler = item
            if command_id in stored:
                results.append((stored[command_id], False))
                continue
            try:
                with transaction.atomic(), _speaking(language):
                    event = _write(board, who, frame, command_id, handler)
            except CommandError as error:
                board = _locked_board(board_id, seq=board.seq - 1)  # as before this command
                results.append(error)
                continue
            except IntegrityError:
                # The same command raced in through another process: the first one won.
                existing = BoardEvent.objects.filter(
                    board_id=board_id, command_id=command_id
                ).first()
                if existing is None:
                    raise
                board = _locked_board(board_id, seq=board.seq - 1)
                results.append((existing, False))
                continue
            stored[command_id] = event
            results.append((event, True))
        if board.seq != first_seq:
            Board.objects.filter(pk=board_id).update(seq=board.seq)
    return results


def _locked_board(board_id: int, seq: int | None = None) -> Board:
    """The board, its row locked until the transaction ends (PostgreSQL; SQLite's immediate
    transactions already hold the database's write lock). Taking the lock first serialises
    the board's writers. ``seq``: the number counted so far in this transaction, when a
    refused command's savepoint undid what it changed and the board is read again."""
    board = Board.objects.select_for_update(of=("self",)).select_related("workshop")
    board = board.get(pk=board_id)
    if seq is not None:
        board.seq = seq
    return board


def _speaking(language: str | None):
    """Messages in the sender's language (or the active one)."""
    return translation.override(language) if language else contextlib.nullcontext()


def _parse(frame: dict):
    try:
        command_id = uuid.UUID(str(frame.get("id")))
    except ValueError:
        return CommandError("bad_frame", _("Each command needs an id (a UUID)."))
    handler = HANDLERS.get(frame.get("type"))
    if handler is None:
        return CommandError("unknown_command", _("Unknown command."))
    return command_id, handler


def _write(board: Board, who: Who, frame: dict, command_id: uuid.UUID, handler) -> BoardEvent:
    board.seq += 1
    event_kind, payload = handler(board, who, frame)
    return BoardEvent.objects.create(
        board=board, seq=board.seq, command_id=command_id, kind=event_kind, payload=payload
    )


# --- Checks


def _facilitator(who: Who) -> None:
    if not who.is_facilitator:
        raise CommandError("forbidden", _("Only the facilitators can do this."))


def _writable(board: Board, who: Who) -> None:
    if who.participant_id is None:
        raise CommandError("forbidden", _("Join the workshop first."))
    _still_invited(board, who)
    if board.locked and not who.is_facilitator:
        raise CommandError("locked", _("The board is locked by the facilitator."))


def _still_invited(board: Board, who: Who) -> None:
    """On an invited-only workshop, a participant whose invitation was revoked (or who came
    by the code before) can no longer write."""
    if not board.workshop.invited_only or who.is_facilitator:
        return
    if not WorkshopInvitation.objects.filter(
        participant_id=who.participant_id, workshop_id=board.workshop_id, revoked_at=None
    ).exists():
        raise CommandError("forbidden", _("This workshop is by invitation: use your link."))


def _can_group(board: Board, who: Who) -> None:
    if not (who.is_facilitator or board.workshop.everyone_can_group):
        raise CommandError("forbidden", _("Only the facilitators move cards on this board."))
    if who.participant_id is not None:
        _still_invited(board, who)
    if board.locked and not who.is_facilitator:
        raise CommandError("locked", _("The board is locked by the facilitator."))


def _text(frame: dict, field: str = "text", limit: int = CARD_MAX_LENGTH) -> str:
    value = frame.get(field)
    if not isinstance(value, str) or not value.strip():
        raise CommandError("invalid", _("Write something first."))
    value = value.strip()
    if len(value) > limit:
        raise CommandError("invalid", _("At most %(limit)s characters, please.") % {"limit": limit})
    return value


def _int(frame: dict, field: str) -> int:
    value = frame.get(field)
    if isinstance(value, bool) or not isinstance(value, int):
        raise CommandError("invalid", _("A number is expected for “%(field)s”.") % {"field": field})
    return value


def _get(model, board: Board, frame: dict, field: str):
    """An object of this board named by the frame (another board's id is not found)."""
    try:
        return model.objects.get(pk=_int(frame, field), board=board)
    except model.DoesNotExist:
        raise CommandError("not_found", _("This item is not on this board.")) from None


def card_data(card: Card) -> dict:
    author = card.author
    return {
        "id": card.pk,
        "column": card.column_id,
        "cluster": card.cluster_id,
        "text": card.text,
        "hidden": card.hidden,
        "position": card.position,
        "author": author.pk,  # stripped by the projection
        "pseudonym": author.pseudonym,  # shown only on boards with signed cards
    }


# --- Cards


def card_add(board: Board, who: Who, frame: dict):
    _writable(board, who)
    if board.stage != Board.Stage.WRITE and not who.is_facilitator:
        raise CommandError("stage", _("Writing is closed on this board."))
    column = _get(Column, board, frame, "column")
    text = _text(frame)
    card = Card.objects.create(
        workspace_id=board.workspace_id,
        board=board,
        column=column,
        author_id=who.participant_id,
        text=text,
        position=Card.objects.filter(board=board).count(),
    )
    card.author = Participant.objects.get(pk=who.participant_id)
    return "card.added", {"card": card_data(card), "masked": board.cards_hidden}


def _own_card(board: Board, who: Who, frame: dict) -> Card:
    _writable(board, who)
    card = _get(Card, board, frame, "card")
    if card.author_id != who.participant_id:
        raise CommandError("forbidden", _("You can only change your own cards."))
    if board.revealed or board.stage != Board.Stage.WRITE:
        raise CommandError("stage", _("Cards can no longer be changed once revealed."))
    return card


def card_edit(board: Board, who: Who, frame: dict):
    card = _own_card(board, who, frame)
    card.text = _text(frame)
    card.save(update_fields=["text", "updated_at"])
    return "card.edited", {"card": card_data(card), "masked": board.cards_hidden}


def card_delete(board: Board, who: Who, frame: dict):
    card = _own_card(board, who, frame)
    card_id, author = card.pk, card.author_id
    card.delete()
    return "card.deleted", {"card": {"id": card_id, "author": author}}


def card_hide(board: Board, who: Who, frame: dict):
    _facilitator(who)
    card = _get(Card, board, frame, "card")
    card.hidden = bool(frame.get("hidden", True))
    card.save(update_fields=["hidden", "updated_at"])
    return "card.moderated", {"card": card_data(card), "masked": board.cards_hidden}


def card_move(board: Board, who: Who, frame: dict):
    _can_group(board, who)
    card = _get(Card, board, frame, "card")
    cluster = None if frame.get("cluster") is None else _get(Cluster, board, frame, "cluster")
    if cluster is not None and board.is_canvas and cluster.column_id != card.column_id:
        raise CommandError("zone", _("On a canvas, a card stays in its zone."))
    card.cluster = cluster
    if "position" in frame:
        card.position = max(0, _int(frame, "position"))
    card.save(update_fields=["cluster", "position", "updated_at"])
    return "card.moved", {
        "card": {"id": card.pk, "cluster": card.cluster_id, "position": card.position}
    }


# --- Clusters


def cluster_create(board: Board, who: Who, frame: dict):
    """A new group, empty or with ``cards`` moved into it (an accepted suggestion)."""
    _can_group(board, who)
    title = "" if not frame.get("title") else _text(frame, "title", 200)
    card_ids = frame.get("cards") or []
    if not isinstance(card_ids, list) or len(card_ids) > MAX_CARDS_PER_GROUP:
        raise CommandError("invalid", _("A list of cards is expected."))
    cards = list(
        Card.objects.filter(board=board, pk__in=[i for i in card_ids if isinstance(i, int)])
    )
    if len(cards) != len(card_ids):
        raise CommandError("not_found", _("This item is not on this board."))
    column = _zone_of(board, cards, frame)
    cluster = Cluster.objects.create(
        workspace_id=board.workspace_id,
        board=board,
        column=column,
        title=title,
        position=Cluster.objects.filter(board=board).count(),
    )
    Card.objects.filter(pk__in=[c.pk for c in cards]).update(cluster=cluster)
    return "cluster.created", {"cluster": cluster_data(cluster), "cards": [c.pk for c in cards]}


def _zone_of(board: Board, cards: list[Card], frame: dict) -> Column | None:
    """On a canvas, the zone of a new group: that of its cards (all in one zone), or the one
    named by ``column`` for an empty group. Elsewhere groups span the board."""
    if not board.is_canvas:
        return None
    zones = {card.column_id for card in cards}
    if len(zones) > 1:
        raise CommandError("zone", _("On a canvas, a group gathers cards of one zone only."))
    if zones:
        return Column.objects.get(pk=zones.pop())
    if frame.get("column") is None:
        raise CommandError("zone", _("Choose the zone of this group."))
    return _get(Column, board, frame, "column")


def cluster_data(cluster: Cluster) -> dict:
    return {
        "id": cluster.pk,
        "title": cluster.title,
        "position": cluster.position,
        "column": cluster.column_id,
    }


def cluster_rename(board: Board, who: Who, frame: dict):
    _can_group(board, who)
    cluster = _get(Cluster, board, frame, "cluster")
    cluster.title = _text(frame, "title", 200)
    cluster.save(update_fields=["title", "updated_at"])
    return "cluster.renamed", {"cluster": cluster_data(cluster)}


def cluster_delete(board: Board, who: Who, frame: dict):
    """Delete a cluster; its cards stay on the board, ungrouped (a merge moves them first)."""
    _can_group(board, who)
    cluster = _get(Cluster, board, frame, "cluster")
    cluster_id = cluster.pk
    cluster.delete()
    return "cluster.deleted", {"cluster": {"id": cluster_id}}


def cluster_merge(board: Board, who: Who, frame: dict):
    """Move every card of ``cluster`` into ``into``, then delete ``cluster``."""
    _can_group(board, who)
    source = _get(Cluster, board, frame, "cluster")
    target = _get(Cluster, board, frame, "into")
    if source.pk == target.pk:
        raise CommandError("invalid", _("Choose another group to merge into."))
    if board.is_canvas and source.column_id != target.column_id:
        raise CommandError("zone", _("On a canvas, a group gathers cards of one zone only."))
    cards = list(source.cards.values_list("pk", flat=True))
    Card.objects.filter(pk__in=cards).update(cluster=target)
    source_id = source.pk
    source.delete()
    order = _renumber_clusters(board)
    return "cluster.merged", {
        "cluster": {"id": source_id},
        "into": target.pk,
        "cards": cards,
        "order": [c.pk for c in order],
    }


def cluster_move(board: Board, who: Who, frame: dict):
    """Put a group at ``position`` (0 first) among the board's groups."""
    _can_group(board, who)
    cluster = _get(Cluster, board, frame, "cluster")
    order = [c for c in board.clusters.all() if c.pk != cluster.pk]
    position = min(max(0, _int(frame, "position")), len(order))
    order.insert(position, cluster)
    _renumber_clusters(board, order)
    return "cluster.moved", {"order": [c.pk for c in order]}


def _renumber_clusters(board: Board, order: list[Cluster] | None = None) -> list[Cluster]:
    """Positions 0, 1, 2… in ``order`` (the current order by default); events carry the
    order so that every client renumbers the same way."""
    order = list(board.clusters.all()) if order is None else order
    for position, cluster in enumerate(order):
        if cluster.position != position:
            cluster.position = position
            cluster.save(update_fields=["position", "updated_at"])
    return order


# --- Facilitation


def board_reveal(board: Board, who: Who, frame: dict):
    _facilitator(who)
    board.revealed = True
    board.save(update_fields=["revealed", "updated_at"])
    return "board.revealed", {}


def board_stage(board: Board, who: Who, frame: dict):
    _facilitator(who)
    stage = frame.get("stage")
    if stage not in Board.Stage.values:
        raise CommandError("invalid", _("Unknown stage."))
    board.stage = stage
    if stage != Board.Stage.WRITE:
        board.revealed = True  # grouping and voting need the cards in view
    board.save(update_fields=["stage", "revealed", "updated_at"])
    return "board.stage", {"stage": stage, "revealed": board.revealed}


def board_lock(board: Board, who: Who, frame: dict):
    _facilitator(who)
    board.locked = bool(frame.get("locked", True))
    board.save(update_fields=["locked", "updated_at"])
    return "board.locked", {"locked": board.locked}


def board_results(board: Board, who: Who, frame: dict):
    _facilitator(who)
    board.results_shown = bool(frame.get("shown", True))
    board.save(update_fields=["results_shown", "updated_at"])
    return "board.results", {"shown": board.results_shown}


# --- Votes


def _vote_target(board: Board, frame: dict) -> dict:
    if frame.get("card") is not None:
        return {"card": _get(Card, board, frame, "card")}
    if frame.get("cluster") is not None:
        return {"cluster": _get(Cluster, board, frame, "cluster")}
    raise CommandError("invalid", _("Vote for a card or a group."))


def tally(board: Board) -> dict:
    totals: dict[str, int] = {}
    for card_id, cluster_id in Vote.objects.filter(board=board).values_list("card", "cluster"):
        key = f"card:{card_id}" if card_id else f"cluster:{cluster_id}"
        totals[key] = totals.get(key, 0) + 1
    return totals


def vote_add(board: Board, who: Who, frame: dict):
    _writable(board, who)
    if board.stage != Board.Stage.VOTE:
        raise CommandError("stage", _("Voting is not open."))
    target = _vote_target(board, frame)
    workshop = board.workshop
    mine = _dots(board, who)  # read once: the budget, the one-per-item rule and the payload
    key = _dot_key(target)
    if sum(mine.values()) >= workshop.dots_per_participant:
        raise CommandError("budget", _("You have used all your dots."))
    if not workshop.several_dots_per_item and mine.get(key):
        raise CommandError("budget", _("One dot per item on this board."))
    Vote.objects.create(
        workspace_id=board.workspace_id, board=board, participant_id=who.participant_id, **target
    )
    mine[key] = mine.get(key, 0) + 1
    return "vote.changed", _vote_payload(board, who, target, mine)


def vote_remove(board: Board, who: Who, frame: dict):
    _writable(board, who)
    if board.stage != Board.Stage.VOTE:
        raise CommandError("stage", _("Voting is not open."))
    target = _vote_target(board, frame)
    vote = Vote.objects.filter(board=board, participant_id=who.participant_id, **target).first()
    if vote is None:
        raise CommandError("not_found", _("You have no dot on this item."))
    vote.delete()
    return "vote.changed", _vote_payload(board, who, target, _dots(board, who))


def _dots(board: Board, who: Who) -> dict[str, int]:
    """The sender's dots on this board, per item (``card:<id>`` or ``cluster:<id>``)."""
    mine: dict[str, int] = {}
    for card_id, cluster_id in Vote.objects.filter(
        board=board, participant_id=who.participant_id
    ).values_list("card", "cluster"):
        key = f"card:{card_id}" if card_id else f"cluster:{cluster_id}"
        mine[key] = mine.get(key, 0) + 1
    return mine


def _dot_key(target: dict) -> str:
    [(kind, item)] = target.items()
    return f"{kind}:{item.pk}"


def _vote_payload(board: Board, who: Who, target: dict, mine: dict[str, int]) -> dict:
    """The voter's own dots, and the new total of the one item that changed (a delta: the
    whole tally would grow with the board and be sent to everyone on every dot)."""
    total = Vote.objects.filter(board=board, **target).count()
    return {"voter": who.participant_id, "mine": mine, "totals": {_dot_key(target): total}}


# --- Timer


def timer_data(board: Board) -> dict:
    ends = board.timer_ends_at
    return {
        "ends_at": ends.isoformat() if ends else None,
        "remaining": board.timer_remaining,
        "server_now": timezone.now().isoformat(),
    }


def timer(board: Board, who: Who, frame: dict):
    _facilitator(who)
    action = frame.get("action")
    now = timezone.now()
    if action == "start":
        seconds = _int(frame, "seconds")
        if not 1 <= seconds <= TIMER_MAX_SECONDS:
            raise CommandError("invalid", _("Choose a duration between 1 second and 3 hours."))
        board.timer_ends_at, board.timer_remaining = now + datetime.timedelta(seconds=seconds), None
    elif action == "pause" and board.timer_ends_at:
        remaining = max(0, int((board.timer_ends_at - now).total_seconds()))
        board.timer_ends_at, board.timer_remaining = None, remaining
    elif action == "resume" and board.timer_remaining is not None:
        board.timer_ends_at = now + datetime.timedelta(seconds=board.timer_remaining)
        board.timer_remaining = None
    elif action == "add":
        if board.timer_ends_at:
            board.timer_ends_at += datetime.timedelta(seconds=60)
        elif board.timer_remaining is not None:
            board.timer_remaining += 60
        else:
            raise CommandError("invalid", _("Start the timer first."))
    elif action == "stop":
        board.timer_ends_at = board.timer_remaining = None
    else:
        raise CommandError("invalid", _("Unknown timer action."))
    board.save(update_fields=["timer_ends_at", "timer_remaining", "updated_at"])
    return "timer", timer_data(board)


HANDLERS = {
    "card.add": card_add,
    "card.edit": card_edit,
    "card.delete": card_delete,
    "card.hide": card_hide,
    "card.move": card_move,
    "cluster.create": cluster_create,
    "cluster.rename": cluster_rename,
    "cluster.delete": cluster_delete,
    "cluster.merge": cluster_merge,
    "cluster.move": cluster_move,
    "board.reveal": board_reveal,
    "board.stage": board_stage,
    "board.lock": board_lock,
    "board.results": board_results,
    "vote.add": vote_add,
    "vote.remove": vote_remove,
    "timer": timer,
}


def suggestion_input(board_id: int, who: Who) -> tuple[list[int], list[str], str]:
    """The board's ungrouped, visible cards (ids and texts) and their language, for the
    facilitator's "suggest groups"."""
    _facilitator(who)
    board = Board.objects.select_related("workshop__mission").get(pk=board_id)
    cards = list(
        Card.objects.filter(board=board, cluster__isnull=True, hidden=False).values_list(
            "pk", "text"
        )
    )
    mission = board.workshop.mission
    return (
        [pk for pk, _ in cards],
        [text for _, text in cards],
        mission.language if mission else "fr",
    )
