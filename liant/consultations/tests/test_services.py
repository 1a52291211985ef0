"""Vote rules, routing, statements, moderation and invitations."""

import datetime
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from liant.consultations import opinion_map, routing, services
from liant.consultations.models import Consultation, OpinionMapSnapshot, Statement, Vote
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, UnitFactory, make_actor

from .factories import ConsultationFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(owner):
    return ConsultationFactory(mission=MissionFactory(organization__workspace=owner.workspace))


def test_changing_a_vote_keeps_only_the_latest(consultation):
    participant = services.join(consultation)
    statement = StatementFactory(consultation=consultation)
    services.cast_vote(participant, statement, Vote.AGREE)
    services.cast_vote(participant, statement, Vote.DISAGREE)
    services.cast_vote(participant, statement, Vote.PASS)
    assert list(Vote.objects.values_list("value", flat=True)) == [Vote.PASS]


def test_votes_are_refused_outside_the_dates_and_on_unpublished_statements(consultation):
    participant = services.join(consultation)
    pending = StatementFactory(consultation=consultation, status=Statement.Status.PENDING)
    rejected = StatementFactory(consultation=consultation, status=Statement.Status.REJECTED)
    other = StatementFactory()  # another consultation
    for statement in (pending, rejected, other):
        with pytest.raises(PermissionDenied):
            services.cast_vote(participant, statement, Vote.AGREE)
    published = StatementFactory(consultation=consultation)
    with pytest.raises(ValidationError):
        services.cast_vote(participant, published, 2)
    consultation.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    consultation.opens_at = consultation.closes_at - datetime.timedelta(days=1)
    consultation.save()
    with pytest.raises(services.NotOpen) as closed:
        services.cast_vote(participant, published, Vote.AGREE)
    assert closed.value.state == "closed"
    assert not Vote.objects.exists()


def test_routing_never_shows_the_same_statement_twice(consultation):
    participant = services.join(consultation)
    statements = [StatementFactory(consultation=consultation) for _ in range(6)]
    StatementFactory(consultation=consultation, status=Statement.Status.PENDING)
    seen = []
    rng = random.Random(1)
    while (statement := routing.next_statement(participant, rng)) is not None:
        assert statement not in seen
        seen.append(statement)
        services.cast_vote(participant, statement, Vote.PASS)
    assert sorted(s.pk for s in seen) == sorted(s.pk for s in statements)


def test_routing_favours_statements_with_few_votes(consultation):
    crowded = StatementFactory(consultation=consultation)
    fresh = StatementFactory(consultation=consultation)
    for _ in range(20):
        services.cast_vote(services.join(consultation), crowded, Vote.AGREE)
    newcomer = services.join(consultation)
    rng = random.Random(7)
    draws = [routing.next_statement(newcomer, rng) for _ in range(400)]
    assert draws.count(fresh) > 0.8 * len(draws)
    assert routing.weight(0, 0) == pytest.approx(81)  # (1 + 8)² for a new statement


def test_routing_favours_statements_that_separate_the_groups(consultation):
    divisive = StatementFactory(consultation=consultation)
    bland = StatementFactory(consultation=consultation)
    OpinionMapSnapshot.objects.create(
        workspace=consultation.workspace, consultation=consultation,
        data={"separation": {str(divisive.number): 0.9, str(bland.number): 0.0}},
    )  # fmt: skip
    newcomer = services.join(consultation)
    rng = random.Random(3)
    draws = [routing.next_statement(newcomer, rng) for _ in range(400)]
    assert draws.count(divisive) > 0.75 * len(draws)


def test_statement_length_and_blank_text(consultation):
    participant = services.join(consultation)
    with pytest.raises(ValidationError, match="280"):
        services.submit_statement(participant, "x" * 281)
    with pytest.raises(ValidationError):
        services.submit_statement(participant, "   ")
    assert not Statement.objects.exists()


def test_pre_moderation_hides_a_statement_until_published(consultation, owner):
    author = services.join(consultation)
    statement = services.submit_statement(author, "Pas de réunion le vendredi après-midi")
    assert statement.status == Statement.Status.PENDING
    other = services.join(consultation)
    assert routing.next_statement(other) is None
    with pytest.raises(ValidationError):
        services.moderate(owner, statement, accept=False, reason="")
    services.moderate(owner, statement, accept=True)
    assert routing.next_statement(other) == statement


def test_post_moderation_publishes_at_once_and_a_rejection_removes_it(consultation, owner):
    consultation.moderation = Consultation.Moderation.POST
    consultation.save()
    author = services.join(consultation)
    statement = services.submit_statement(author, "Les visios sans caméra obligatoire")
    assert statement.status == Statement.Status.ACCEPTED
    from liant.consultations.selectors import moderation_queue

    waiting, _decided = moderation_queue(consultation)
    assert list(waiting) == [statement]  # still to be reviewed
    services.moderate(owner, statement, accept=False, reason="off_topic", note="hors sujet")
    statement.refresh_from_db()
    assert (statement.status, statement.reason, statement.reason_note) == (
        "rejected", "off_topic", "hors sujet",
    )  # fmt: skip
    assert routing.next_statement(services.join(consultation)) is None


def test_near_duplicates_are_shown_before_submitting(consultation):
    existing = StatementFactory(
        consultation=consultation, text="Pas de mails professionnels après 20 heures"
    )
    StatementFactory(consultation=consultation, text="Le télétravail deux jours par semaine")
    participant = services.join(consultation)
    result = services.submit_statement(participant, "Aucun mail professionnel après 20 h")
    assert isinstance(result, services.Similar)
    assert result.statements == [existing]
    assert consultation.statements.count() == 2  # nothing stored yet
    statement = services.submit_statement(
        participant, "Aucun mail professionnel après 20 h", confirmed=True
    )
    assert statement.similar_to == existing
    unrelated = services.submit_statement(participant, "Former chacun aux outils collaboratifs")
    assert isinstance(unrelated, Statement)


def test_sponsor_cannot_seed_or_moderate(consultation, owner):
    sponsor = make_actor(
        owner.workspace, Role.SPONSOR, organization=consultation.mission.organization
    )
    with pytest.raises(PermissionDenied):
        services.add_seed_statement(sponsor, consultation, "Une idée")
    statement = StatementFactory(consultation=consultation, status=Statement.Status.PENDING)
    with pytest.raises(PermissionDenied):
        services.moderate(sponsor, statement, accept=True)
    stranger = make_actor()
    with pytest.raises(PermissionDenied):
        services.add_seed_statement(stranger, consultation, "Une idée")


def test_invited_only_consultation_admits_invitations_only(consultation, owner):
    consultation.access = Consultation.Access.INVITED
    consultation.save()
    with pytest.raises(PermissionDenied):
        services.join(consultation)
    unit = UnitFactory(organization=consultation.mission.organization)
    person = PersonFactory(organization=consultation.mission.organization, unit=unit)
    (invitation,) = services.invite(owner, consultation, [person])
    participant = services.join_by_invitation(invitation)
    assert participant.unit == unit
    assert services.join_by_invitation(invitation) == participant  # same person, same id
    services.revoke_invitation(owner, invitation)
    invitation.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.join_by_invitation(invitation)
    outsider = PersonFactory(organization__workspace=owner.workspace)
    with pytest.raises(PermissionDenied):
        services.invite(owner, consultation, [outsider])


def test_profile_is_asked_once_and_checked(consultation):
    consultation.roles = ["Manager", "Agent"]
    consultation.save()
    participant = services.join(consultation)
    with pytest.raises(ValidationError):
        services.save_profile(participant, role="Directeur")
    services.save_profile(participant, role="Agent")
    services.save_profile(participant, role="Manager")  # already answered: unchanged
    participant.refresh_from_db()
    assert participant.role == "Agent"


def test_participant_numbers_are_sequential_per_consultation(consultation):
    numbers = [services.join(consultation).number for _ in range(3)]
    assert numbers == [0, 1, 2]
    assert services.join(ConsultationFactory()).number == 0


def test_map_is_recomputed_when_stale(consultation, fake_math):
    first, second = (
        StatementFactory(consultation=consultation),
        StatementFactory(consultation=consultation),
    )
    for value in (1, 1, -1, -1):
        participant = services.join(consultation)
        services.cast_vote(participant, first, value)
        services.cast_vote(participant, second, Vote.AGREE)
    snapshot, stale = opinion_map.current(consultation)
    assert stale and snapshot is None  # the first read requests it (inline in tests)
    snapshot, stale = opinion_map.current(consultation)
    assert not stale
    assert snapshot.vote_count == 8
    assert [len(g["members"]) for g in snapshot.data["groups"]] == [2, 2]
    # The first statement splits the groups, the second does not.
    separation = snapshot.data["separation"]
    assert separation[str(first.number)] > 0.4 > separation[str(second.number)]


def test_demo_consultation_has_votes_groups_and_a_moderation_history():
    from liant.consultations.demo import TITLE
    from liant.core.demo import load_demo

    login = load_demo()
    consultation = Consultation.objects.get(workspace=login.workspace, title=TITLE)
    assert consultation.votes.count() > 400
    assert consultation.statements.filter(status="pending").count() == 1
    rejected = consultation.statements.get(status="rejected")
    assert rejected.reason == "personal"
    groups = consultation.snapshot.data["groups"]
    assert 2 <= len(groups) <= 5
