"""Dot votes: the budget, the one-dot-per-item rule and several dots when allowed."""

import uuid

import pytest

from liant.core.testing import WorkspaceFactory
from liant.live import projection
from liant.live.protocol import CommandError, Who, apply
from liant.workshops.minutes import workshop_minutes
from liant.workshops.models import Board, Card, Column, Participant, Vote, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote_board():
    workspace = WorkspaceFactory()
    workshop = Workshop.objects.create(
        workspace=workspace, title="Séminaire", dots_per_participant=3, several_dots_per_item=True
    )
    board = Board.objects.create(
        workspace=workspace, workshop=workshop, title="Irritants", stage="vote", revealed=True
    )
    column = Column.objects.create(workspace=workspace, board=board, title="Q")
    ana, bruno = (
        Participant.objects.create(workspace=workspace, workshop=workshop, pseudonym=name)
        for name in ("Ana", "Bruno")
    )
    cards = [
        Card.objects.create(workspace=workspace, board=board, column=column, author=ana, text=t)
        for t in ("Réunions", "Outils", "Locaux")
    ]
    return board, cards, ana, bruno


def cmd(kind, **fields):
    return {"id": str(uuid.uuid4()), "type": kind, **fields}


def test_several_dots_on_one_card_within_the_budget(vote_board):
    board, cards, ana, _bruno = vote_board
    who = Who(ana.pk)
    apply(board.pk, who, cmd("vote.add", card=cards[0].pk))
    event, _ = apply(board.pk, who, cmd("vote.add", card=cards[0].pk))
    assert event.payload["mine"] == {f"card:{cards[0].pk}": 2}
    apply(board.pk, who, cmd("vote.add", card=cards[1].pk))
    with pytest.raises(CommandError) as error:
        apply(board.pk, who, cmd("vote.add", card=cards[2].pk))
    assert error.value.code == "budget"
    event, _ = apply(board.pk, who, cmd("vote.remove", card=cards[0].pk))
    assert event.payload["mine"] == {f"card:{cards[0].pk}": 1, f"card:{cards[1].pk}": 1}
    apply(board.pk, who, cmd("vote.add", card=cards[2].pk))
    assert Vote.objects.filter(participant=ana).count() == 3


def test_one_dot_per_item_unless_the_workshop_allows_several(vote_board):
    board, cards, ana, _bruno = vote_board
    Workshop.objects.filter(pk=board.workshop_id).update(several_dots_per_item=False)
    who = Who(ana.pk)
    apply(board.pk, who, cmd("vote.add", card=cards[0].pk))
    with pytest.raises(CommandError) as error:
        apply(board.pk, who, cmd("vote.add", card=cards[0].pk))
    assert error.value.code == "budget"
    assert Vote.objects.count() == 1


def test_remove_needs_a_dot_of_mine_and_voting_open(vote_board):
    board, cards, ana, bruno = vote_board
    apply(board.pk, Who(ana.pk), cmd("vote.add", card=cards[0].pk))
    with pytest.raises(CommandError) as error:
        apply(board.pk, Who(bruno.pk), cmd("vote.remove", card=cards[0].pk))
    assert error.value.code == "not_found"  # Bruno cannot take Ana's dot
    Board.objects.filter(pk=board.pk).update(stage="discuss")
    for kind in ("vote.add", "vote.remove"):
        with pytest.raises(CommandError) as error:
            apply(board.pk, Who(ana.pk), cmd(kind, card=cards[0].pk))
        assert error.value.code == "stage"
    assert Vote.objects.count() == 1


def test_the_snapshot_tells_the_rule_and_the_minutes_rank_with_ties(vote_board):
    board, cards, ana, bruno = vote_board
    for who, card in [(ana, 0), (ana, 0), (bruno, 1), (bruno, 1), (bruno, 2)]:
        apply(board.pk, Who(who.pk), cmd("vote.add", card=cards[card].pk))
    snapshot = projection.snapshot(Board.objects.get(pk=board.pk), Who(ana.pk))
    assert snapshot["board"]["several_dots"] is True and snapshot["board"]["dots"] == 3
    assert snapshot["board"]["votes"]["mine"] == {f"card:{cards[0].pk}": 2}
    (minutes,) = workshop_minutes(board.workshop)
    assert minutes.ranked == [
        (1, "Outils", 2, True),
        (1, "Réunions", 2, True),
        (3, "Locaux", 1, False),
    ]


def test_minutes_page_and_markdown_show_ties(client, vote_board):
    from django.urls import reverse

    from liant.core.testing import make_actor

    board, cards, ana, bruno = vote_board
    for who, card in [(ana, 0), (bruno, 1), (bruno, 2), (bruno, 2)]:
        apply(board.pk, Who(who.pk), cmd("vote.add", card=cards[card].pk))
    client.force_login(make_actor(board.workspace).user)
    url = reverse("workshops:minutes", args=[board.workshop_id])
    page = client.get(url).content.decode()
    assert page.index('<li value="1">Locaux') < page.index('<li value="2">Outils')
    assert page.index('<li value="2">Outils') < page.index('<li value="2">Réunions')
    assert page.count("ex æquo") == 2
    markdown = client.get(url + "?format=md").content.decode()
    assert "- **1.** Locaux (2)\n- **2.** Outils (1)\n- **2.** Réunions (1)" in markdown
