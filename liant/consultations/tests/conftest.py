import pytest


@pytest.fixture(autouse=True)
def _map_in_the_calling_thread(request, settings):
    # Outside browser tests the map is computed inline: a thread would not see the test's
    # transaction. The browser tests keep the real background thread (short debounce).
    if request.node.get_closest_marker("browser"):
        settings.LIANT_OPINION_MAP_DEBOUNCE = 0.3
    else:
        settings.LIANT_OPINION_MAP_INLINE = True


@pytest.fixture
def fake_math(monkeypatch):
    from liant.consultations import opinion_map

    from .factories import fake_map

    monkeypatch.setattr(opinion_map, "compute", fake_map)
