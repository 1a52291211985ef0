import pytest
from django.urls import reverse

from liant.core.demo import data, load_demo
from liant.workshops.minutes import workshop_minutes
from liant.workshops.models import Board, BoardEvent, Card, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return load_demo()


def test_the_demo_seminar_has_cards_groups_and_ranked_votes(demo):
    seminar = Workshop.objects.get(title="Séminaire de lancement de la direction")
    [board] = seminar.boards.all()
    assert board.stage == Board.Stage.VOTE and board.revealed and board.locked
    assert Card.objects.filter(board=board).count() == 16
    assert Card.objects.filter(board=board, cluster__isnull=True).count() == 0
    # Every change went through the live board's commands: one numbered event each.
    assert list(BoardEvent.objects.filter(board=board).values_list("seq", flat=True)) == list(
        range(1, board.seq + 1)
    )
    [minutes] = workshop_minutes(seminar)
    ranked = minutes.ranked
    assert ranked[0][1] == "Circulation de l’information"
    assert [dots for _rank, _title, dots, _tied in ranked] == sorted(
        (dots for _rank, _title, dots, _tied in ranked), reverse=True
    )
    assert sum(dots for _rank, _title, dots, _tied in ranked) <= 12 * 3
    assert [a.method.key for a in seminar.activities.order_by("position")] == [
        "check-in-check-out", "post-it-brainstorm", "dot-voting",
    ]  # fmt: skip


def test_the_demo_minutes_page_shows_the_seminar(client, demo):
    client.force_login(demo.workspace.memberships.get(user__email=data.OWNER[0]).user)
    seminar = Workshop.objects.get(title="Séminaire de lancement de la direction")
    response = client.get(reverse("workshops:minutes", args=[seminar.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Circulation de l’information" in page
    assert "On apprend les décisions par la presse interne." in page


def test_the_next_demo_workshop_is_prepared_not_started(demo):
    upcoming = Workshop.objects.get(title__startswith="Atelier « Notre image")
    [board] = upcoming.boards.all()
    assert board.stage == Board.Stage.WRITE and not board.cards.exists()
    assert upcoming.activities.filter(board=board).exists()
