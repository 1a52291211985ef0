"""Which statement a participant sees next.

Only published statements the participant has not voted on (a pass is a vote): never the
same one twice. Among them, a weighted random draw, as in Pol.is, favouring:

* statements with few votes — Pol.is' novelty factor ``1 + 8 · 2^(−S/5)`` where S is the
  number of votes (compdemocracy/polis math/src/polismath/math/conversation.clj,
  ``priority-metric``): a new statement weighs 9, one with 5 votes 5, with 20 votes ≈ 1.5;
* statements that separate the groups of the last computed map — the spread of the
  groups' agree shares (``opinion_map._separation``, 0 to 1), as a factor ``1 + 2·spread``.

The weight is squared, as Pol.is squares its priority, to sharpen the preference.
"""

from __future__ import annotations

import random

from django.db.models import Count

from .models import OpinionMapSnapshot, Participant, Statement

NOVELTY_BOOST = 8  # Pol.is priority-metric
NOVELTY_HALF_LIFE = 5  # votes; Pol.is priority-metric
SEPARATION_WEIGHT = 2


def weight(vote_count: int, separation: float) -> float:
    novelty = 1 + NOVELTY_BOOST * 2 ** (-vote_count / NOVELTY_HALF_LIFE)
    return (novelty * (1 + SEPARATION_WEIGHT * separation)) ** 2


def candidates(participant: Participant):
    return (
        Statement.objects.filter(
            consultation_id=participant.consultation_id, status=Statement.Status.ACCEPTED
        )
        .exclude(votes__participant=participant)
        .annotate(vote_count=Count("votes"))
    )


def next_statement(participant: Participant, rng: random.Random | None = None) -> Statement | None:
    options = list(candidates(participant))
    if not options:
        return None
    snapshot = OpinionMapSnapshot.objects.filter(
        consultation_id=participant.consultation_id
    ).first()
    separation = (snapshot.data.get("separation", {}) if snapshot else {}) or {}
    weights = [weight(s.vote_count, separation.get(str(s.number), 0.0)) for s in options]
    return (rng or random).choices(options, weights=weights, k=1)[0]


def remaining(participant: Participant) -> int:
    return candidates(participant).count()
