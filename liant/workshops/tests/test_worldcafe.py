"""World Café: set-up, hosts, plan, rounds, latecomers, pages and bad input."""

import datetime
import uuid
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import make_actor
from liant.live.consumers import participant_cookie
from liant.live.protocol import Who, apply
from liant.workshops import services, worldcafe
from liant.workshops import worldcafe_selectors as cafes
from liant.workshops.models import Board, CafeSeat, CafeTable, Card, Column, WorldCafe

pytestmark = pytest.mark.django_db


def setup(actor, workshop, *, tables=2, rounds=2, questions=("Qu’est-ce qui nous relie ?",)):
    return worldcafe.configure_cafe(
        actor,
        workshop,
        questions=list(questions),
        rounds=rounds,
        round_minutes=15,
        table_names=worldcafe.default_table_names(tables),
    )


@pytest.fixture
def workshop(owner):
    return services.create_workshop(owner, title="Séminaire")


def people(workshop, names):
    return [services.join(workshop, pseudonym=name) for name in names]


def add_card(board, participant, text):
    column = board.columns.first()
    frame = {"id": str(uuid.uuid4()), "type": "card.add", "column": column.pk, "text": text}
    return apply(board.pk, Who(participant.pk), frame)


# --- Services


def test_setup_creates_one_board_per_table_with_the_questions_as_prompts(owner, workshop):
    cafe = setup(owner, workshop, tables=3, rounds=3, questions=["Q1", "Q2", "Q3"])
    tables = list(cafe.tables.all())
    assert [t.name for t in tables] == ["Table 1", "Table 2", "Table 3"]
    for table in tables:
        assert table.board.workshop == workshop
        assert list(table.board.columns.values_list("title", flat=True)) == ["Q1", "Q2", "Q3"]
        assert table.board.title == "World Café · " + table.name
    assert AuditEntry.objects.filter(action="worldcafe.create").count() == 1


def test_setup_can_change_before_the_start_and_keeps_boards_with_cards(owner, workshop):
    cafe = setup(owner, workshop, tables=3)
    (ana,) = people(workshop, ["Ana"])
    add_card(cafe.tables.get(position=2).board, ana, "Une idée")
    with pytest.raises(ValidationError) as error:
        setup(owner, workshop, tables=2)
    assert "Table 3" in str(error.value)
    assert cafe.tables.count() == 3
    names = ["Jardin", "Terrasse", "Salon", "Atelier"]
    # Dropping the question that holds Ana's card is refused, and nothing changes.
    with pytest.raises(ValidationError, match="Ana|cartes|cards"):
        worldcafe.configure_cafe(
            owner, workshop, questions=["Nouvelle"], rounds=4, round_minutes=10, table_names=names
        )
    assert list(cafe.tables.values_list("name", flat=True)) == ["Table 1", "Table 2", "Table 3"]
    worldcafe.configure_cafe(
        owner, workshop, questions=["Qu’est-ce qui nous relie ?", "Nouvelle"], rounds=2,
        round_minutes=10, table_names=names,
    )  # fmt: skip
    assert list(cafe.tables.values_list("name", flat=True)) == names
    assert Board.objects.filter(workshop=workshop).count() == 4
    assert Card.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"table_names": []}, "tables"),
        ({"rounds": 0}, "rounds"),
        ({"rounds": 9}, "rounds"),
        ({"questions": ["  "]}, "questions"),
        ({"questions": ["A", "B"], "rounds": 3}, "questions"),
        ({"table_names": ["Table", "table"]}, "tables"),
        ({"round_minutes": 0}, "round_minutes"),
    ],
)
def test_bad_setup_is_refused_and_nothing_stored(owner, workshop, values, field):
    data = {"questions": ["Q"], "rounds": 3, "round_minutes": 20, "table_names": ["A", "B"]}
    with pytest.raises(ValidationError) as error:
        worldcafe.configure_cafe(owner, workshop, **(data | values))
    assert field in error.value.message_dict
    assert not WorldCafe.objects.exists() and not Board.objects.exists()


def test_only_staff_of_the_workspace_set_up(owner, workshop):
    sponsor = make_actor(owner.workspace, Role.SPONSOR)
    with pytest.raises(PermissionDenied):
        setup(sponsor, workshop)
    with pytest.raises(PermissionDenied):
        setup(make_actor(), workshop)


def test_plan_seats_everyone_hosts_stay_and_tables_are_balanced(owner, workshop):
    cafe = setup(owner, workshop, tables=3, rounds=3)
    crowd = people(workshop, [f"P{i}" for i in range(11)])
    tables = list(cafe.tables.all())
    worldcafe.set_hosts(
        owner,
        cafe,
        [
            worldcafe.HostChoice(tables[0], crowd[0]),
            worldcafe.HostChoice(tables[1], name="Camille"),
            worldcafe.HostChoice(tables[2]),
        ],
    )
    assert worldcafe.plan(owner, cafe) == 12  # 11 participants and Camille
    cafe.refresh_from_db()
    reported = AuditEntry.objects.get(action="worldcafe.plan").changes["repeated_pairs"]
    assert cafes.repeated_pairs(cafe) == reported
    for number in (1, 2, 3):
        seats = CafeSeat.objects.filter(cafe=cafe, round=number)
        assert seats.count() == 11
        assert seats.get(participant=crowd[0]).table == tables[0]
        sizes = Counter(s.table_id for s in seats)
        sizes[tables[1].pk] += 1  # Camille sits there too
        assert max(sizes.values()) - min(sizes.values()) <= 1
    rows = cafes.plan_rows(cafe)
    assert rows[0].host == "P0" and rows[1].host == "Camille"
    assert all("P0" not in names for names in rows[0].rounds)  # the host is named once
    # Changing a host drops the plan, and says so.
    assert worldcafe.set_hosts(owner, cafe, [worldcafe.HostChoice(tables[2], name="Driss")])
    assert not CafeSeat.objects.exists()


def test_hosts_must_belong_to_the_workshop(owner, workshop):
    cafe = setup(owner, workshop)
    other = services.create_workshop(owner, title="Autre atelier")
    (stranger,) = people(other, ["Zoé"])
    table = cafe.tables.first()
    with pytest.raises(ValidationError):
        worldcafe.set_hosts(owner, cafe, [worldcafe.HostChoice(table, stranger)])
    (ana,) = people(workshop, ["Ana"])
    tables = list(cafe.tables.all())
    with pytest.raises(ValidationError):  # one person, two tables
        worldcafe.set_hosts(
            owner,
            cafe,
            [worldcafe.HostChoice(tables[0], ana), worldcafe.HostChoice(tables[1], ana)],
        )
    table.refresh_from_db()
    assert table.host is None


def test_plan_refuses_more_tables_than_people_and_an_empty_room(owner, workshop):
    cafe = setup(owner, workshop, tables=3)
    with pytest.raises(ValidationError, match="Personne|Nobody"):
        worldcafe.plan(owner, cafe)
    people(workshop, ["Ana", "Bruno"])
    with pytest.raises(ValidationError, match="3"):
        worldcafe.plan(owner, cafe)
    assert not CafeSeat.objects.exists()
    cafe.refresh_from_db()
    assert cafe.planned_at is None


def test_rounds_run_in_order_and_replanning_during_a_round_needs_confirmation(owner, workshop):
    cafe = setup(owner, workshop, tables=2, rounds=2, questions=["Q1", "Q2"])
    people(workshop, ["A", "B", "C", "D"])
    with pytest.raises(ValidationError):
        worldcafe.next_round(owner, cafe)  # not planned
    worldcafe.plan(owner, cafe)
    with pytest.raises(ValidationError):
        worldcafe.end_cafe(owner, cafe)  # not started
    assert worldcafe.next_round(owner, cafe) == 1
    before = list(CafeSeat.objects.order_by("pk").values_list("round", "table", "participant"))
    with pytest.raises(ValidationError):
        worldcafe.plan(owner, cafe)
    assert list(CafeSeat.objects.order_by("pk").values_list("round", "table", "participant")) == (
        before
    )
    worldcafe.plan(owner, cafe, confirm=True)
    assert CafeSeat.objects.filter(round=1).count() == 4
    assert worldcafe.next_round(owner, cafe) == 2
    # The round's question comes first on every table's board.
    board = cafe.tables.first().board
    assert list(board.columns.values_list("title", flat=True)) == ["Q2", "Q1"]
    with pytest.raises(ValidationError):
        worldcafe.next_round(owner, cafe)  # that was the last
    worldcafe.end_cafe(owner, cafe)
    assert list(board.columns.values_list("title", flat=True)) == ["Q1", "Q2"]
    cafe.refresh_from_db()
    assert cafe.ended_at and cafe.current_round == 2
    for action in (worldcafe.next_round, worldcafe.end_cafe):
        with pytest.raises(ValidationError):
            action(owner, cafe)
    with pytest.raises(ValidationError):
        setup(owner, workshop)


def test_replanning_keeps_the_rounds_played(owner, workshop):
    cafe = setup(owner, workshop, tables=3, rounds=3)
    people(workshop, [f"P{i}" for i in range(9)])
    worldcafe.plan(owner, cafe)
    worldcafe.next_round(owner, cafe)
    worldcafe.next_round(owner, cafe)
    played = set(CafeSeat.objects.filter(round=1).values_list("table", "participant"))
    worldcafe.plan(owner, cafe, confirm=True)
    assert set(CafeSeat.objects.filter(round=1).values_list("table", "participant")) == played
    assert CafeSeat.objects.filter(round__in=[2, 3]).count() == 18


def test_latecomer_is_seated_at_the_least_filled_table(owner, workshop):
    cafe = setup(owner, workshop, tables=2, rounds=2)
    people(workshop, ["A", "B", "C"])
    worldcafe.plan(owner, cafe)
    worldcafe.next_round(owner, cafe)
    (late,) = people(workshop, ["Late"])
    cafe.refresh_from_db()
    assert cafes.unseated_count(cafe) == 1
    assert worldcafe.seat_latecomer(cafe, late)
    assert not worldcafe.seat_latecomer(cafe, late)  # once
    for number in (1, 2):
        sizes = Counter(CafeSeat.objects.filter(round=number).values_list("table", flat=True))
        assert sorted(sizes.values()) == [2, 2]
    assert cafes.unseated_count(cafe) == 0
    assert cafes.placement(cafe, late).table is not None


def test_placement_names_the_table_and_host(owner, workshop):
    cafe = setup(owner, workshop, tables=2, rounds=2)
    host, *others = people(workshop, ["Camille", "", "B", "C"])
    first = cafe.tables.first()
    worldcafe.set_hosts(owner, cafe, [worldcafe.HostChoice(first, host)])
    worldcafe.plan(owner, cafe)
    place = cafes.placement(cafe, host)
    assert place.is_host and place.table == first
    for participant in others:
        place = cafes.placement(cafe, participant)
        assert place.round == 1 and not place.is_host
        assert place.host == ("Camille" if place.table == first else "")
    assert cafes.labels(workshop)[others[0].pk] == "participant n° 2"


def test_harvest_and_minutes_gather_every_table(owner, owner_client, workshop):
    cafe = setup(owner, workshop, tables=2, rounds=2)
    ana, bruno = people(workshop, ["Ana", "Bruno"])
    first, second = cafe.tables.all()
    worldcafe.set_hosts(owner, cafe, [worldcafe.HostChoice(first, name="Camille")])
    add_card(first.board, ana, "Plus de temps <b>ensemble</b>")
    add_card(second.board, bruno, "=Des rituels d’équipe")
    harvest = cafes.harvest(cafe)
    assert [h.table for h in harvest] == [first, second]
    assert not harvest[0].empty and harvest[0].minutes.host == "Camille"

    body = owner_client.get(reverse("workshops:cafe_harvest", args=[workshop.pk])).content
    body = body.decode()
    assert "Plus de temps &lt;b&gt;ensemble&lt;/b&gt;" in body and "Des rituels" in body
    assert "Ana" not in body and "Bruno" not in body  # anonymous cards
    minutes_url = reverse("workshops:minutes", args=[workshop.pk])
    body = owner_client.get(minutes_url).content.decode()
    assert "World Café · Table 1" in body and "Camille" in body
    markdown = owner_client.get(minutes_url, {"format": "md"}).content.decode()
    assert "## World Café · Table 2" in markdown and "Hôte\u00a0: Camille" in markdown
    table = owner_client.get(minutes_url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=Des rituels" in table and ";Camille" in table


# --- Pages


def test_setup_page_creates_the_cafe_and_shows_clear_errors(owner_client, workshop):
    url = reverse("workshops:cafe_setup", args=[workshop.pk])
    assert owner_client.get(reverse("workshops:cafe", args=[workshop.pk])).url == url
    response = owner_client.post(
        url, {"questions": "Q", "rounds": 9, "round_minutes": 20, "tables": 0, "table_names": ""}
    )
    body = response.content.decode()
    assert "Choisissez entre 1 et 8 tours." in body
    assert "Un World Café a besoin d’au moins une table." in body
    assert not WorldCafe.objects.exists()
    response = owner_client.post(
        url,
        {"questions": "Q", "rounds": 2, "round_minutes": 20, "tables": 2, "table_names": "A\nB\nC"},
    )
    assert "Vous avez nommé 3 tables pour 2 tables." in response.content.decode()
    response = owner_client.post(
        url,
        {"questions": "Q", "rounds": 2, "round_minutes": 20, "tables": 3, "table_names": "Jardin"},
    )
    assert response.status_code == 302
    cafe = WorldCafe.objects.get()
    assert list(cafe.tables.values_list("name", flat=True)) == ["Jardin", "Table 2", "Table 3"]
    assert "Jardin\nTable 2\nTable 3</textarea>" in owner_client.get(url).content.decode()
    body = owner_client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert reverse("workshops:cafe", args=[workshop.pk]) in body


def test_console_hosts_plan_and_rounds_through_the_pages(owner_client, owner, workshop):
    cafe = setup(owner, workshop, tables=2)
    ana, *_rest = people(workshop, ["Ana", "Bruno", "Chloé", ""])
    other = services.create_workshop(owner, title="Autre")
    (stranger,) = people(other, ["Zoé"])
    first, second = cafe.tables.all()
    hosts_url = reverse("workshops:cafe_hosts", args=[workshop.pk])
    response = owner_client.post(hosts_url, {f"host_{first.pk}": stranger.pk})
    assert response.status_code == 400
    assert "Cette personne n’a pas rejoint cet atelier." in response.content.decode()
    response = owner_client.post(
        hosts_url, {f"host_{first.pk}": ana.pk, f"name_{second.pk}": "Camille"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.host == ana

    console = reverse("workshops:cafe", args=[workshop.pk])
    owner_client.post(reverse("workshops:cafe_plan", args=[workshop.pk]))
    round_url = reverse("workshops:cafe_round", args=[workshop.pk])
    owner_client.post(round_url, {"action": "next"})
    body = owner_client.get(console).content.decode()
    assert "Tour 1 sur 2" in body and "participant n° 4" in body
    response = owner_client.post(reverse("workshops:cafe_plan", args=[workshop.pk]), follow=True)
    assert "cochez la confirmation" in response.content.decode()
    projector = owner_client.get(reverse("workshops:cafe_projector", args=[workshop.pk]))
    body = projector.content.decode()
    assert "Tour 1 sur 2" in body and "Camille" in body and workshop.code in body
    fragment = owner_client.get(
        reverse("workshops:cafe_projector", args=[workshop.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment and "Tour 1 sur 2" in fragment
    owner_client.post(round_url, {"action": "end"})
    cafe.refresh_from_db()
    assert cafe.ended_at is not None


def test_a_sponsor_cannot_reach_the_cafe(client, owner, workshop):
    setup(owner, workshop)
    sponsor = make_actor(owner.workspace, Role.SPONSOR)
    client.force_login(sponsor.user)
    for name in ("cafe", "cafe_setup", "cafe_projector", "cafe_harvest"):
        assert client.get(reverse(f"workshops:{name}", args=[workshop.pk])).status_code == 403
    assert client.post(reverse("workshops:cafe_plan", args=[workshop.pk])).status_code == 403


def test_participant_phone_page(client, owner, workshop):
    cafe = setup(owner, workshop, tables=2, rounds=2)
    url = reverse("live:cafe", args=[workshop.code])
    assert client.get(url).url == reverse("live:join_workshop", args=[workshop.code])
    # Joining while a café is on leads to the café page.
    response = client.post(
        reverse("live:join_workshop", args=[workshop.code]), {"pseudonym": "Ana"}
    )
    assert response.url == url
    assert "commence bientôt" in client.get(url).content.decode()
    people(workshop, ["Bruno", "Chloé", "Dan"])
    first = cafe.tables.first()
    worldcafe.set_hosts(owner, cafe, [worldcafe.HostChoice(first, name="Camille")])
    worldcafe.plan(owner, cafe)
    worldcafe.next_round(owner, cafe)
    body = client.get(url).content.decode()
    assert "Tour 1 sur 2" in body and "Votre table" in body
    ana = workshop.participants.get(pseudonym="Ana")
    table = cafes.placement(cafe, ana).table
    assert reverse("live:board", args=[workshop.code, table.board_id]) in body
    fragment = client.get(url, {"compact": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and table.name in fragment
    # The board page of a café shows the café banner.
    board_page = client.get(reverse("live:board", args=[workshop.code, table.board_id]))
    assert url in board_page.content.decode()
    # A malformed cookie is no one.
    client.cookies[participant_cookie(workshop)] = "not-a-uuid"
    assert client.get(url).status_code == 302


def test_latecomer_gets_a_seat_on_opening_the_page(client, owner, workshop):
    cafe = setup(owner, workshop, tables=2, rounds=2)
    people(workshop, ["A", "B", "C", "D"])
    worldcafe.plan(owner, cafe)
    client.post(reverse("live:join_workshop", args=[workshop.code]), {"pseudonym": "Late"})
    late = workshop.participants.get(pseudonym="Late")
    assert not CafeSeat.objects.filter(participant=late).exists()
    client.get(reverse("live:cafe", args=[workshop.code]))
    assert CafeSeat.objects.filter(participant=late).count() == 2


def test_countdown_of_a_round(owner, workshop):
    cafe = setup(owner, workshop)
    people(workshop, ["A", "B"])
    worldcafe.plan(owner, cafe)
    assert cafes.seconds_left(cafe) is None
    worldcafe.next_round(owner, cafe)
    cafe.refresh_from_db()
    later = cafe.round_started_at + datetime.timedelta(minutes=5)
    assert cafes.seconds_left(cafe, later) == 10 * 60
    assert cafes.seconds_left(cafe, timezone.now() + datetime.timedelta(hours=1)) == 0


def test_table_boards_are_ordinary_boards(owner, workshop):
    cafe = setup(owner, workshop, tables=1, rounds=1)
    (ana,) = people(workshop, ["Ana"])
    table = CafeTable.objects.get(cafe=cafe)
    event, created = add_card(table.board, ana, "Idée")
    assert created and event.kind == "card.added"
    assert Column.objects.filter(board=table.board).count() == 1


def test_a_participant_cookie_opens_only_its_own_workshop(client, owner, workshop):
    setup(owner, workshop)
    other = services.create_workshop(make_actor(), title="Atelier d’un autre cabinet")
    setup(make_actor(other.workspace), other)
    client.post(reverse("live:join_workshop", args=[workshop.code]), {"pseudonym": "Ana"})
    assert client.get(reverse("live:cafe", args=[workshop.code])).status_code == 200
    response = client.get(reverse("live:cafe", args=[other.code]))
    assert response.url == reverse("live:join_workshop", args=[other.code])


def test_deleting_the_workshop_deletes_its_cafe(owner, workshop):
    cafe = setup(owner, workshop)
    people(workshop, ["A", "B"])
    worldcafe.plan(owner, cafe)
    workshop.delete()
    assert not WorldCafe.objects.exists() and not CafeTable.objects.exists()
    assert not Board.objects.exists() and not CafeSeat.objects.exists()


def test_a_host_is_told_to_stay_and_everyone_is_thanked_at_the_end(client, owner, workshop):
    cafe = setup(owner, workshop, tables=2, rounds=2)
    client.post(reverse("live:join_workshop", args=[workshop.code]), {"pseudonym": "Camille"})
    people(workshop, ["B", "C", "D"])
    camille = workshop.participants.get(pseudonym="Camille")
    worldcafe.set_hosts(owner, cafe, [worldcafe.HostChoice(cafe.tables.first(), camille)])
    worldcafe.plan(owner, cafe)
    url = reverse("live:cafe", args=[workshop.code])
    body = client.get(url).content.decode()
    assert "Tour 1 sur 2 — bientôt" in body and "Vous êtes l’hôte de Table 1" in body
    worldcafe.next_round(owner, cafe)
    worldcafe.end_cafe(owner, cafe)
    body = client.get(url).content.decode()
    assert "Le World Café est terminé" in body and "Relire le tableau de Table 1" in body
