"""Merging, reordering and splitting groups, at the protocol level."""

import uuid

import pytest

from liant.core.testing import WorkspaceFactory
from liant.live import protocol
from liant.live.protocol import CommandError, Who
from liant.workshops.models import Board, BoardEvent, Card, Cluster, Column, Participant, Workshop

pytestmark = pytest.mark.django_db

FACILITATOR = Who(None, True)


@pytest.fixture
def board():
    workspace = WorkspaceFactory()
    workshop = Workshop.objects.create(workspace=workspace, title="Séminaire")
    board = Board.objects.create(workspace=workspace, workshop=workshop, title="Irritants")
    column = Column.objects.create(workspace=workspace, board=board, title="Ce qui freine")
    author = Participant.objects.create(workspace=workspace, workshop=workshop)
    for text in ("Trop de réunions", "Outils lents", "Réunions sans ordre du jour"):
        Card.objects.create(
            workspace=workspace, board=board, column=column, author=author, text=text
        )
    board.stage = Board.Stage.GROUP
    board.save()
    return board


def run(board, kind, who=FACILITATOR, **fields):
    frame = {"id": str(uuid.uuid4()), "type": kind, "board": board.pk, **fields}
    event, _created = protocol.apply(board.pk, who, frame)
    return event


def group(board, title, cards):
    event = run(board, "cluster.create", title=title, cards=[c.pk for c in cards])
    return Cluster.objects.get(pk=event.payload["cluster"]["id"])


def test_merge_moves_the_cards_and_removes_the_group(board):
    meetings, tools, agenda = board.cards.order_by("pk")
    first = group(board, "Réunions", [meetings])
    second = group(board, "Ordre du jour", [agenda])
    third = group(board, "Outils", [tools])

    event = run(board, "cluster.merge", cluster=second.pk, into=first.pk)

    assert event.kind == "cluster.merged"
    assert event.payload == {
        "cluster": {"id": second.pk},
        "into": first.pk,
        "cards": [agenda.pk],
        "order": [first.pk, third.pk],
    }
    assert set(first.cards.values_list("pk", flat=True)) == {meetings.pk, agenda.pk}
    assert not Cluster.objects.filter(pk=second.pk).exists()
    # Positions stay dense after the merge.
    assert list(board.clusters.values_list("pk", "position")) == [(first.pk, 0), (third.pk, 1)]


def test_a_group_cannot_merge_into_itself_or_another_boards_group(board):
    first = group(board, "Réunions", [])
    other = Board.objects.create(
        workspace=board.workspace, workshop=board.workshop, title="Autre tableau"
    )
    foreign = Cluster.objects.create(workspace=board.workspace, board=other, title="Ailleurs")
    seq = Board.objects.get(pk=board.pk).seq

    with pytest.raises(CommandError) as itself:
        run(board, "cluster.merge", cluster=first.pk, into=first.pk)
    with pytest.raises(CommandError) as elsewhere:
        run(board, "cluster.merge", cluster=first.pk, into=foreign.pk)

    assert itself.value.code == "invalid"
    assert elsewhere.value.code == "not_found"
    assert Cluster.objects.filter(pk=first.pk).exists()
    assert Board.objects.get(pk=board.pk).seq == seq  # nothing numbered, nothing stored


def test_reorder_puts_the_group_where_asked_and_clamps_the_position(board):
    a, b, c = (group(board, title, []) for title in "ABC")

    event = run(board, "cluster.move", cluster=c.pk, position=0)
    assert event.payload == {"order": [c.pk, a.pk, b.pk]}
    run(board, "cluster.move", cluster=c.pk, position=99)

    assert list(board.clusters.values_list("title", flat=True)) == ["A", "B", "C"]


def test_splitting_a_card_off_creates_a_group_of_its_own(board):
    meetings, _tools, agenda = board.cards.order_by("pk")
    both = group(board, "Réunions", [meetings, agenda])

    event = run(board, "cluster.create", cards=[agenda.pk])

    assert list(both.cards.values_list("pk", flat=True)) == [meetings.pk]
    assert Card.objects.get(pk=agenda.pk).cluster_id == event.payload["cluster"]["id"]


def test_participants_cannot_merge_or_reorder_unless_everyone_groups(board):
    first, second = group(board, "A", []), group(board, "B", [])
    participant = Who(Participant.objects.filter(workshop=board.workshop).first().pk)

    for kind, fields in (
        ("cluster.merge", {"cluster": first.pk, "into": second.pk}),
        ("cluster.move", {"cluster": first.pk, "position": 1}),
    ):
        with pytest.raises(CommandError) as refused:
            run(board, kind, who=participant, **fields)
        assert refused.value.code == "forbidden"
    assert not BoardEvent.objects.filter(kind__in=["cluster.merged", "cluster.moved"]).exists()

    board.workshop.everyone_can_group = True
    board.workshop.save()
    run(board, "cluster.merge", who=participant, cluster=first.pk, into=second.pk)
    assert list(board.clusters.values_list("pk", flat=True)) == [second.pk]
