"""What each viewer may see of the board: the only way board data leaves the server.

Authors are never sent: a viewer learns only whether a card is theirs (``mine``), and the
pseudonym when the workshop signs its cards. While cards are hidden until reveal, the text
of others' cards is withheld. Vote totals go to facilitators, and to everyone once shown.
"""

from __future__ import annotations

import json

from liant.workshops.models import Board, Card, Vote

from .protocol import Who, card_data, cluster_data, tally, timer_data


def card_view(card: dict, viewer: Who, *, masked: bool, signed: bool) -> dict:
    mine = viewer.participant_id is not None and card.get("author") == viewer.participant_id
    if masked and not mine:
        # Hidden until reveal: others learn only that a column has one more card (and
        # whether the facilitator moderated it).
        return {
            "id": card["id"],
            "column": card["column"],
            "hidden": card.get("hidden", False),
            "mine": False,
            "masked": True,
        }
    view = {k: v for k, v in card.items() if k not in ("author", "pseudonym")}
    view["mine"] = mine
    if signed and card.get("pseudonym"):
        view["by"] = card["pseudonym"]
    if card.get("hidden") and not (viewer.is_facilitator or mine):
        view.pop("text", None)
    return view


def event_view(kind: str, payload: dict, seq: int, viewer: Who, *, signed: bool, results: bool):
    """What one viewer receives of one event: ``{"seq", "kind", "data"}``."""
    data = dict(payload)
    if "card" in data and "text" in data["card"]:
        data["card"] = card_view(
            data["card"], viewer, masked=data.pop("masked", False), signed=signed
        )
    elif "card" in data:
        data["card"] = {k: v for k, v in data["card"].items() if k != "author"}
    if kind == "vote.changed":
        mine = data.pop("voter") == viewer.participant_id
        totals = data.pop("totals")  # the changed items' new totals: the client merges them
        data = {"mine": data["mine"]} if mine else {}
        if viewer.is_facilitator or results:
            data["totals"] = totals
    return {"seq": seq, "kind": kind, "data": data}


# Events after which a viewer may see texts or totals it could not see: a snapshot follows.
RESNAPSHOT = frozenset({"board.revealed", "board.stage", "board.results"})


def shared_viewer(viewer: Who) -> Who:
    """The projection this viewer shares with others of its kind (participants, facilitators)
    for events that are not its own."""
    return Who(None, viewer.is_facilitator)


def concerned(events) -> set[int]:
    """Participants whose view of these events differs from the shared one: the authors of
    their cards (``mine``) and the voters (their own dots)."""
    ids = set()
    for _seq, kind, payload in events:
        card = payload.get("card")
        if isinstance(card, dict) and card.get("author") is not None:
            ids.add(card["author"])
        if kind == "vote.changed" and payload.get("voter") is not None:
            ids.add(payload["voter"])
    return ids


def batch_view(events, viewer: Who, signed: bool, results: bool) -> dict:
    """One frame for a run of consecutive events (``(seq, kind, payload)``, in order), as this
    viewer may see them; ``results``: whether vote results were shown before the first."""
    views = []
    for seq, kind, payload in events:
        if kind == "board.results":
            results = payload["shown"]
        views.append(event_view(kind, payload, seq, viewer, signed=signed, results=results))
    return {"type": "batch", "seq": events[-1][0], "events": views}


def results_after(events, results: bool) -> bool:
    for _seq, kind, payload in events:
        if kind == "board.results":
            results = payload["shown"]
    return results


# --- Snapshots


def board_state(board: Board) -> dict:
    """Everything a snapshot needs, read once and then projected for each viewer."""
    votes: dict[int, dict[str, int]] = {}
    for participant_id, card_id, cluster_id in Vote.objects.filter(board=board).values_list(
        "participant", "card", "cluster"
    ):
        key = f"card:{card_id}" if card_id else f"cluster:{cluster_id}"
        mine = votes.setdefault(participant_id, {})
        mine[key] = mine.get(key, 0) + 1
    cards = [card_data(c) for c in Card.objects.filter(board=board).select_related("author")]
    return {
        "seq": board.seq,
        "signed": board.workshop.signed_cards,
        "masked": board.cards_hidden,
        "results_shown": board.results_shown,
        "cards": cards,
        "votes": votes,
        "totals": tally(board),
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
            "columns": [column_data(c) for c in board.columns.all()],
            "grid_columns": board.grid_columns,  # a canvas board: zones on this grid
            "clusters": [cluster_data(c) for c in board.clusters.all()],
            "timer": timer_data(board),
        },
    }


def column_data(column) -> dict:
    data = {"id": column.pk, "title": column.title}
    if column.grid:
        data |= {"prompt": column.prompt, "grid": column.grid}
    return data


def snapshot_from(state: dict, viewer: Who) -> dict:
    results = state["results_shown"] or viewer.is_facilitator
    return {
        "type": "snapshot",
        "seq": state["seq"],
        "board": {
            **state["board"],
            "cards": [
                card_view(c, viewer, masked=state["masked"], signed=state["signed"])
                for c in state["cards"]
            ],
            "votes": {
                "mine": dict(state["votes"].get(viewer.participant_id, {})),
                **({"totals": state["totals"]} if results else {}),
            },
        },
    }


def dumps(frame: dict) -> str:
    return json.dumps(frame, separators=(",", ":"))


def snapshot_text(state: dict, viewer: Who, cache: dict) -> str:
    """``dumps(snapshot_from(state, viewer))``, built from card fragments serialised once per
    kind of viewer (``cache``, shared by all the viewers of one state): a reveal sends a
    snapshot to every connection, and most of it is the same for all."""
    key = shared_viewer(viewer)
    personal = viewer.participant_id is not None and viewer.participant_id in _authors(state, cache)
    if not personal and ("text", key) in cache and viewer.participant_id not in state["votes"]:
        return cache[("text", key)]
    if ("cards", key) not in cache:
        cache[("cards", key)] = [
            dumps(card_view(c, key, masked=state["masked"], signed=state["signed"]))
            for c in state["cards"]
        ]
    fragments = cache[("cards", key)]
    if personal:
        fragments = list(fragments)
        for i in _authors(state, cache)[viewer.participant_id]:
            card = state["cards"][i]
            fragments[i] = dumps(
                card_view(card, viewer, masked=state["masked"], signed=state["signed"])
            )
    frame = snapshot_from({**state, "cards": []}, viewer)
    # Inside JSON strings quotes are escaped: this can only be the cards' own key.
    text = dumps(frame).replace('"cards":[]', '"cards":[' + ",".join(fragments) + "]", 1)
    if not personal and viewer.participant_id not in state["votes"]:
        cache[("text", key)] = text
    return text


def _authors(state: dict, cache: dict) -> dict[int, list[int]]:
    if "authors" not in cache:
        authors: dict[int, list[int]] = {}
        for i, card in enumerate(state["cards"]):
            authors.setdefault(card["author"], []).append(i)
        cache["authors"] = authors
    return cache["authors"]


def snapshot(board: Board, viewer: Who) -> dict:
    """The whole board as this viewer may see it."""
    return snapshot_from(board_state(board), viewer)
