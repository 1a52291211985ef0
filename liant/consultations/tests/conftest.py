import pytest


@pytest.fixture(autouse=True)
def _map_in_the_calling_thread(settings):
    # Tests compute the map inline: the test database is SQLite in memory (shared cache),
    # where a second connection writing from a thread meets "table is locked" instead of
    # waiting as it does on the WAL file of the embedded default or on PostgreSQL. The
    # background thread has its own test (test_background.py), which waits for it.
    settings.LIANT_OPINION_MAP_INLINE = True


@pytest.fixture
def fake_math(monkeypatch):
    from liant.consultations import opinion_map

    from .factories import fake_map

    monkeypatch.setattr(opinion_map, "compute", fake_map)
