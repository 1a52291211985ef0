"""A facilitator and three participants on one board, each in their own browser."""

import re

import pytest

from liant.conftest import ARTIFACTS, session_cookie
from liant.core.testing import make_actor
from liant.workshops.models import Board, Card
from liant.workshops.services import add_board, create_workshop, join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_page(browser, base_url, viewport=(1280, 860)):
    context = browser.new_context(
        base_url=base_url, locale="fr-FR", viewport={"width": viewport[0], "height": viewport[1]}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_write_hidden_reveal_group_vote_with_a_reload(browser, asgi_server):
    actor = make_actor()
    workshop = create_workshop(actor, title="Séminaire de direction", dots_per_participant=2)
    board = add_board(
        actor, workshop, title="Ce qui nous freine", prompts=["Irritants", "Idées d’amélioration"]
    )

    facilitator = open_page(browser, asgi_server)
    facilitator.context.add_cookies([session_cookie(actor.user, asgi_server)])
    facilitator.goto(f"/workshops/{workshop.pk}/boards/{board.pk}/")
    facilitator.wait_for_selector("text=Connecté")

    people = []
    for name, text in [
        ("Ana", "Réunions trop longues"),
        ("Bruno", "Outils informatiques lents"),
        ("", "<b>Trop</b> de réunions le lundi"),
    ]:
        page = open_page(browser, asgi_server, viewport=(390, 800))
        page.goto("/join/")
        page.fill("#id_code", workshop.code.lower())
        page.click("button:has-text('Rejoindre')")
        page.fill("#id_pseudonym", name)
        page.click("button:has-text('Entrer dans l’atelier')")
        page.wait_for_selector("text=Connecté")
        page.fill("#lb-text", text)
        page.click("button:has-text('Publier')")
        page.wait_for_selector(f".lb-mine:has-text('{text}')")
        people.append(page)
    ana, bruno, third = people
    # The console counts the people connected, live.
    presence = "#lb-presence:text-matches('^Participants connectés.: %d ')"
    facilitator.wait_for_selector(presence % 3)

    # Hidden until reveal: Ana sees her card and two card backs; nobody sees an author.
    ana.wait_for_function("document.querySelectorAll('.lb-card').length === 3")
    assert ana.locator(".lb-masked").count() == 2
    assert "Outils" not in ana.locator("#lb-columns").inner_text()
    facilitator.wait_for_function("document.querySelectorAll('.lb-masked').length === 3")
    shot(third, "live-01-participant-writing")

    # A participant reloads mid-way and loses nothing.
    bruno.reload()
    bruno.wait_for_selector(".lb-mine:has-text('Outils informatiques lents')")

    facilitator.click("text=Révéler les cartes")
    ana.wait_for_selector("text=Outils informatiques lents")
    # The HTML in a card is shown as text.
    assert ana.locator("text=<b>Trop</b> de réunions le lundi").count() == 1
    assert ana.locator(".lb-card b").count() == 0

    # Grouping by the facilitator, with the keyboard-friendly select.
    facilitator.click("[data-command='board.stage'][data-stage='group']")
    facilitator.click("[data-command='cluster.create']")
    facilitator.wait_for_selector(".lb-group")
    title = facilitator.locator("input.lb-group-title")
    title.fill("Réunions")
    title.press("Enter")
    for text in ("Réunions trop longues", "<b>Trop</b> de réunions le lundi"):
        card = facilitator.locator(".lb-card", has_text=text)
        card.locator("select.lb-move").select_option(label="Réunions")
        facilitator.wait_for_selector(f".lb-group .lb-card:has-text('{text}')")
    ana.wait_for_selector(".lb-group h3:has-text('Réunions')")

    # Voting: two dots each, results shown by the facilitator.
    facilitator.click("[data-command='board.stage'][data-stage='vote']")
    for page in people:
        page.wait_for_selector(".lb-group .lb-dot")
        page.locator(".lb-group .lb-dot").first.click()
        page.wait_for_selector(".lb-my-dots:has-text('×1')")
    facilitator.click("#lb-results-toggle")
    ana.wait_for_selector("#lb-ranking li")
    assert re.search(r"Réunions\s+3 points", ana.locator("#lb-ranking").inner_text())
    shot(ana, "live-02-participant-results")

    projector = open_page(browser, asgi_server, viewport=(1600, 900))
    projector.context.add_cookies([session_cookie(actor.user, asgi_server)])
    projector.goto(f"/workshops/{workshop.pk}/boards/{board.pk}/projector/")
    projector.wait_for_selector("#lb-ranking li")
    projector.wait_for_selector("#lb-presence:text-matches('^Participants connectés.: 3$')")
    shot(projector, "live-03-projector")
    third.context.close()  # someone leaves: the count follows
    facilitator.wait_for_selector(presence % 2)
    shot(facilitator, "live-04-facilitator")
    assert Card.objects.filter(board=board).count() == 3


def test_facilitator_accepts_a_suggested_group(browser, asgi_server):
    actor = make_actor()
    workshop = create_workshop(actor, title="Séminaire")
    board = add_board(actor, workshop, title="Irritants", prompts=["Ce qui nous freine"])
    author = join(workshop, pseudonym="")
    column = board.columns.get()
    for text in (
        "Réunions trop longues",
        "Trop de réunions",
        "Outils lents",
        "Les outils sont lents",
    ):
        Card.objects.create(
            workspace=board.workspace, board=board, column=column, author=author, text=text
        )
    Board.objects.filter(pk=board.pk).update(revealed=True, stage="group")

    page = open_page(browser, asgi_server)
    page.context.add_cookies([session_cookie(actor.user, asgi_server)])
    page.goto(f"/workshops/{workshop.pk}/boards/{board.pk}/")
    page.wait_for_selector("text=Connecté")
    page.click("[data-command='suggest']")
    page.wait_for_selector(".lb-suggestion", timeout=20_000)
    assert page.locator(".lb-suggestion").count() == 2
    shot(page, "live-05-suggestions")
    first = page.locator(".lb-suggestion").first
    first.locator("input").fill("Réunions")
    first.locator("button:has-text('Accepter')").click()
    page.wait_for_selector(".lb-group input[value='Réunions']")
    assert page.locator(".lb-suggestion").count() == 1
    assert Card.objects.filter(cluster__title="Réunions").count() == 2
