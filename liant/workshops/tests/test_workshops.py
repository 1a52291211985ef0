import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liant.core.testing import MissionFactory
from liant.live.protocol import Who, apply
from liant.missions import key_figures
from liant.workshops import services
from liant.workshops.models import CODE_ALPHABET, Board, Card, Participant, Workshop

pytestmark = pytest.mark.django_db


def command(kind, **fields):
    import uuid

    return {"id": str(uuid.uuid4()), "type": kind, **fields}


@pytest.fixture
def board(owner):
    workshop = services.create_workshop(owner, title="Séminaire")
    return services.add_board(owner, workshop, title="Irritants", prompts=["Ce qui freine", ""])


def test_a_workshop_gets_an_unambiguous_join_code(owner):
    workshop = services.create_workshop(owner, title="Séminaire")
    assert len(workshop.code) == 6 and set(workshop.code) <= set(CODE_ALPHABET)
    assert not set("01IOL") & set(workshop.code)


def test_workshop_and_board_need_titles_and_prompts(owner):
    with pytest.raises(ValidationError):
        services.create_workshop(owner, title="  ")
    workshop = services.create_workshop(owner, title="Séminaire")
    with pytest.raises(ValidationError):
        services.add_board(owner, workshop, title="Tableau", prompts=["", " "])
    with pytest.raises(ValidationError):
        services.add_board(owner, workshop, title="", prompts=["Q"])
    assert not Board.objects.exists()


def test_create_workshop_and_board_through_the_pages(owner_client, owner):
    mission = MissionFactory(organization__workspace=owner.workspace)
    response = owner_client.post(
        reverse("workshops:create"),
        {"title": "Séminaire <b>annuel</b>", "mission": mission.pk, "dots_per_participant": 3},
    )
    workshop = Workshop.objects.get()
    assert response.url == reverse("workshops:board_create", args=[workshop.pk])
    assert workshop.organization == mission.organization
    owner_client.post(
        reverse("workshops:board_create", args=[workshop.pk]),
        {
            "title": "Irritants",
            "prompts": "Ce qui freine\nCe qui aide",
            "hidden_until_reveal": "on",
        },
    )
    board = Board.objects.get()
    assert [c.title for c in board.columns.all()] == ["Ce qui freine", "Ce qui aide"]
    body = owner_client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert workshop.code in body and "Séminaire &lt;b&gt;annuel&lt;/b&gt;" in body
    qr = owner_client.get(reverse("workshops:qr", args=[workshop.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_sponsors_have_no_access_to_workshops(client, sponsor):
    client.force_login(sponsor.user)
    assert client.get(reverse("workshops:list")).status_code == 403


def test_join_by_code_sets_a_cookie_and_rejoins_as_the_same_participant(client, board):
    workshop = board.workshop
    response = client.get(reverse("live:join"), {"code": "ZZZZZZ"})
    assert "Aucun atelier n’a ce code" in response.content.decode()
    response = client.get(reverse("live:join"), {"code": workshop.code.lower()})
    assert response.url == reverse("live:join_workshop", args=[workshop.code])
    response = client.post(response.url, {"pseudonym": "Ana"})
    assert response.url == reverse("live:board", args=[workshop.code, board.pk])
    participant = Participant.objects.get()
    assert client.cookies[f"liant_p_{workshop.code}"].value == str(participant.key)
    client.get(reverse("live:join_workshop", args=[workshop.code]))
    assert Participant.objects.count() == 1
    page = client.get(reverse("live:board", args=[workshop.code, board.pk])).content.decode()
    assert 'id="board-config"' in page and str(participant.key) not in page


def test_a_board_of_another_workshop_is_not_found_by_code(client, owner, board):
    other = services.create_workshop(owner, title="Autre")
    response = client.get(reverse("live:board", args=[other.code, board.pk]))
    assert response.status_code == 404


def test_without_the_cookie_the_board_page_asks_to_join(client, board):
    response = client.get(reverse("live:board", args=[board.workshop.code, board.pk]))
    assert response.url == reverse("live:join_workshop", args=[board.workshop.code])


def test_minutes_and_exports(owner_client, owner, board):
    ana = services.join(board.workshop, pseudonym="Ana")
    column = board.columns.get()
    facilitator = Who(None, True)
    for text in ("Réunions trop longues", '=HYPERLINK("x")', "<script>alert(1)</script> *gras*"):
        apply(board.pk, Who(ana.pk), command("card.add", column=column.pk, text=text))
    apply(board.pk, facilitator, command("board.stage", stage="group"))
    event, _ = apply(board.pk, facilitator, command("cluster.create", title="Réunions"))
    cluster_id = event.payload["cluster"]["id"]
    card = Card.objects.get(text="Réunions trop longues")
    apply(board.pk, facilitator, command("card.move", card=card.pk, cluster=cluster_id))
    apply(board.pk, facilitator, command("board.stage", stage="vote"))
    apply(board.pk, Who(ana.pk), command("vote.add", cluster=cluster_id))

    url = reverse("workshops:minutes", args=[board.workshop.pk])
    body = owner_client.get(url).content.decode()
    assert "&lt;script&gt;" in body and "<script>alert" not in body
    assert "Réunions <strong>(1)</strong>" in body
    assert "Ana" not in body  # cards are anonymous on this workshop
    markdown = owner_client.get(url, {"format": "md"}).content.decode()
    assert "### Réunions" in markdown and "\\<script\\>" in markdown and "\\*gras\\*" in markdown
    table = owner_client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in table and "Ana" not in table


def test_workshops_count_in_the_mission_key_figures(owner, board):
    mission = MissionFactory(organization__workspace=owner.workspace)
    Workshop.objects.filter(pk=board.workshop.pk).update(mission=mission)
    services.join(board.workshop, pseudonym="Ana")
    values = {f.key: f for f in key_figures.compute(owner, mission)}
    assert values["workshops.run"].value == "1"
    assert values["workshops.participants"].value == "1"
    assert "workshops.run" not in {
        f.key for f in key_figures.compute(owner, MissionFactory(organization=mission.organization))
    }
