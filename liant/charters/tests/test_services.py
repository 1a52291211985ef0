import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from liant.charters import selectors, services
from liant.charters.models import Amendment, ClauseVote, Document, Version
from liant.charters.services import ACCEPT, REJECT, Decision
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, OrganizationFactory, make_actor

from .conftest import clause_titled

pytestmark = pytest.mark.django_db


def test_a_new_document_starts_with_an_editable_v1(owner, mission):
    document = services.create_document(owner, mission, title="Charte")
    assert [v.number for v in selectors.versions(document)] == [1]
    assert not selectors.latest_version(document).frozen
    assert document.stage == Document.Stage.DRAFT


def test_sponsors_cannot_write(sponsor, mission):
    with pytest.raises(PermissionDenied):
        services.create_document(sponsor, mission, title="Charte")


def test_opening_needs_a_clause_and_freezes_the_version(owner, mission):
    document = services.create_document(owner, mission, title="Charte vide")
    with pytest.raises(ValidationError):
        services.open_participation(owner, document)
    services.add_clause(owner, document, title="", text="Une règle.")
    services.open_participation(owner, document)
    assert selectors.latest_version(document).frozen
    with pytest.raises(ValidationError):
        services.add_clause(owner, document, title="", text="Trop tard.")


def test_closing_date_in_the_past_is_refused(owner, charter):
    with pytest.raises(ValidationError):
        services.open_participation(
            owner, charter, closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    charter.refresh_from_db()
    assert charter.stage == Document.Stage.DRAFT


def test_a_changed_vote_keeps_only_the_latest(open_charter):
    someone = services.join(open_charter)
    clause = clause_titled(open_charter, "Messagerie")
    services.vote(someone, clause, "agree")
    services.vote(someone, clause, "disagree")
    assert list(ClauseVote.objects.values_list("value", flat=True)) == ["disagree"]


def test_a_closed_window_refuses_votes_comments_and_amendments(owner, open_charter):
    someone = services.join(open_charter)
    clause = clause_titled(open_charter, "Messagerie")
    services.close_participation(owner, open_charter)
    with pytest.raises(ValidationError):
        services.vote(someone, clause, "agree")
    with pytest.raises(ValidationError):
        services.comment(someone, clause, "Bonne idée")
    with pytest.raises(ValidationError):
        services.propose(someone, clause, kind="delete", rationale="Inutile")
    assert not ClauseVote.objects.exists() and not Amendment.objects.exists()


def test_the_window_closes_by_itself_at_its_date(owner, charter):
    services.open_participation(
        owner, charter, closes_at=timezone.now() + datetime.timedelta(hours=1)
    )
    someone = services.join(charter)
    clause = clause_titled(charter, "Visio")
    services.vote(someone, clause, "agree")
    charter.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    charter.save()
    with pytest.raises(ValidationError):
        services.vote(someone, clause, "disagree")
    assert ClauseVote.objects.get().value == "agree"


def test_amendment_needs_a_rationale_and_a_text(open_charter):
    someone = services.join(open_charter)
    clause = clause_titled(open_charter, "Messagerie")
    with pytest.raises(ValidationError):
        services.propose(someone, clause, kind="replace", text="Autre", rationale=" ")
    with pytest.raises(ValidationError):
        services.propose(someone, clause, kind="add", text="", rationale="Parce que")
    with pytest.raises(ValidationError):  # the same words are no amendment
        services.propose(someone, clause, kind="replace", text=clause.text, rationale="Parce que")
    assert not Amendment.objects.exists()


def _three_amendments(document):
    ana, bruno = services.join(document), services.join(document)
    mail = clause_titled(document, "Messagerie")
    visio = clause_titled(document, "Visio")
    rewrite = services.propose(
        ana, mail, kind="replace", text="Pas de courriel après 19 h.", rationale="Plus tôt."
    )
    add = services.propose(
        bruno, mail, kind="add", title="Droit à la déconnexion", text="Le week-end est libre.",
        rationale="Manque",
    )  # fmt: skip
    delete = services.propose(bruno, visio, kind="delete", rationale="Déjà la règle.")
    return rewrite, add, delete


def test_accepting_several_amendments_makes_one_new_version(owner, open_charter):
    rewrite, add, delete = _three_amendments(open_charter)
    version = services.decide(
        owner, open_charter,
        [Decision(rewrite, ACCEPT), Decision(add, ACCEPT), Decision(delete, REJECT, "On garde.")],
        note="Consultation de mars",
    )  # fmt: skip
    assert version.number == 2 and version.frozen
    assert Version.objects.filter(document=open_charter).count() == 2
    texts = [(c.title, c.text) for c in selectors.clauses(version)]
    assert texts == [
        ("Messagerie", "Pas de courriel après 19 h."),
        ("Droit à la déconnexion", "Le week-end est libre."),
        ("Réunions", "Ordre du jour envoyé la veille."),
        ("Visio", "Caméra facultative."),
    ]
    # The same clause keeps its key from v1 to v2 (the diff aligns on it).
    v1 = Version.objects.get(document=open_charter, number=1)
    assert (
        clause_titled(open_charter, "Réunions", v1).key
        == clause_titled(open_charter, "Réunions", version).key
    )
    rewrite.refresh_from_db()
    delete.refresh_from_db()
    assert rewrite.status == "accepted" and rewrite.result_version == version
    assert delete.status == "rejected" and delete.reason == "On garde."


def test_next_versions_are_numbered_in_sequence(owner, open_charter):
    rewrite, add, delete = _three_amendments(open_charter)
    services.decide(owner, open_charter, [Decision(rewrite, ACCEPT)])
    v3 = services.decide(owner, open_charter, [Decision(delete, ACCEPT)])
    assert v3.number == 3
    assert [c.title for c in selectors.clauses(v3)] == ["Messagerie", "Réunions"]


def test_rejection_without_reason_is_refused_and_nothing_changes(owner, open_charter):
    rewrite, add, delete = _three_amendments(open_charter)
    with pytest.raises(ValidationError) as error:
        services.decide(
            owner, open_charter, [Decision(rewrite, ACCEPT), Decision(delete, REJECT, "  ")]
        )
    assert "reason" in " ".join(error.value.messages) or "motif" in " ".join(error.value.messages)
    assert Version.objects.filter(document=open_charter).count() == 1
    assert set(Amendment.objects.values_list("status", flat=True)) == {"pending"}


def test_a_stale_amendment_cannot_be_accepted(owner, open_charter):
    ana, bruno = services.join(open_charter), services.join(open_charter)
    mail = clause_titled(open_charter, "Messagerie")
    first = services.propose(ana, mail, kind="replace", text="Après 19 h.", rationale="a")
    second = services.propose(bruno, mail, kind="replace", text="Jamais.", rationale="b")
    services.decide(owner, open_charter, [Decision(first, ACCEPT)])
    # ``second`` was written on v1; its clause has changed in v2.
    assert [p.stale for p in selectors.pending_amendments(owner, open_charter)] == [True]
    with pytest.raises(ValidationError) as error:
        services.decide(owner, open_charter, [Decision(second, ACCEPT)])
    assert "v1" in error.value.messages[0] and "v2" in error.value.messages[0]
    assert Version.objects.filter(document=open_charter).count() == 2
    # It can still be rejected, with a reason.
    services.decide(owner, open_charter, [Decision(second, REJECT, "Déjà modifiée.")])


def test_an_amendment_on_an_unchanged_clause_stays_valid_in_the_next_version(owner, open_charter):
    rewrite, add, delete = _three_amendments(open_charter)
    services.decide(owner, open_charter, [Decision(rewrite, ACCEPT)])
    # "Visio" did not change from v1 to v2: deleting it is still a valid proposal.
    v3 = services.decide(owner, open_charter, [Decision(delete, ACCEPT)])
    assert "Visio" not in [c.title for c in selectors.clauses(v3)]


def test_two_accepted_amendments_on_the_same_clause_conflict(owner, open_charter):
    ana, bruno = services.join(open_charter), services.join(open_charter)
    mail = clause_titled(open_charter, "Messagerie")
    a = services.propose(ana, mail, kind="replace", text="Après 19 h.", rationale="a")
    b = services.propose(bruno, mail, kind="delete", rationale="b")
    with pytest.raises(ValidationError) as error:
        services.decide(owner, open_charter, [Decision(a, ACCEPT), Decision(b, ACCEPT)])
    assert "Messagerie" in error.value.messages[0]
    assert Version.objects.filter(document=open_charter).count() == 1


def test_an_amendment_is_decided_once(owner, open_charter):
    rewrite, _add, _delete = _three_amendments(open_charter)
    services.decide(owner, open_charter, [Decision(rewrite, REJECT, "Non.")])
    rewrite.refresh_from_db()
    with pytest.raises(ValidationError):
        services.decide(owner, open_charter, [Decision(rewrite, ACCEPT)])


def test_votes_on_an_old_version_are_refused(owner, open_charter):
    rewrite, _add, _delete = _three_amendments(open_charter)
    services.decide(owner, open_charter, [Decision(rewrite, ACCEPT)])
    old = clause_titled(open_charter, "Réunions", Version.objects.get(number=1))
    with pytest.raises(ValidationError):
        services.vote(services.join(open_charter), old, "agree")


def test_prototype_feedback_then_publication(owner, open_charter):
    someone = services.join(open_charter)
    with pytest.raises(ValidationError):  # no test running yet
        services.give_feedback(someone, worked="Oui", did_not_work="")
    services.start_prototype(owner, open_charter)
    with pytest.raises(ValidationError):
        services.give_feedback(someone, worked=" ", did_not_work="")
    feedback = services.give_feedback(someone, worked="Moins de mails", did_not_work="")
    assert feedback.version.number == 1
    services.publish(owner, open_charter)
    open_charter.refresh_from_db()
    assert open_charter.stage == "published" and open_charter.published_version.number == 1


def test_published_for_portal_reaches_the_missions_sponsors_only(
    owner, workspace, organization, sponsor, open_charter
):
    assert selectors.published_for_portal(sponsor, open_charter.mission) == []
    services.publish(owner, open_charter)
    [item] = selectors.published_for_portal(sponsor, open_charter.mission)
    assert item.document == open_charter and len(item.clauses) == 3
    other_org_sponsor = make_actor(workspace, Role.SPONSOR, organization=OrganizationFactory(
        workspace=workspace))  # fmt: skip
    assert selectors.published_for_portal(other_org_sponsor, open_charter.mission) == []
    stranger = make_actor()  # the owner of another workspace
    assert selectors.published_for_portal(stranger, open_charter.mission) == []
    other_mission = MissionFactory(organization=organization)
    assert selectors.published_for_portal(sponsor, other_mission) == []


def test_a_staff_member_is_the_same_contributor_on_every_device(owner, open_charter):
    first = services.join(open_charter, user=owner.user)
    again = services.join(open_charter, key=None, user=owner.user)
    assert first == again and first.number == 1
    assert services.join(open_charter).number == 2


def test_opinions_on_an_unchanged_clause_carry_over_to_the_next_version(owner, open_charter):
    ana, bruno = services.join(open_charter), services.join(open_charter)
    mail = clause_titled(open_charter, "Messagerie")
    meetings = clause_titled(open_charter, "Réunions")
    for person in (ana, bruno):
        services.vote(person, mail, "agree")
        services.vote(person, meetings, "agree")
    services.comment(ana, meetings, "Très bien")
    rewrite = services.propose(ana, mail, kind="replace", text="Après 19 h.", rationale="r")
    v2 = services.decide(owner, open_charter, [Decision(rewrite, ACCEPT)])
    rows = {r.clause.title: r for r in selectors.facilitator_view(owner, open_charter, v2)}
    # "Réunions" kept its words: its votes and comment still count; "Messagerie" starts afresh.
    assert (rows["Réunions"].agree, rows["Messagerie"].agree) == (2, 0)
    assert [c.text for c in rows["Réunions"].comments] == ["Très bien"]
    # Ana changes her mind on v2: her latest vote replaces the one she gave on v1.
    services.vote(ana, clause_titled(open_charter, "Réunions", v2), "disagree")
    rows = {r.clause.title: r for r in selectors.facilitator_view(owner, open_charter, v2)}
    assert (rows["Réunions"].agree, rows["Réunions"].disagree) == (1, 1)
    mine = {r.clause.title: r for r in selectors.participant_view(open_charter, v2, bruno)}
    assert (mine["Réunions"].my_vote, mine["Messagerie"].my_vote) == ("agree", "")
