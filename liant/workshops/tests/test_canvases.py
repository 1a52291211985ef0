"""Canvases: definitions checked, workspace canvases, canvas boards per small group, zones on
the live board, the plenary view, the minutes and the participants' choice of group."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from liant.core.tenancy import Role
from liant.core.testing import WorkspaceFactory, make_actor
from liant.live import protocol
from liant.live.protocol import CommandError, Who
from liant.workshops import canvas_boards, minutes
from liant.workshops.canvases import CanvasError, check_canvas, load_canvases
from liant.workshops.models import Board, Canvas, Card, Cluster
from liant.workshops.services import create_workshop, join

pytestmark = pytest.mark.django_db
BUILTIN = {
    "persona",
    "empathy-map",
    "user-journey",
    "impact-effort",
    "swot",
    "start-stop-continue",
    "prototype-test",
}


def zone(key="a", col=1, row=1, width=1, height=1, title=None):
    return {
        "key": key,
        "title": title if title is not None else {"fr": "Zone", "en": "Zone"},
        "prompt": {"fr": "", "en": ""},
        "col": col,
        "row": row,
        "width": width,
        "height": height,
    }


def test_the_builtin_canvases_are_complete_and_in_the_database():
    canvases = load_canvases()
    assert {c["key"] for c in canvases} == BUILTIN
    for canvas in canvases:
        for z in canvas["zones"]:
            assert z["title"]["fr"] and z["title"]["en"]
    journey = Canvas.objects.get(workspace=None, key="user-journey")
    assert len(journey.zones) == 20 and journey.columns == 4 and journey.rows == 5


@pytest.mark.parametrize(
    "definition, message",
    [
        ({"columns": 0, "zones": [zone()]}, "between 1 and 6 columns"),
        ({"columns": 2, "zones": []}, "at least one zone"),
        ({"columns": 2, "zones": [zone(), zone(key="b", col=1, row=1)]}, "Zone 2 overlaps zone 1"),
        ({"columns": 2, "zones": [zone(col=2, width=2)]}, "Zone 1 goes beyond the grid"),
        ({"columns": 2, "zones": [zone(), zone(col=2)]}, "Zone 2: another zone has the same key"),
        ({"columns": 2, "zones": [zone(title={"fr": "Dit", "en": " "})]}, "missing in en"),
        ({"columns": 2, "zones": [zone(key="Pas une clé")]}, "lower-case letters"),
        ({"columns": 2, "zones": [zone(row=0)]}, "whole numbers from 1"),
    ],
)
def test_a_bad_canvas_definition_is_refused_with_a_clear_message(definition, message):
    with translation.override("en"), pytest.raises(CanvasError, match=message):
        check_canvas(definition)


def test_a_workspace_canvas_from_lines_is_stored_and_audited(owner):
    canvas = canvas_boards.create_canvas(
        owner,
        name="Rétrospective",
        columns=3,
        zones="Bien | Ce qui a marché ? | 1,1\nMal | | 2,1\nIdées | | 3,1\nActions | | 1,2,3,1",
    )
    assert canvas.workspace == owner.workspace and canvas.language == "fr"
    assert [z["key"] for z in canvas.zones] == ["bien", "mal", "idees", "actions"]
    assert canvas.zones[3] | {} == canvas.zones[3] and canvas.zones[3]["width"] == 3
    assert canvas.rows == 2


@pytest.mark.parametrize(
    "lines, message",
    [
        ("Bien | 1,1", "Line 1: write"),
        ("Bien | | 1,1\nMal | | un,deux", "Line 2: the place"),
        ("Bien | | 1,1\nMal | | 1,1", "Zone 2 overlaps zone 1"),
        ("Bien | | 3,1", "goes beyond the grid"),
        ("", "at least one zone"),
    ],
)
def test_a_bad_workspace_canvas_stores_nothing(owner, lines, message):
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        canvas_boards.create_canvas(owner, name="Rétro", columns=2, zones=lines)
    assert not Canvas.objects.filter(workspace=owner.workspace).exists()


def test_builtin_canvases_are_read_only_and_others_canvases_invisible(owner, owner_client):
    builtin = Canvas.objects.get(workspace=None, key="swot")
    with pytest.raises(PermissionDenied):
        canvas_boards.update_canvas(owner, builtin, name="x", columns=1, zones="A | | 1,1")
    assert owner_client.get(reverse("workshops:canvas_edit", args=[builtin.pk])).status_code == 403
    stranger = make_actor(WorkspaceFactory(), Role.OWNER)
    theirs = canvas_boards.create_canvas(stranger, name="Secret", columns=1, zones="A | | 1,1")
    page = owner_client.get(reverse("workshops:canvases")).content.decode()
    assert "SWOT" in page and "Secret" not in page
    assert owner_client.get(reverse("workshops:canvas_edit", args=[theirs.pk])).status_code == 404


def test_the_editor_previews_without_saving_and_reports_the_bad_line(owner_client, owner):
    url = reverse("workshops:canvas_create")
    data = {"name": "Rétro", "columns": 2, "zones": "Bien | Ce qui a marché | 1,1\nMal | | 2,1"}
    page = owner_client.post(url, data | {"preview": "1"})
    assert page.status_code == 200 and "Ce qui a marché" in page.content.decode()
    assert "cv-c2 cv-r1 cv-w1 cv-h1" in page.content.decode()
    assert not Canvas.objects.filter(workspace=owner.workspace).exists()
    page = owner_client.post(url, data | {"zones": "Bien | | 1,1\nMal | 2,1"})
    assert "Ligne 2\u00a0: écrivez" in page.content.decode()
    assert not Canvas.objects.filter(workspace=owner.workspace).exists()
    assert owner_client.post(url, data).status_code == 302
    assert Canvas.objects.get(workspace=owner.workspace).name == {"fr": "Rétro"}


def test_a_copy_starts_from_the_builtin_canvas_in_the_users_language(owner_client):
    swot = Canvas.objects.get(workspace=None, key="swot")
    page = owner_client.get(reverse("workshops:canvas_create") + f"?from={swot.pk}").content
    assert "Forces | Sur quoi pouvons-nous nous appuyer" in page.decode()


@pytest.fixture
def journey(owner):
    workshop = create_workshop(owner, title="Ateliers de conception")
    canvas = Canvas.objects.get(workspace=None, key="user-journey")
    boards = canvas_boards.add_canvas_boards(
        owner, workshop, canvas, title="Parcours", groups=2, hidden_until_reveal=False
    )
    return workshop, boards


def test_one_canvas_board_per_group_with_the_zones_on_the_grid(journey):
    workshop, (first, second) = journey
    assert first.series == second.series and first.series is not None
    assert [first.group_number, second.group_number] == [1, 2]
    assert first.title == "Parcours — groupe 1" and first.grid_columns == 4
    zones = list(first.columns.all())
    assert len(zones) == 20
    assert zones[0].title == "Découvrir · Actions" and zones[0].grid == {
        "col": 1, "row": 1, "width": 1, "height": 1,
    }  # fmt: skip
    assert zones[0].prompt.startswith("Ce que fait l’usager")


@pytest.mark.parametrize("groups", [0, 13])
def test_a_wrong_number_of_groups_creates_no_board(owner, groups):
    workshop = create_workshop(owner, title="Atelier")
    canvas = Canvas.objects.get(workspace=None, key="swot")
    with pytest.raises(ValidationError):
        canvas_boards.add_canvas_boards(owner, workshop, canvas, title="", groups=groups)
    assert not Board.objects.filter(workshop=workshop).exists()


def command(board, kind, **fields):
    return {"id": str(uuid.uuid4()), "type": kind, "board": board.pk, **fields}


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_cards_and_groups_stay_in_their_zone(journey, english):
    workshop, (board, _) = journey
    ana = join(workshop, pseudonym="Ana")
    actions, touchpoints = list(board.columns.all()[:2])
    writer = Who(ana.pk)
    facilitator = Who(None, True)
    one, _ = protocol.apply(
        board.pk, writer, command(board, "card.add", column=actions.pk, text="Je cherche")
    )
    two, _ = protocol.apply(
        board.pk, writer, command(board, "card.add", column=touchpoints.pk, text="Le site")
    )
    card_one, card_two = (
        Card.objects.get(pk=one.payload["card"]["id"]),
        Card.objects.get(pk=two.payload["card"]["id"]),
    )
    protocol.apply(board.pk, facilitator, command(board, "board.stage", stage="group"))

    with pytest.raises(CommandError, match="one zone only"):
        protocol.apply(
            board.pk,
            facilitator,
            command(board, "cluster.create", cards=[card_one.pk, card_two.pk]),
        )
    with pytest.raises(CommandError, match="Choose the zone"):
        protocol.apply(board.pk, facilitator, command(board, "cluster.create", title="Vide"))
    event, _ = protocol.apply(
        board.pk, facilitator, command(board, "cluster.create", cards=[card_one.pk])
    )
    assert event.payload["cluster"]["column"] == actions.pk
    empty, _ = protocol.apply(
        board.pk, facilitator, command(board, "cluster.create", column=touchpoints.pk)
    )
    with pytest.raises(CommandError, match="stays in its zone"):
        protocol.apply(
            board.pk,
            facilitator,
            command(board, "card.move", card=card_two.pk, cluster=event.payload["cluster"]["id"]),
        )
    into = event.payload["cluster"]["id"]
    merge = command(board, "cluster.merge", cluster=empty.payload["cluster"]["id"], into=into)
    with pytest.raises(CommandError, match="one zone only"):
        protocol.apply(board.pk, facilitator, merge)
    protocol.apply(
        board.pk,
        facilitator,
        command(board, "card.move", card=card_two.pk, cluster=empty.payload["cluster"]["id"]),
    )
    assert Cluster.objects.filter(board=board).count() == 2
    assert Card.objects.get(pk=card_two.pk).cluster_id == empty.payload["cluster"]["id"]


def test_the_plenary_shows_every_group_and_counts_hidden_cards_only(owner, owner_client):
    workshop = create_workshop(owner, title="Séminaire")
    canvas = Canvas.objects.get(workspace=None, key="swot")
    first, second = canvas_boards.add_canvas_boards(owner, workshop, canvas, title="SWOT", groups=2)
    ana = join(workshop, pseudonym="Ana")
    for board, text in ((first, "Une équipe soudée"), (second, "<b>Des outils</b> vieillissants")):
        protocol.apply(
            board.pk,
            Who(ana.pk),
            command(board, "card.add", column=board.columns.first().pk, text=text),
        )
    url = reverse("workshops:plenary", args=[workshop.pk, first.pk])
    page = owner_client.get(url).content.decode()
    assert "SWOT — groupe 1" in page and "SWOT — groupe 2" in page
    assert "1 carte, masquée jusqu’à la révélation" in page and "Une équipe soudée" not in page
    for board in (first, second):
        protocol.apply(board.pk, Who(None, True), command(board, "board.reveal"))
    page = owner_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Une équipe soudée" in page and "&lt;b&gt;Des outils&lt;/b&gt;" in page
    assert "<html" not in page  # htmx refresh: the groups only


def test_the_minutes_draw_the_canvas_and_the_markdown_follows_its_zones(journey, owner_client):
    workshop, (board, _) = journey
    ana = join(workshop, pseudonym="Ana")
    actions = board.columns.first()
    protocol.apply(
        board.pk,
        Who(ana.pk),
        command(board, "card.add", column=actions.pk, text="Je cherche le formulaire"),
    )
    card = Card.objects.get(board=board)
    protocol.apply(
        board.pk,
        Who(None, True),
        command(board, "cluster.create", title="Recherche", cards=[card.pk]),
    )
    page = owner_client.get(reverse("workshops:minutes", args=[workshop.pk])).content.decode()
    assert "cv-grid cv-cols-4" in page and "Je cherche le formulaire" in page
    markdown = minutes.as_markdown(workshop, minutes.workshop_minutes(workshop))
    assert "### Découvrir · Actions\n\n- **Recherche**\n  - Je cherche le formulaire" in markdown


def test_participants_choose_their_group(journey, client):
    workshop, (first, second) = journey
    response = client.post(
        reverse("live:join_workshop", args=[workshop.code]), {"pseudonym": "Ana"}
    )
    assert response.url == reverse("live:groups", args=[workshop.code, first.pk])
    page = client.get(response.url).content.decode()
    assert reverse("live:board", args=[workshop.code, second.pk]) in page
    board_page = client.get(reverse("live:board", args=[workshop.code, second.pk])).content.decode()
    assert "Changer de groupe" in board_page


def test_a_canvas_board_is_made_from_the_workshop_page(owner, owner_client):
    workshop = create_workshop(owner, title="Atelier")
    url = reverse("workshops:board_canvas", args=[workshop.pk])
    canvas = Canvas.objects.get(workspace=None, key="persona")
    stranger = make_actor(WorkspaceFactory(), Role.OWNER)
    theirs = canvas_boards.create_canvas(stranger, name="Secret", columns=1, zones="A | | 1,1")
    page = owner_client.post(url, {"canvas": theirs.pk, "title": "", "groups": 1})
    assert "Choose a canvas of the list" in page.content.decode() or page.status_code == 200
    assert not Board.objects.filter(workshop=workshop).exists()
    response = owner_client.post(url, {"canvas": canvas.pk, "title": "", "groups": 1})
    board = Board.objects.get(workshop=workshop)
    assert response.url == reverse("workshops:board", args=[workshop.pk, board.pk])
    assert board.title == "Persona" and board.canvas == canvas
