"""A workshop's card or group becomes a clause of a charter's draft."""

import pytest
from django.urls import reverse

from liant.charters import selectors as charter_selectors
from liant.charters import services as charter_services
from liant.charters.models import Clause, Document
from liant.core.testing import MissionFactory
from liant.workshops import selectors, services, turn_targets
from liant.workshops.models import Card, Cluster, Origin

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(owner):
    mission = MissionFactory(organization__workspace=owner.workspace, title="Mission Alpha")
    workshop = services.create_workshop(owner, title="Atelier usages", mission=mission)
    board = services.add_board(owner, workshop, title="Irritants", prompts=["Ce qui freine"])
    author = services.join(workshop)
    column = board.columns.get()
    cluster = Cluster.objects.create(workspace=owner.workspace, board=board, title="Courriels")
    card = Card.objects.create(
        workspace=owner.workspace, board=board, column=column, author=author,
        text="Pas de mails le soir", cluster=cluster,
    )  # fmt: skip
    return mission, workshop, cluster, card


def test_the_clause_target_is_registered_for_mission_workshops(owner, room):
    _mission, workshop, _cluster, card = room
    assert "charters.clause" in turn_targets.registered_keys()
    source = selectors.get_source(workshop, "card", card.pk)
    assert "charters.clause" in [t.key for t in turn_targets.available(owner, source)]


def test_a_group_becomes_a_clause_of_a_new_charter_with_its_origin(owner, room):
    mission, workshop, cluster, _card = room
    source = selectors.get_source(workshop, "cluster", cluster.pk)
    form = turn_targets.get("charters.clause").form(
        {"clause-new_title": "Charte numérique", "clause-title": "Courriels",
         "clause-text": "Pas de mails le soir"},
        actor=owner, source=source,
    )  # fmt: skip
    assert form.is_valid(), form.errors
    clause, url = services.turn_into(owner, "charters.clause", source, form.cleaned_data)
    assert isinstance(clause, Clause) and clause.text == "Pas de mails le soir"
    document = Document.objects.get()
    assert document.mission == mission and document.title == "Charte numérique"
    assert url.endswith(f"#clause-{clause.pk}")
    assert Origin.objects.get().target == clause


def test_only_draft_charters_of_the_same_mission_are_offered(owner, room):
    mission, workshop, _cluster, card = room
    draft = charter_services.create_document(owner, mission, title="Brouillon")
    opened = charter_services.create_document(owner, mission, title="Ouverte")
    charter_services.add_clause(owner, opened, title="", text="Une règle")
    charter_services.open_participation(owner, opened)
    elsewhere = charter_services.create_document(
        owner, MissionFactory(organization__workspace=owner.workspace), title="Ailleurs"
    )
    source = selectors.get_source(workshop, "card", card.pk)
    form = turn_targets.get("charters.clause").form(None, actor=owner, source=source)
    assert list(form.fields["document"].queryset) == [draft]
    for document in (opened, elsewhere):
        bad = turn_targets.get("charters.clause").form(
            {"clause-document": document.pk, "clause-text": "X"}, actor=owner, source=source
        )
        assert not bad.is_valid()
    assert charter_selectors.latest_version(opened).clauses.count() == 1


def test_the_page_turns_a_card_into_a_clause(owner_client, owner, room):
    mission, workshop, _cluster, card = room
    draft = charter_services.create_document(owner, mission, title="Charte")
    url = reverse("workshops:turn_card", args=[workshop.pk, card.pk])
    assert "Une clause d’une charte" in owner_client.get(url).content.decode()
    blank = {"target": "charters.clause", "clause-document": draft.pk, "clause-text": ""}
    response = owner_client.post(url, blank)
    assert response.status_code == 400 and not Clause.objects.exists()
    response = owner_client.post(
        url, {"target": "charters.clause", "clause-document": draft.pk, "clause-text": "Soirées"}
    )
    assert response.status_code == 302
    page = owner_client.get(response.url).content.decode()
    assert "Soirées" in page
    assert "Atelier usages" in page  # where the clause was born
