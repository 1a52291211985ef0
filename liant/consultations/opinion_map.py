"""The stored opinion map of a consultation, and its recompute in the background.

The math is ``liant.analysis.opinion.compute_opinion_map`` (the Pol.is method). Here the
votes are read with participants and statements named by their opaque numbers only, and
the result is stored as plain JSON in ``OpinionMapSnapshot``.

Recompute (no task queue in the project yet): a vote only schedules it, after its
transaction commits, and returns. The first request after a quiet map claims the
consultation in the database (``map_claimed_until``: a conditional UPDATE, so one process
wins even with several ASGI workers) and starts a daemon thread. The thread waits
``DEBOUNCE_SECONDS`` so that a burst of votes gives one computation, computes from what is
committed, stores the snapshot, and loops while newer votes arrived meanwhile. A vote never
waits for it. Pages that show the map also request a recompute when the snapshot is stale,
which recovers from a process that stopped in the middle.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Max, Q
from django.utils import timezone

from .models import Consultation, OpinionMapSnapshot, Statement, Vote

logger = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 2.0
CLAIM_SECONDS = 120  # a thread that dies frees the consultation after this


def map_votes(consultation: Consultation) -> list[tuple[int, int, int]]:
    """(participant number, statement number, vote) of every latest vote."""
    return list(
        Vote.objects.filter(consultation=consultation).values_list(
            "participant__number", "statement__number", "value"
        )
    )


def rejected_numbers(consultation: Consultation) -> set[int]:
    """Statements taken out by moderation: Pol.is still counts their votes to admit
    participants but zeroes them in the projection and never shows them (the math's
    ``moderated_out``)."""
    return set(
        consultation.statements.filter(status=Statement.Status.REJECTED).values_list(
            "number", flat=True
        )
    )


def _separation(votes, groups: list[dict]) -> dict[int, float]:
    """How much the groups differ on each statement: the spread of the groups' agree
    shares, with Pol.is' pseudo-counts ((agrees + 1) / (votes + 2), repness in
    compdemocracy/polis math/src/polismath/math/repness.clj)."""
    group_of = {member: g["id"] for g in groups for member in g["members"]}
    counts: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for participant, statement, value in votes:
        group = group_of.get(participant)
        if group is None:
            continue
        cell = counts[statement][group]
        cell[1] += 1
        if value == Vote.AGREE:
            cell[0] += 1
    separation = {}
    for statement, by_group in counts.items():
        shares = [(a + 1) / (n + 2) for a, n in by_group.values()]
        if len(by_group) < len(groups):
            shares.append(0.5)  # a group that did not vote on it: no information
        separation[statement] = round(max(shares) - min(shares), 4) if shares else 0.0
    return separation


def as_data(result, votes) -> dict:
    """The math's ``OpinionMap`` as JSON-friendly data (keys are numbers)."""
    if result is None:
        return {"participants": 0, "statements": 0, "points": {}, "groups": [],
                "consensus": [], "majority": [], "separation": {}}  # fmt: skip
    groups = [
        {
            "id": int(group.id),
            "members": sorted(int(m) for m in group.members),
            "representative": [
                {
                    "statement": int(r.statement),
                    "direction": r.direction,
                    "share": round(float(r.share), 4),
                    "ratio": round(float(r.ratio), 4),
                    "significant": bool(r.significant),
                }
                for r in group.representative
            ],
        }
        for group in result.groups
    ]
    return {
        "participants": int(result.participants),
        "statements": int(result.statements),
        "points": {
            str(int(k)): [round(float(x), 5), round(float(y), 5)]
            for k, (x, y) in result.points.items()
        },
        "groups": groups,
        "consensus": [
            {"statement": int(s), "direction": d, "score": round(float(v), 4)}
            for s, d, v in result.consensus
        ],
        "majority": [
            {"statement": int(s), "direction": d, "share": round(float(v), 4)}
            for s, d, v in result.majority
        ],
        "separation": {str(k): v for k, v in _separation(votes, groups).items()},
    }


def compute(votes, moderated_out=()):
    """The math (imported here: numpy and scikit-learn load only when a map is drawn)."""
    from liant.analysis.opinion import compute_opinion_map

    return compute_opinion_map(votes, seed=0, moderated_out=moderated_out)


def recompute(consultation: Consultation) -> OpinionMapSnapshot:
    """Compute and store the map now, from the committed votes."""
    votes_until = Vote.objects.filter(consultation=consultation).aggregate(t=Max("updated_at"))["t"]
    votes = map_votes(consultation)
    hidden = rejected_numbers(consultation)
    started = time.perf_counter()
    result = compute(votes, hidden)
    data = as_data(result, [v for v in votes if v[1] not in hidden])
    duration = int((time.perf_counter() - started) * 1000)
    snapshot, _created = OpinionMapSnapshot.objects.update_or_create(
        consultation=consultation,
        defaults={
            "workspace_id": consultation.workspace_id,
            "votes_until": votes_until,
            "vote_count": len(votes),
            "data": data,
            "duration_ms": duration,
        },
    )
    return snapshot


def is_stale(consultation: Consultation, snapshot: OpinionMapSnapshot | None) -> bool:
    votes = Vote.objects.filter(consultation=consultation)
    if snapshot is None or snapshot.votes_until is None:
        return votes.exists()
    if votes.filter(updated_at__gt=snapshot.votes_until).exists():
        return True
    # A moderation decision changes which statements count.
    return consultation.statements.filter(moderated_at__gt=snapshot.updated_at).exists()


def _claim(pk: int) -> bool:
    now = timezone.now()
    return bool(
        Consultation.objects.filter(pk=pk)
        .filter(Q(map_claimed_until__isnull=True) | Q(map_claimed_until__lt=now))
        .update(map_claimed_until=now + timezone.timedelta(seconds=CLAIM_SECONDS))
    )


def _release(pk: int) -> None:
    Consultation.objects.filter(pk=pk).update(map_claimed_until=None)


def _run(pk: int, debounce: float) -> None:
    close_old_connections()
    finished = False
    try:
        while True:
            time.sleep(debounce)
            consultation = Consultation.objects.get(pk=pk)
            snapshot = recompute(consultation)
            if not is_stale(consultation, snapshot):
                break
        finished = True
    except Exception:  # a background failure must not go unnoticed, nor kill the process
        logger.exception("Opinion map recompute failed for consultation %s", pk)
    finally:
        _release(pk)
    try:
        # A vote committed between the last check and the release could not claim the map:
        # look once more, so that it is not left waiting for the next page view.
        consultation = Consultation.objects.get(pk=pk)
        if finished and is_stale(consultation, getattr(consultation, "snapshot", None)):
            request_recompute(pk)
    except Exception:
        logger.exception("Opinion map re-check failed for consultation %s", pk)
    finally:
        connection.close()


def request_recompute(pk: int) -> bool:
    """Start a background recompute unless one is already under way; never waits for it.
    ``LIANT_OPINION_MAP_INLINE`` (tests) computes in the calling thread instead."""
    if not _claim(pk):
        return False
    if getattr(settings, "LIANT_OPINION_MAP_INLINE", False):
        try:
            recompute(Consultation.objects.get(pk=pk))
        finally:
            _release(pk)
        return True
    debounce = getattr(settings, "LIANT_OPINION_MAP_DEBOUNCE", DEBOUNCE_SECONDS)
    threading.Thread(target=_run, args=(pk, debounce), daemon=True, name=f"map-{pk}").start()
    return True


def current(consultation: Consultation) -> tuple[OpinionMapSnapshot | None, bool]:
    """The stored map and whether a newer one is on its way (requested here if stale)."""
    snapshot = OpinionMapSnapshot.objects.filter(consultation=consultation).first()
    stale = is_stale(consultation, snapshot)
    if stale:
        request_recompute(consultation.pk)
    return snapshot, stale
