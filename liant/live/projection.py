"""What each viewer may see of the board: the only way board data leaves the server.

Authors are never sent: a viewer learns only whether a card is theirs (``mine``), and the
pseudonym when the workshop signs its cards. While cards are hidden until reveal, the text
of others' cards is withheld. Vote totals go to facilitators, and to everyone once shown.
"""

from __future__ import annotations

from liant.workshops.models import Board, Card, Vote

from .protocol import Who, card_data, cluster_data, tally, timer_data


def card_view(card: dict, viewer: Who, *, masked: bool, signed: bool) -> dict:
    mine = viewer.participant_id is not None and card.get("author") == viewer.participant_id
    view = {k: v for k, v in card.items() if k not in ("author", "pseudonym")}
    view["mine"] = mine
    if signed and card.get("pseudonym"):
        view["by"] = card["pseudonym"]
    if masked and not mine:
        view.pop("text", None)
        view["masked"] = True
    if card.get("hidden") and not (viewer.is_facilitator or mine):
        view.pop("text", None)
    return view


def event_view(kind: str, payload: dict, seq: int, viewer: Who, *, signed: bool, results: bool):
    """The frame one viewer receives for one event."""
    data = dict(payload)
    if "card" in data and "text" in data["card"]:
        data["card"] = card_view(
            data["card"], viewer, masked=data.pop("masked", False), signed=signed
        )
    elif "card" in data:
        data["card"] = {k: v for k, v in data["card"].items() if k != "author"}
    if kind == "vote.changed":
        mine = data.pop("voter") == viewer.participant_id
        totals = data.pop("totals")
        data = {"mine": data["mine"]} if mine else {}
        if viewer.is_facilitator or results:
            data["totals"] = totals
    return {"type": "event", "seq": seq, "kind": kind, "data": data}


def snapshot(board: Board, viewer: Who) -> dict:
    """The whole board as this viewer may see it."""
    signed = board.workshop.signed_cards
    cards = Card.objects.filter(board=board).select_related("author")
    mine: dict[str, int] = {}
    if viewer.participant_id:
        for card_id, cluster_id in Vote.objects.filter(
            board=board, participant_id=viewer.participant_id
        ).values_list("card", "cluster"):
            key = f"card:{card_id}" if card_id else f"cluster:{cluster_id}"
            mine[key] = mine.get(key, 0) + 1
    results = board.results_shown or viewer.is_facilitator
    return {
        "type": "snapshot",
        "seq": board.seq,
        "board": {
            "id": board.pk,
            "title": board.title,
            "stage": board.stage,
            "revealed": board.revealed,
            "hidden_until_reveal": board.hidden_until_reveal,
            "locked": board.locked,
            "results_shown": board.results_shown,
            "dots": board.workshop.dots_per_participant,
            "several_dots": board.workshop.several_dots_per_item,
            "everyone_can_group": board.workshop.everyone_can_group,
            "columns": [{"id": c.pk, "title": c.title} for c in board.columns.all()],
            "clusters": [cluster_data(c) for c in board.clusters.all()],
            "cards": [
                card_view(card_data(c), viewer, masked=board.cards_hidden, signed=signed)
                for c in cards
            ],
            "votes": {"mine": mine, **({"totals": tally(board)} if results else {})},
            "timer": timer_data(board),
        },
    }
