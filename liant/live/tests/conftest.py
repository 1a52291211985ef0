import os

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


@pytest.fixture(autouse=True)
def fresh_presence():
    """Board ids start again with each test database: forget the counts of earlier runs."""
    url = os.environ.get("LIANT_REDIS_URL")
    if url:
        import redis

        connection = redis.Redis.from_url(url)
        keys = list(connection.scan_iter("liant:presence:*"))
        if keys:
            connection.delete(*keys)
        connection.close()
    yield
