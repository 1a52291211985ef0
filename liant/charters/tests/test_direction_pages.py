"""A direction project through HTTP: its pages, bad input, the turn-into target, the portal."""

import datetime

import pytest
from django.urls import reverse

from liant.charters import selectors
from liant.charters import services_direction as dsvc
from liant.charters.models import Document, GovernanceSubmission, SectionSource
from liant.core.testing import make_actor
from liant.workshops import selectors as workshop_selectors
from liant.workshops.models import Origin

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def url(name, document, *args):
    return reverse(f"charters:{name}", args=[document.mission_id, document.pk, *args])


def text(response):
    return response.content.decode()


def first_section(document):
    return selectors.latest_version(document).clauses.order_by("order").first()


def test_created_from_its_page_with_the_standard_sections(owner_client, mission, body):
    create = reverse("charters:direction_create", args=[mission.pk])
    response = owner_client.post(create, {"title": " ", "purpose": ""})
    assert response.status_code == 400 and "Donnez un titre au projet de direction" in text(
        response
    )
    assert not Document.objects.exists()
    response = owner_client.post(create, {"title": "Projet de direction", "purpose": "2027"})
    document = Document.objects.get()
    assert document.kind == "direction"
    page = text(owner_client.get(response.url))
    assert "Parties de la v1" in page and "Identité et raison d’être" in page
    assert "Soumettre la v1 à validation" in page
    assert "Tester la v1" not in page  # no prototype test for a direction project


def test_sources_picked_on_the_section_page(owner_client, owner, direction, outputs):
    section = first_section(direction)
    page_url = url("section", direction, section.pk)
    page = text(owner_client.get(page_url))
    assert "Parcours usager" in page and "Trouver le bon site" in page and "Irritants" in page
    response = owner_client.post(page_url, {})
    assert response.status_code == 400 and "Choisissez au moins un post-it" in text(response)
    response = owner_client.post(page_url, {"cards": ["999999"]})
    assert response.status_code == 400 and "ateliers de cette mission" in text(response)
    response = owner_client.post(page_url, {"cards": ["abc"]})
    assert response.status_code == 400
    assert not SectionSource.objects.exists()
    response = owner_client.post(
        page_url, {"zones": [outputs["zone"].pk], "groups": [outputs["group"].pk]}
    )
    assert response.status_code == 302
    assert SectionSource.objects.count() == 2
    detail = text(owner_client.get(url("detail", direction)))
    assert "Zone de canevas · Atelier prospectif › Parcours usager · Irritants" in detail
    source = SectionSource.objects.get(kind="cluster")
    owner_client.post(url("source_remove", direction, source.pk), {"next": "https://evil.test/"})
    assert SectionSource.objects.count() == 1


def test_submit_and_decide_pages_refuse_bad_input(owner_client, owner, direction, body):
    response = owner_client.post(url("submit", direction), {"body": ""})
    assert response.status_code == 400 and "Choisissez l’instance de gouvernance" in text(response)
    assert not GovernanceSubmission.objects.exists()
    v1 = selectors.latest_version(direction)
    decide = url("governance_decide", direction)
    validated = {"decision-version": v1.pk, "decision-outcome": "validated",
                 "decision-body": body.pk, "decision-decided_on": TODAY}  # fmt: skip
    response = owner_client.post(decide, validated)
    assert response.status_code == 400 and "pas en attente" in text(response)
    owner_client.post(url("submit", direction), {"body": body.pk})
    assert direction.submissions.get().outcome == "pending"
    response = owner_client.post(url("submit", direction), {"body": body.pk})
    assert response.status_code == 400 and "attend déjà" in text(response)
    data = {"decision-version": v1.pk, "decision-outcome": "adjusted", "decision-body": body.pk,
            "decision-decided_on": TODAY, "decision-adjustments": "  \n "}  # fmt: skip
    response = owner_client.post(decide, data)
    assert response.status_code == 400 and "Listez les ajustements" in text(response)
    response = owner_client.post(decide, {**data, "decision-body": "", "decision-decided_on": ""})
    page = text(response)
    assert "Indiquez quelle instance" in page and "Indiquez la date de la décision" in page
    assert direction.submissions.get().outcome == "pending" and direction.versions.count() == 1
    response = owner_client.post(decide, {**data, "decision-adjustments": "Chiffrer\nAjouter RH"})
    assert response.status_code == 302
    page = text(owner_client.get(url("detail", direction)))
    assert "Ajustements à apporter dans la v2" in page and "Chiffrer" in page
    first, second = dsvc.open_adjustments(direction)
    owner_client.post(url("direction_publish", direction))
    assert Document.objects.get(pk=direction.pk).stage == "draft"  # adjustments still open
    for adjustment in (first, second):
        owner_client.post(url("adjustment_tick", direction, adjustment.pk), {"done": "1"})
    assert "Publier la v2 sur la mission" in text(owner_client.get(url("detail", direction)))
    owner_client.post(url("direction_publish", direction))
    direction.refresh_from_db()
    assert direction.stage == "published" and direction.published_version.number == 2


def test_the_decision_date_is_required(owner_client, owner, direction, body):
    dsvc.submit(owner, direction, body=body)
    v1 = selectors.latest_version(direction)
    response = owner_client.post(url("governance_decide", direction), {
        "decision-version": v1.pk, "decision-outcome": "refused", "decision-body": body.pk,
        "decision-decided_on": ""})  # fmt: skip
    assert response.status_code == 400 and "Indiquez la date de la décision" in text(response)
    assert direction.submissions.get().outcome == "pending"


def publish(owner, direction, body):
    dsvc.submit(owner, direction, body=body)
    dsvc.record_decision(
        owner, direction, selectors.latest_version(direction), outcome="validated", body=body,
        decided_on=TODAY, adjustments=[],
    )  # fmt: skip


def test_sponsors_read_the_published_version_only(client, owner, sponsor, direction, body):
    client.force_login(sponsor.user)
    assert client.get(url("detail", direction)).status_code == 403
    assert client.post(url("submit", direction), {"body": body.pk}).status_code == 403
    published = reverse("charters:published", args=[direction.mission_id])
    assert "Projet de direction 2027" not in text(client.get(published))
    publish(owner, direction, body)
    page = text(client.get(published))
    assert "Projet de direction 2027" in page and "validé par Comité de direction" in page
    portal = text(client.get(reverse("steering:portal", args=[direction.mission_id])))
    assert "Projet de direction 2027 (v1)" in portal
    other = make_actor(owner.workspace, "sponsor")  # a sponsor of another organisation
    client.force_login(other.user)
    assert "Projet de direction 2027" not in text(client.get(published))


def test_the_plan_points_to_the_validated_direction_project(owner_client, owner, direction, body):
    plan_url = reverse("steering:plan", args=[direction.mission_id])
    assert "direction-reference" not in text(owner_client.get(plan_url))
    publish(owner, direction, body)
    page = text(owner_client.get(plan_url))
    assert "Les axes servent le projet de direction" in page
    assert f"#doc-{direction.pk}" in page


def test_a_card_turned_into_a_source_of_a_section(owner_client, owner, direction, outputs):
    card = outputs["cards"][0]
    workshop = outputs["workshop"]
    source = workshop_selectors.get_source(workshop, "card", card.pk)
    from liant.workshops import turn_targets

    assert "charters.direction_source" in [t.key for t in turn_targets.available(owner, source)]
    turn = reverse("workshops:turn_card", args=[workshop.pk, card.pk])
    section = first_section(direction)
    response = owner_client.post(
        turn, {"target": "charters.direction_source", "section-section": ""}
    )
    assert response.status_code == 400 and not SectionSource.objects.exists()
    response = owner_client.post(
        turn, {"target": "charters.direction_source", "section-section": section.pk}
    )
    assert response.status_code == 302
    assert response.url == url("section", direction, section.pk)
    linked = SectionSource.objects.get()
    assert linked.text == card.text and linked.section_key == section.key
    assert Origin.objects.get().target == linked
    response = owner_client.post(
        turn, {"target": "charters.direction_source", "section-section": section.pk}
    )
    assert response.status_code == 400 and SectionSource.objects.count() == 1


def test_another_workspaces_direction_objects_are_out_of_reach(client, direction, body, owner):
    """A's direction project with B's source or adjustment (the matrix pairs B's with A's
    charter; here A's direction project is the parent)."""
    from liant.core.testing import MissionFactory

    dsvc.submit(owner, direction, body=body)
    dsvc.record_decision(
        owner, direction, selectors.latest_version(direction), outcome="adjusted", body=body,
        decided_on=TODAY, adjustments=["B"],
    )  # fmt: skip
    adjustment = direction.versions.last().adjustments.get()
    intruder = make_actor()
    mission = MissionFactory(organization__workspace=intruder.workspace)
    theirs = dsvc.create_direction(intruder, mission, title="A")
    client.force_login(intruder.user)
    assert (
        client.post(url("adjustment_tick", theirs, adjustment.pk), {"done": "1"}).status_code == 404
    )
    assert client.get(url("section", theirs, first_section(direction).pk)).status_code == 404
    adjustment.refresh_from_db()
    assert not adjustment.done
