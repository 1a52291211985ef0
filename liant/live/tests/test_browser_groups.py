"""A facilitator reorders, merges and splits groups with the keyboard-reachable controls."""

import pytest
from playwright.sync_api import expect

from liant.conftest import session_cookie
from liant.core.testing import make_actor
from liant.live.tests.test_browser_live import open_page, shot
from liant.workshops.models import Board, Card, Cluster
from liant.workshops.services import add_board, create_workshop, join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reorder_merge_and_split_groups(browser, asgi_server):
    actor = make_actor()
    workshop = create_workshop(actor, title="Séminaire")
    board = add_board(actor, workshop, title="Irritants", prompts=["Ce qui nous freine"])
    author = join(workshop)
    column = board.columns.get()
    groups = {}
    for title, texts in {
        "Réunions": ["Réunions trop longues", "Réunions sans ordre du jour"],
        "Outils": ["Outils lents"],
        "Agendas": ["Agendas pleins"],
    }.items():
        cluster = Cluster.objects.create(
            workspace=board.workspace, board=board, title=title, position=len(groups)
        )
        groups[title] = cluster
        for text in texts:
            Card.objects.create(
                workspace=board.workspace,
                board=board,
                column=column,
                author=author,
                cluster=cluster,
                text=text,
            )
    Board.objects.filter(pk=board.pk).update(revealed=True, stage="group")

    page = open_page(browser, asgi_server)
    page.context.add_cookies([session_cookie(actor.user, asgi_server)])
    page.goto(f"/workshops/{workshop.pk}/boards/{board.pk}/")
    page.wait_for_selector("text=Connecté")
    titles = page.locator(".lb-group .lb-group-title")
    assert [titles.nth(i).input_value() for i in range(3)] == ["Réunions", "Outils", "Agendas"]

    # Move "Agendas" up, with the keyboard.
    page.locator(".lb-group").nth(2).get_by_role("button", name="Monter le groupe").focus()
    page.keyboard.press("Enter")
    expect(titles.nth(1)).to_have_value("Agendas")
    assert list(board.clusters.values_list("title", flat=True)) == ["Réunions", "Agendas", "Outils"]

    # Merge "Agendas" into "Réunions".
    page.locator(".lb-group").nth(1).get_by_label("Fusionner dans…").select_option(label="Réunions")
    expect(page.locator(".lb-group")).to_have_count(2)
    assert groups["Réunions"].cards.count() == 3
    assert not Cluster.objects.filter(pk=groups["Agendas"].pk).exists()

    # Split a card off into a new group of its own.
    card = page.locator(".lb-card", has_text="Réunions sans ordre du jour")
    card.get_by_label("Déplacer dans un groupe…").select_option(label="Dans un nouveau groupe")
    expect(page.locator(".lb-group")).to_have_count(3)
    split = Card.objects.get(text="Réunions sans ordre du jour").cluster
    assert split not in (groups["Réunions"], groups["Outils"])
    shot(page, "live-06-groups")
