import pytest

from liant.core.testing import WorkspaceFactory
from liant.workshops.models import Board, Column, Participant, Workshop


@pytest.fixture
def room():
    workspace = WorkspaceFactory()
    workshop = Workshop.objects.create(
        workspace=workspace, title="Séminaire", dots_per_participant=2
    )
    board = Board.objects.create(workspace=workspace, workshop=workshop, title="Irritants")
    column = Column.objects.create(workspace=workspace, board=board, title="Ce qui nous freine")
    people = [
        Participant.objects.create(workspace=workspace, workshop=workshop, pseudonym=name)
        for name in ("Ana", "Bruno", "Chloé")
    ]
    return board, column, people
