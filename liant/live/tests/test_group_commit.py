"""Group commit: several commands per transaction, each one refused or stored on its own."""

import uuid

import pytest
from django.utils import translation

from liant.live import group_commit, protocol
from liant.live.protocol import CommandError, Who
from liant.workshops.models import BoardEvent, Card

from .test_protocol import command, drain, opened, run


def card(column, text, id=None):
    return {"id": id or str(uuid.uuid4()), "type": "card.add", "column": column.pk, "text": text}


@pytest.mark.django_db
def test_a_refused_command_in_a_group_stores_nothing_and_spares_the_others(room):
    board, column, (ana, bruno, _) = room
    first = card(column, "Réunions trop longues")
    results = protocol.apply_many(
        board.pk,
        [
            (Who(ana.pk), first, "fr"),
            (Who(bruno.pk), card(column, "   "), "en"),  # empty: refused, in English
            (Who(bruno.pk), {"id": "pas un uuid", "type": "card.add"}, "fr"),
            (Who(bruno.pk), card(column, "Outils lents"), "fr"),
            (Who(ana.pk), first, "fr"),  # the same command again, in the same group
        ],
    )

    stored, empty, no_id, tools, replay = results
    assert isinstance(empty, CommandError) and empty.message == "Write something first."
    assert isinstance(no_id, CommandError) and no_id.code == "bad_frame"
    assert [stored[0].seq, tools[0].seq] == [1, 2] and stored[1] and tools[1]
    assert replay == (stored[0], False)
    assert list(BoardEvent.objects.filter(board=board).values_list("seq", flat=True)) == [1, 2]
    assert sorted(Card.objects.filter(board=board).values_list("text", flat=True)) == [
        "Outils lents",
        "Réunions trop longues",
    ]
    board.refresh_from_db()
    assert board.seq == 2


@pytest.mark.django_db
def test_apply_still_raises_in_the_active_language(room):
    board, column, (ana, _, _) = room
    with translation.override("fr"), pytest.raises(CommandError) as refused:
        protocol.apply(board.pk, Who(ana.pk), card(column, ""))
    assert refused.value.message == "Écrivez d’abord quelque chose."
    assert not BoardEvent.objects.filter(board=board).exists()


@pytest.mark.django_db(transaction=True)
def test_commands_sent_together_share_transactions_and_each_get_one_number(room, monkeypatch):
    board, column, people = room
    groups = []
    apply_many = protocol.apply_many

    def counting(board_id, commands):
        groups.append(len(commands))
        return apply_many(board_id, commands)

    monkeypatch.setattr(protocol, "apply_many", counting)

    async def burst():
        comms = [(await opened(board, person))[0] for person in people]
        for i in range(10):
            for n, comm in enumerate(comms):
                await comm.send_json_to(command("card.add", column=column.pk, text=f"{n}-{i}"))
        frames = [await drain(comm, timeout=1) for comm in comms]
        for comm in comms:
            await comm.disconnect()
        return frames

    frames = run(burst)
    acks = sorted(f["seq"] for person in frames for f in person if f["type"] == "ack")
    assert acks == list(range(1, 31))  # every command stored once, numbers without a gap
    for person in frames:  # and every event reaches everyone once, in order
        assert [f["seq"] for f in person if f["type"] == "event"] == list(range(1, 31))
    assert sum(groups) == 30 and len(groups) < 30  # some commands shared a transaction
    assert max(groups) <= group_commit.MAX_GROUP


@pytest.mark.django_db
def test_a_group_sees_the_board_as_its_earlier_commands_left_it(room):
    """The board is read once per group: a lock earlier in the group refuses a card later in
    it, an unlock lets the next one in, and the numbers stay without a gap."""
    board, column, (ana, bruno, _) = room
    facilitator = Who(None, True)
    lock = {"id": str(uuid.uuid4()), "type": "board.lock", "locked": True}
    unlock = {"id": str(uuid.uuid4()), "type": "board.lock", "locked": False}
    results = protocol.apply_many(
        board.pk,
        [
            (facilitator, lock, "en"),
            (Who(ana.pk), card(column, "Refusée"), "en"),
            (facilitator, unlock, "en"),
            (Who(bruno.pk), card(column, "Acceptée"), "en"),
        ],
    )

    locked, refused, unlocked, accepted = results
    assert isinstance(refused, CommandError) and refused.code == "locked"
    assert [locked[0].seq, unlocked[0].seq, accepted[0].seq] == [1, 2, 3]
    assert list(Card.objects.filter(board=board).values_list("text", flat=True)) == ["Acceptée"]
    board.refresh_from_db()
    assert board.seq == 3 and not board.locked
    # The next group goes on from there.
    (next_card,) = protocol.apply_many(board.pk, [(Who(ana.pk), card(column, "Suite"), "en")])
    assert next_card[0].seq == 4
