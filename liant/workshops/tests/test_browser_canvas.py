"""A user-journey canvas run by three participants in two parallel groups, then the plenary."""

import pytest
from playwright.sync_api import expect

from liant.conftest import session_cookie
from liant.core.testing import make_actor
from liant.live.tests.test_browser_live import open_page, shot
from liant.workshops.canvases import sync_builtin_canvases
from liant.workshops.models import Board, Card
from liant.workshops.services import create_workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def join_group(browser, server, workshop, name, group):
    page = open_page(browser, server, viewport=(390, 800))
    page.goto(f"/join/{workshop.code}/")
    page.fill("#id_pseudonym", name)
    page.click("button:has-text('Entrer dans l’atelier')")
    page.click(f"a:has-text('Groupe {group}')")
    expect(page.locator("#lb-connection")).to_have_text("Connecté")
    return page


def write(page, zone, text):
    page.locator("#lb-column").select_option(label=zone)
    page.fill("#lb-text", text)
    page.click("button:has-text('Publier')")
    expect(page.locator(".lb-mine", has_text=text)).to_be_visible()


def test_a_user_journey_in_two_groups_then_the_plenary(browser, asgi_server):
    sync_builtin_canvases()  # the transactional test database starts without them
    actor = make_actor()
    workshop = create_workshop(actor, title="Atelier de conception — état civil")
    facilitator = run_user_journey(browser, asgi_server, actor, workshop)

    # The minutes draw each canvas.
    facilitator.goto(f"/workshops/{workshop.pk}/minutes/")
    expect(facilitator.locator(".cv-grid")).to_have_count(2)
    shot(facilitator, "canvas-04-minutes")


def run_user_journey(browser, asgi_server, actor, workshop):
    """The facilitator (``actor``) runs a user-journey canvas in two parallel groups with Ana,
    Bruno (group 1) and Chloé (group 2), groups a card in a zone, then opens the plenary.
    Returns the facilitator's page (also used by the direction project's journey)."""
    facilitator = open_page(browser, asgi_server, viewport=(1400, 900))
    facilitator.context.add_cookies([session_cookie(actor.user, asgi_server)])

    facilitator.goto(f"/workshops/{workshop.pk}/")
    facilitator.click("text=Ajouter un tableau sur canevas")
    facilitator.get_by_label("Canevas").select_option(label="Parcours usager")
    facilitator.get_by_label("Titre du tableau").fill("Demande d’acte de naissance")
    facilitator.get_by_label("Petits groupes travaillant en parallèle").fill("2")
    facilitator.click("button:has-text('Créer')")
    expect(facilitator.locator("h1")).to_contain_text("Plénière — Parcours usager")
    first, second = Board.objects.filter(workshop=workshop).order_by("group_number")

    ana = join_group(browser, asgi_server, workshop, "Ana", 1)
    bruno = join_group(browser, asgi_server, workshop, "Bruno", 1)
    chloe = join_group(browser, asgi_server, workshop, "Chloé", 2)
    write(ana, "Découvrir · Actions", "Je cherche « acte de naissance » sur le site")
    write(bruno, "Découvrir · Irritants", "Trois sites différents, aucun officiel en premier")
    write(ana, "Attendre · Émotions", "Inquiète : mon passeport expire")
    write(chloe, "Faire la démarche · Points de contact", "Le guichet de la mairie annexe")
    shot(bruno, "canvas-01-participant-phone")
    assert Card.objects.filter(board=first).count() == 3
    assert Card.objects.filter(board=second).count() == 1

    # The facilitator's console of group 1: the zones on the canvas grid, a group in a zone.
    facilitator.goto(f"/workshops/{workshop.pk}/boards/{first.pk}/")
    expect(facilitator.locator("#lb-columns.lb-canvas .lb-column")).to_have_count(20)
    expect(facilitator.locator(".lb-card")).to_have_count(3)
    facilitator.click("[data-command='board.stage'][data-stage='group']")
    zone = facilitator.locator(".lb-column", has_text="Découvrir · Irritants")
    zone.get_by_role("button", name="+ Nouveau regroupement dans cette zone").click()
    expect(zone.locator(".lb-group")).to_have_count(1)
    title = zone.locator("input.lb-group-title")
    title.fill("Trouver le bon site")
    title.press("Enter")
    card = zone.locator(".lb-card", has_text="Trois sites différents")
    # Only the groups of the card's zone are offered.
    options = card.locator("select.lb-move option")
    expect(options).to_have_text(
        ["Déplacer dans un groupe…", "Trouver le bon site", "Dans un nouveau groupe"]
    )
    card.locator("select.lb-move").select_option(label="Trouver le bon site")
    expect(zone.locator(".lb-group .lb-card")).to_have_count(1)
    expect(ana.locator(".lb-group h3", has_text="Trouver le bon site")).to_be_visible()
    shot(facilitator, "canvas-02-console-group-1")

    # The plenary: both groups' canvases side by side, with their cards.
    facilitator.goto(f"/workshops/{workshop.pk}/boards/{first.pk}/plenary/")
    groups = facilitator.locator(".cv-plenary > section")
    expect(groups).to_have_count(2)
    expect(groups.nth(0)).to_contain_text("Trouver le bon site")
    expect(groups.nth(1)).to_contain_text("Le guichet de la mairie annexe")
    write(chloe, "Obtenir le service · Opportunités", "Recevoir l’acte par courriel")
    expect(groups.nth(1)).to_contain_text("Recevoir l’acte par courriel", timeout=12_000)
    shot(facilitator, "canvas-03-plenary")
    return facilitator
