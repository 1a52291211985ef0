"""The direction project's rules: standard sections, sources, governance decisions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from liant.charters import selectors, services
from liant.charters import selectors_direction as sel
from liant.charters import services_direction as dsvc
from liant.charters.models import Document, GovernanceSubmission, SectionSource
from liant.core.testing import MissionFactory
from liant.steering.tests.factories import AxisFactory, BodyFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
Outcome = GovernanceSubmission.Outcome


def sections(document, version=None):
    return list((version or selectors.latest_version(document)).clauses.order_by("order"))


def decide(actor, document, body, outcome="adjusted", adjustments=("Chiffrer les ambitions",),
           decided_on=TODAY, version=None):  # fmt: skip
    version = version or selectors.latest_version(document)
    return dsvc.record_decision(
        actor, document, version, outcome=outcome, body=body, decided_on=decided_on,
        adjustments=list(adjustments),
    )  # fmt: skip


def test_created_with_the_five_standard_sections_in_each_language(owner, mission, body):
    AxisFactory(plan=body.plan, title="Outils")
    with translation.override("fr"):
        fr = dsvc.create_direction(owner, mission, title="Projet")
    with translation.override("en"):
        en = dsvc.create_direction(owner, mission, title="Project")
    assert fr.kind == Document.Kind.DIRECTION
    assert [s.title for s in sections(fr)] == [
        "Identité et raison d’être — le pourquoi",
        "Missions",
        "Ambitions et orientations stratégiques",
        "Valeurs et façons de travailler — le comment",
        "Engagements par axe",
    ]
    assert sections(en)[0].title == "Identity and purpose — the why"
    assert "– Outils" in sections(fr)[4].text  # the plan's axes are listed
    # Editable like a charter's clauses.
    services.edit_clause(owner, sections(fr)[1], title="Nos missions", text="Servir.")
    assert sections(fr)[1].title == "Nos missions"


def test_sources_copy_their_words_and_outlive_the_card(owner, direction, outputs):
    section = sections(direction)[0]
    card, loose = outputs["cards"]
    created = dsvc.add_sources(owner, section, [card, outputs["group"], outputs["zone"]])
    assert [s.kind for s in created] == ["card", "cluster", "zone"]
    zone_source = created[2]
    assert "Trois sites différents" in zone_source.text and "Attente au guichet" in zone_source.text
    assert created[1].label == "Trouver le bon site"
    assert dsvc.add_sources(owner, section, [card]) == []  # already linked: skipped
    card.delete()
    source = SectionSource.objects.get(pk=created[0].pk)
    assert source.card is None and source.text == "Trois sites différents"
    assert source.workshop_title == "Atelier prospectif"


def test_sources_follow_the_section_into_the_next_version(owner, direction, outputs, body):
    first = sections(direction)[0]
    dsvc.add_sources(owner, first, [outputs["group"]])
    dsvc.submit(owner, direction, body=body)
    decide(owner, direction, body)
    v2_first = sections(direction)[0]
    assert v2_first.version.number == 2 and v2_first.key == first.key
    assert [s.label for s in sel.sources_of(owner, v2_first)] == ["Trouver le bon site"]


def test_sources_of_another_mission_or_nothing_are_refused(owner, direction, organization):
    from liant.workshops.models import Card
    from liant.workshops.services import add_board, create_workshop, join

    other = create_workshop(
        owner, title="Ailleurs", mission=MissionFactory(organization=organization)
    )
    board = add_board(owner, other, title="T", prompts=["Q"])
    card = Card.objects.create(
        workspace=owner.workspace, board=board, column=board.columns.get(),
        author=join(other, pseudonym="X"), text="Hors sujet",
    )  # fmt: skip
    section = sections(direction)[0]
    with pytest.raises(
        ValidationError, match="ateliers de cette mission|workshops of this mission"
    ):
        dsvc.add_sources(owner, section, [card])
    with pytest.raises(ValidationError):
        dsvc.add_sources(owner, section, [])
    assert not SectionSource.objects.exists()


def test_validated_publishes_the_submitted_version(owner, direction, body, sponsor):
    submission = dsvc.submit(owner, direction, body=body)
    assert direction.stage == Document.Stage.GOVERNANCE
    assert submission.version.frozen
    decide(owner, direction, body, outcome="validated", adjustments=())
    direction.refresh_from_db()
    assert direction.stage == Document.Stage.PUBLISHED
    assert direction.published_version.number == 1
    (published,) = selectors.published_for_portal(sponsor, direction.mission)
    assert published.decision.outcome == Outcome.VALIDATED
    reference = sel.reference_direction(sponsor, direction.mission)
    assert reference.document == direction and reference.version_number == 1


def test_adjustments_become_the_checklist_of_v2_then_v2_is_published(owner, direction, body):
    dsvc.submit(owner, direction, body=body)
    submission = decide(owner, direction, body, adjustments=["Chiffrer", "Ajouter un axe RH"])
    direction.refresh_from_db()
    v2 = selectors.latest_version(direction)
    assert (v2.number, v2.frozen, direction.stage) == (2, False, Document.Stage.DRAFT)
    assert submission.next_version == v2 and submission.outcome == Outcome.ADJUSTED
    first, second = sel.checklist(owner, direction)
    assert [first.text, second.text] == ["Chiffrer", "Ajouter un axe RH"]
    services.edit_clause(owner, sections(direction)[2], title="Ambitions", text="+20 % en 2027.")
    with pytest.raises(ValidationError, match="ajustement|adjustment"):
        dsvc.publish_adjusted(owner, direction)
    dsvc.tick(owner, first, done=True)
    with pytest.raises(ValidationError):
        dsvc.publish_adjusted(owner, direction)
    dsvc.tick(owner, second, done=True)
    dsvc.publish_adjusted(owner, direction)
    direction.refresh_from_db()
    v2.refresh_from_db()
    assert direction.published_version == v2 and v2.frozen
    assert direction.stage == Document.Stage.PUBLISHED
    with pytest.raises(ValidationError):  # the checklist of a closed version is closed
        dsvc.tick(owner, first, done=False)


def test_refused_needs_a_new_submission(owner, direction, body):
    dsvc.submit(owner, direction, body=body)
    decide(owner, direction, body, outcome="refused", adjustments=["Revoir les valeurs"])
    direction.refresh_from_db()
    assert direction.stage == Document.Stage.DRAFT and direction.published_version is None
    with pytest.raises(ValidationError):  # not an adjusted validation: no publication
        dsvc.publish_adjusted(owner, direction)
    with pytest.raises(ValidationError, match="ajustement|adjustment"):  # checklist first
        dsvc.submit(owner, direction, body=body)
    dsvc.tick(owner, sel.checklist(owner, direction)[0], done=True)
    again = dsvc.submit(owner, direction, body=body)
    assert again.version.number == 2


@pytest.mark.parametrize(
    "change, field",
    [
        ({"body": None}, "body"),
        ({"decided_on": None}, "decided_on"),
        ({"decided_on": TODAY + datetime.timedelta(days=3)}, "decided_on"),
        ({"outcome": "adjusted", "adjustments": ()}, "adjustments"),
        ({"outcome": "validated", "adjustments": ("Un ajustement",)}, "adjustments"),
        ({"outcome": "pending"}, "outcome"),
    ],
)
def test_bad_decisions_store_nothing(owner, direction, body, change, field):
    dsvc.submit(owner, direction, body=body)
    values = {"body": body, "outcome": "adjusted", "adjustments": ("Chiffrer",), **change}
    with pytest.raises(ValidationError) as refused:
        decide(owner, direction, **values)
    assert field in refused.value.error_dict
    submission = direction.submissions.get()
    assert submission.outcome == Outcome.PENDING and not submission.adjustments.exists()
    assert direction.versions.count() == 1


def test_deciding_on_a_version_not_submitted_is_refused(owner, direction, body):
    v1 = selectors.latest_version(direction)
    with pytest.raises(ValidationError, match="attente|awaiting"):
        decide(owner, direction, body, version=v1)
    dsvc.submit(owner, direction, body=body)
    decide(owner, direction, body)
    with pytest.raises(ValidationError):  # decided already
        decide(owner, direction, body, version=v1)
    assert direction.submissions.count() == 1 and direction.versions.count() == 2


def test_one_version_awaits_a_decision_at_a_time(owner, direction, body):
    dsvc.submit(owner, direction, body=body)
    with pytest.raises(ValidationError, match="attend déjà|already awaiting"):
        dsvc.submit(owner, direction, body=body)
    assert direction.submissions.count() == 1


def test_submission_needs_a_body_of_the_mission_and_no_open_participation(
    owner, direction, body, organization
):
    foreign = BodyFactory(plan__mission=MissionFactory(organization=organization))
    with pytest.raises(ValidationError):
        dsvc.submit(owner, direction, body=None)
    with pytest.raises(ValidationError, match="mission"):
        dsvc.submit(owner, direction, body=foreign)
    services.open_participation(owner, direction)
    with pytest.raises(ValidationError, match="participation"):
        dsvc.submit(owner, direction, body=body)
    assert not direction.submissions.exists()
    services.close_participation(owner, direction)
    dsvc.submit(owner, direction, body=body)  # from the review of amendments


def test_a_direction_project_is_published_by_governance_only(owner, direction):
    services.open_participation(owner, direction)
    with pytest.raises(ValidationError):
        services.publish(owner, direction)
    with pytest.raises(ValidationError):
        services.start_prototype(owner, direction)


def test_amendments_and_diff_are_the_charters(owner, direction, body):
    services.open_participation(owner, direction)
    contributor = services.join(direction)
    section = sections(direction)[1]
    services.comment(contributor, section, "Et les usagers ?")
    amendment = services.propose(
        contributor, section, kind="replace", text="Servir tous les usagers.", rationale="Clarté"
    )
    v2 = services.decide(owner, direction, [services.Decision(amendment, services.ACCEPT)])
    rows = selectors.compare(selectors.versions(direction)[0], v2)
    assert [r.status for r in rows].count("changed") == 1
    services.close_participation(owner, direction)
    submission = dsvc.submit(owner, direction, body=body)
    assert submission.version == v2  # frozen already


def test_only_staff_act_on_a_direction_project(sponsor, owner, direction, body, outputs):
    with pytest.raises(PermissionDenied):
        dsvc.submit(sponsor, direction, body=body)
    with pytest.raises(PermissionDenied):
        dsvc.add_sources(sponsor, sections(direction)[0], [outputs["group"]])
    with pytest.raises(PermissionDenied):
        dsvc.create_direction(sponsor, direction.mission, title="X")
    assert sel.reference_direction(sponsor, direction.mission) is None  # nothing published
