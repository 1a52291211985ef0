"""Factories for consultations; each follows its parent's workspace."""

import datetime
from types import SimpleNamespace

import factory
from django.utils import timezone

from liant.consultations import models
from liant.core.testing import MissionFactory


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Consultation

    mission = factory.SubFactory(MissionFactory)
    workspace = factory.SelfAttribute("mission.workspace")
    title = factory.Sequence(lambda n: f"Consultation {n}")
    question = "Que doit dire notre charte des usages numériques ?"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=60))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Participant

    consultation = factory.SubFactory(ConsultationFactory)
    workspace = factory.SelfAttribute("consultation.workspace")
    number = factory.Sequence(lambda n: n)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Statement

    consultation = factory.SubFactory(ConsultationFactory)
    workspace = factory.SelfAttribute("consultation.workspace")
    number = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Proposition numéro {n}")
    status = models.Statement.Status.ACCEPTED
    is_seed = True
    moderated_at = factory.LazyFunction(timezone.now)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Vote

    participant = factory.SubFactory(ParticipantFactory)
    statement = factory.SubFactory(
        StatementFactory, consultation=factory.SelfAttribute("..participant.consultation")
    )
    consultation = factory.SelfAttribute("participant.consultation")
    workspace = factory.SelfAttribute("participant.workspace")
    value = models.Vote.AGREE


def fake_map(votes, moderated_out=()):
    """A stand-in for ``compute_opinion_map`` with the same shape, for page tests: two groups
    split by the vote on the first statement (agree → group 0)."""
    votes = list(votes)
    first = min(s for _, s, _ in votes)
    people = sorted({p for p, _, _ in votes})
    agree = {p for p, s, v in votes if s == first and v == 1}
    groups = (tuple(p for p in people if p in agree), tuple(p for p in people if p not in agree))
    points = {p: (1.0 if p in agree else -1.0, 0.1 * i) for i, p in enumerate(people)}

    def rep(direction, share):
        return SimpleNamespace(
            statement=first, direction=direction, share=share, ratio=2.0, significant=True
        )

    return SimpleNamespace(
        points=points,
        groups=(
            SimpleNamespace(id=0, members=groups[0], representative=(rep("agree", 1.0),)),
            SimpleNamespace(id=1, members=groups[1], representative=(rep("disagree", 0.9),)),
        ),
        consensus=((first, "agree", 0.4),),
        majority=((first, "agree", 0.6),),
        participants=len(people),
        statements=len({s for _, s, _ in votes}),
    )
