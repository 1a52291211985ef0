"""The map is recomputed in a background thread after votes, once per burst."""

import threading
import time

import pytest

from liant.consultations import opinion_map, services
from liant.consultations.models import Consultation, OpinionMapSnapshot

from .factories import ConsultationFactory, StatementFactory

pytestmark = pytest.mark.django_db(transaction=True)


def map_threads():
    return [t for t in threading.enumerate() if t.name.startswith("map-")]


def test_votes_start_one_debounced_background_recompute(settings, fake_math, monkeypatch):
    settings.LIANT_OPINION_MAP_INLINE = False
    settings.LIANT_OPINION_MAP_DEBOUNCE = 2.0
    runs = []
    real = opinion_map.recompute
    monkeypatch.setattr(opinion_map, "recompute", lambda c: runs.append(1) or real(c))
    consultation = ConsultationFactory()
    statements = [StatementFactory(consultation=consultation) for _ in range(2)]
    started = time.perf_counter()
    for value in (1, 1, -1, -1):  # a burst of votes, each committed at once (autocommit)
        participant = services.join(consultation)
        for statement in statements:
            services.cast_vote(participant, statement, value)
    assert time.perf_counter() - started < 2.0  # inside the debounce: one computation
    threads = map_threads()
    assert len(threads) == 1  # the first vote claimed the map; the others did not start one
    assert not opinion_map.request_recompute(consultation.pk)  # still claimed
    threads[0].join(timeout=20)
    assert len(runs) == 1  # one computation for the whole burst
    snapshot = OpinionMapSnapshot.objects.get(consultation=consultation)
    assert snapshot.vote_count == 8
    assert Consultation.objects.get(pk=consultation.pk).map_claimed_until is None
    assert not opinion_map.is_stale(consultation, snapshot)
