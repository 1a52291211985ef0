"""The "turn into…" registry: targets, permissions, tenancy, origins, bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from liant.core.models import AuditEntry
from liant.core.testing import MissionFactory, PhaseFactory, make_actor
from liant.missions.models import ChecklistItem
from liant.workshops import selectors, services, turn_targets
from liant.workshops.models import Card, Cluster, Column, Origin

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(owner):
    mission = MissionFactory(organization__workspace=owner.workspace, title="Mission Alpha")
    phase = PhaseFactory(mission=mission, name="Diagnostic")
    workshop = services.create_workshop(owner, title="Séminaire", mission=mission)
    board = services.add_board(owner, workshop, title="Irritants", prompts=["Ce qui freine"])
    author = services.join(workshop)
    column = board.columns.get()
    cluster = Cluster.objects.create(workspace=owner.workspace, board=board, title="Réunions")
    cards = [
        Card.objects.create(
            workspace=owner.workspace, board=board, column=column, author=author, text=text,
            cluster=cluster,
        )
        for text in ("Réunions trop longues", "Trop de réunions le lundi")
    ]  # fmt: skip
    return workshop, board, phase, cluster, cards


def test_registry_knows_the_targets_of_today_and_refuses_a_duplicate_key():
    assert {"missions.checklist_item", "workshops.board_prompt"} <= set(
        turn_targets.registered_keys()
    )
    target = turn_targets.get("workshops.board_prompt")
    assert turn_targets.register(target) is target  # registering the same one again is fine
    with pytest.raises(ValueError):
        turn_targets.register(
            turn_targets.Target(
                key="workshops.board_prompt", label="x", form=None, create=None, url=None
            )
        )


def test_checklist_target_only_when_the_workshop_belongs_to_a_mission(owner, room):
    workshop, _board, _phase, cluster, _cards = room
    source = selectors.get_source(workshop, "cluster", cluster.pk)
    keys = [t.key for t in turn_targets.available(owner, source)]
    assert keys[:2] == ["missions.checklist_item", "workshops.board_prompt"]
    alone = services.create_workshop(owner, title="Sans mission")
    board = services.add_board(owner, alone, title="T", prompts=["Q"])
    card = Card.objects.create(
        workspace=owner.workspace, board=board, column=board.columns.get(),
        author=services.join(alone), text="Idée",
    )  # fmt: skip
    source = selectors.get_source(alone, "card", card.pk)
    assert "missions.checklist_item" not in [t.key for t in turn_targets.available(owner, source)]


def test_turn_a_cluster_into_a_checklist_item_keeps_its_origin(owner, room):
    workshop, board, phase, cluster, _cards = room
    source = selectors.get_source(workshop, "cluster", cluster.pk)
    assert source.text == "Réunions"
    item, url = services.turn_into(
        owner, "missions.checklist_item", source, {"phase": phase, "label": "Réduire les réunions"}
    )
    assert isinstance(item, ChecklistItem) and item.phase == phase
    assert url.endswith(f"?phase={phase.pk}#phase-{phase.pk}")
    origin = Origin.objects.get()
    assert (origin.workshop, origin.board, origin.cluster, origin.card) == (
        workshop, board, cluster, None
    )  # fmt: skip
    assert origin.target == item and origin.source_text == "Réunions"
    assert selectors.origin_of(item) == origin
    assert AuditEntry.objects.filter(action="workshop.turn_into").exists()
    # The card can go: the origin keeps its words.
    cluster.delete()
    origin.refresh_from_db()
    assert origin.cluster is None and origin.source_text == "Réunions"


def test_turn_a_card_into_a_prompt_of_a_new_or_existing_board(owner, room):
    workshop, board, _phase, _cluster, cards = room
    source = selectors.get_source(workshop, "card", cards[0].pk)
    column, url = services.turn_into(
        owner,
        "workshops.board_prompt",
        source,
        {"board": None, "title": "Approfondir", "prompt": "Pourquoi sont-elles longues ?"},
    )
    assert column.board.title == "Approfondir" and column.board.workshop == workshop
    assert url == reverse("workshops:board", args=[workshop.pk, column.board.pk])
    column2, _url = services.turn_into(
        owner, "workshops.board_prompt", source, {"board": board, "prompt": "Et le lundi ?"}
    )
    assert column2.board == board and board.columns.count() == 2
    assert Origin.objects.filter(card=cards[0]).count() == 2


def test_permissions_and_tenancy(owner, sponsor, consultant, room):
    workshop, _board, phase, cluster, _cards = room
    source = selectors.get_source(workshop, "cluster", cluster.pk)
    data = {"phase": phase, "label": "X"}
    with pytest.raises(PermissionDenied):
        services.turn_into(sponsor, "missions.checklist_item", source, data)
    stranger = make_actor()
    with pytest.raises(PermissionDenied):
        services.turn_into(stranger, "missions.checklist_item", source, data)
    # A phase of another workspace's mission is refused even by the service.
    foreign_phase = PhaseFactory()
    with pytest.raises((PermissionDenied, ValidationError)):
        services.turn_into(
            consultant, "missions.checklist_item", source, {**data, "phase": foreign_phase}
        )
    other_mission_phase = PhaseFactory(mission__organization__workspace=owner.workspace)
    with pytest.raises(ValidationError):
        services.turn_into(
            owner, "missions.checklist_item", source, {**data, "phase": other_mission_phase}
        )
    with pytest.raises(ValidationError):
        services.turn_into(owner, "nope", source, data)
    assert not Origin.objects.exists() and not ChecklistItem.objects.exists()


def test_the_page_turns_a_cluster_into_a_checklist_item(owner_client, room):
    workshop, _board, phase, cluster, _cards = room
    url = reverse("workshops:turn_cluster", args=[workshop.pk, cluster.pk])
    page = owner_client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Réunions trop longues" in body and "liste de contrôle" in body
    # Bad input: an unknown target, an empty label, a phase of another mission.
    response = owner_client.post(url, {"target": "nope"})
    assert response.status_code == 400
    blank = {
        "target": "missions.checklist_item",
        "checklist-phase": phase.pk,
        "checklist-label": "",
    }
    response = owner_client.post(url, blank)
    assert response.status_code == 400 and "Rédigez l’élément" in response.content.decode()
    other = PhaseFactory(mission__organization__workspace=workshop.workspace)
    response = owner_client.post(
        url,
        {"target": "missions.checklist_item", "checklist-phase": other.pk, "checklist-label": "X"},
    )
    assert response.status_code == 400
    assert not ChecklistItem.objects.exists()

    response = owner_client.post(
        url,
        {
            "target": "missions.checklist_item",
            "checklist-phase": phase.pk,
            "checklist-label": "Réduire les réunions",
        },
    )
    assert response.status_code == 302
    mission_page = owner_client.get(response.url).content.decode()
    assert "Réduire les réunions" in mission_page
    assert "Séminaire" in mission_page and reverse("workshops:minutes", args=[workshop.pk]) in (
        mission_page
    )
    minutes_page = owner_client.get(reverse("workshops:minutes", args=[workshop.pk]))
    assert "Réduire les réunions" in minutes_page.content.decode()


def test_sources_are_found_only_in_their_workshop(owner_client, owner, room):
    workshop, _board, _phase, cluster, cards = room
    other = services.create_workshop(owner, title="Autre")
    Card.objects.filter(pk=cards[1].pk).update(hidden=True)  # hidden by the moderator
    for url in (
        reverse("workshops:turn_card", args=[other.pk, cards[0].pk]),
        reverse("workshops:turn_cluster", args=[other.pk, cluster.pk]),
        reverse("workshops:turn_card", args=[workshop.pk, cards[1].pk]),
    ):
        assert owner_client.get(url).status_code == 404


def test_participants_and_sponsors_cannot_turn(client, sponsor, room):
    workshop, _board, phase, cluster, _cards = room
    url = reverse("workshops:turn_cluster", args=[workshop.pk, cluster.pk])
    data = {
        "target": "missions.checklist_item",
        "checklist-phase": phase.pk,
        "checklist-label": "X",
    }
    assert client.post(url, data).status_code == 302  # a participant has no account: login
    client.force_login(sponsor.user)
    assert client.post(url, data).status_code == 403
    assert not ChecklistItem.objects.exists() and not Column.objects.filter(title="X").exists()


def test_the_new_board_console_shows_where_its_prompt_came_from(owner_client, owner, room):
    workshop, _board, _phase, _cluster, cards = room
    url = reverse("workshops:turn_card", args=[workshop.pk, cards[0].pk])
    response = owner_client.post(
        url,
        {
            "target": "workshops.board_prompt",
            "prompt-board": "",
            "prompt-title": "",
            "prompt-prompt": "Pourquoi ?",
        },
    )
    assert response.status_code == 400 and "Donnez un titre au nouveau tableau" in (
        response.content.decode()
    )
    response = owner_client.post(
        url,
        {
            "target": "workshops.board_prompt",
            "prompt-board": "",
            "prompt-title": "Approfondir",
            "prompt-prompt": "Pourquoi ?",
        },
    )
    console = owner_client.get(response.url).content.decode()
    assert "Consigne «\u00a0Pourquoi ?\u00a0»" in console
    assert "Issu du post-it «\u00a0Réunions trop longues\u00a0»" in console
    assert '"turnInto"' in console  # the console's cards and groups link to "turn into…"
