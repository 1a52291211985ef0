"""A facilitator runs a World Café with 2 tables and 2 rounds; four participants on phones."""

import pytest

from liant.conftest import ARTIFACTS, session_cookie
from liant.core.testing import make_actor
from liant.workshops.models import CafeSeat, Card, WorldCafe
from liant.workshops.services import create_workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_page(browser, base_url, viewport=(1280, 860)):
    context = browser.new_context(
        base_url=base_url, locale="fr-FR", viewport={"width": viewport[0], "height": viewport[1]}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def table_of(page):
    """The table named on a participant's café page ("Votre table : Jardin")."""
    heading = page.locator(".wc-big").inner_text()
    return heading.split(":", 1)[1].strip()


def test_world_cafe_two_tables_two_rounds(browser, asgi_server):
    actor = make_actor()
    workshop = create_workshop(actor, title="Séminaire de rentrée")

    facilitator = open_page(browser, asgi_server)
    facilitator.context.add_cookies([session_cookie(actor.user, asgi_server)])
    facilitator.goto(f"/workshops/{workshop.pk}/")
    facilitator.click("text=Préparer un World Café")
    facilitator.fill("#id_questions", "Qu’est-ce qui nous rendrait fiers dans un an ?")
    facilitator.fill("#id_rounds", "2")
    facilitator.fill("#id_round_minutes", "15")
    facilitator.fill("#id_tables", "2")
    facilitator.fill("#id_table_names", "Jardin\nTerrasse")
    shot(facilitator, "worldcafe-01-setup")
    facilitator.click("button:has-text('Créer le World Café')")
    facilitator.wait_for_selector("text=World Café prêt")

    phones = []
    for name in ("Ana", "Bruno", "Chloé", ""):
        phone = open_page(browser, asgi_server, viewport=(390, 800))
        phone.goto("/join/")
        phone.fill("#id_code", workshop.code)
        phone.click("button:has-text('Rejoindre')")
        phone.fill("#id_pseudonym", name)
        phone.click("button:has-text('Entrer dans l’atelier')")
        phone.wait_for_selector("text=Le World Café commence bientôt")
        phones.append(phone)

    # The console counts the arrivals by itself.
    facilitator.wait_for_selector("#wc-joined:has-text('4 participants ont rejoint')")
    facilitator.click("button:has-text('Calculer la rotation')")
    facilitator.wait_for_selector("text=Rotation calculée pour 4 personnes")
    facilitator.click("button:has-text('Lancer le tour 1')")
    facilitator.wait_for_selector("text=Le tour 1 a commencé")
    shot(facilitator, "worldcafe-02-console")

    # Each phone sees its table (the page polls the server), then writes on that board.
    first_tables = []
    for i, phone in enumerate(phones):
        phone.wait_for_selector("text=Tour 1 sur 2")
        table = table_of(phone)
        first_tables.append(table)
        if i == 0:
            shot(phone, "worldcafe-03-phone")
        phone.click(f"text=Ouvrir le tableau de {table}")
        phone.wait_for_selector("text=Connecté")
        phone.fill("#lb-text", f"Idée {i + 1} à la table {table}")
        phone.click("button:has-text('Publier')")
        phone.wait_for_selector(f".lb-mine:has-text('Idée {i + 1}')")
    assert sorted(first_tables) == ["Jardin", "Jardin", "Terrasse", "Terrasse"]
    assert Card.objects.count() == 4

    projector = open_page(browser, asgi_server, viewport=(1600, 900))
    projector.context.add_cookies([session_cookie(actor.user, asgi_server)])
    projector.goto(f"/workshops/{workshop.pk}/cafe/projector/")
    projector.wait_for_selector(".wc-table:has-text('Jardin')")
    assert "participant n° 4" in projector.locator(".wc-tables").inner_text()
    shot(projector, "worldcafe-04-projector")

    # Round 2: the phones (still on their boards) see their new table in the banner.
    facilitator.click("button:has-text('Lancer le tour 2')")
    facilitator.wait_for_selector("text=Le tour 2 a commencé")
    cafe = WorldCafe.objects.get()
    seats = {
        (s.participant.pseudonym, s.round): s.table.name
        for s in CafeSeat.objects.filter(cafe=cafe).select_related("table", "participant")
    }
    moved = 0
    for phone, name in zip(phones, ("Ana", "Bruno", "Chloé", ""), strict=True):
        phone.wait_for_selector(".wc-banner:has-text('Tour 2 sur 2')")
        shown = phone.locator(".wc-banner .wc-big").inner_text().split(":", 1)[1].strip()
        assert shown == seats[(name, 2)]
        if seats[(name, 1)] != seats[(name, 2)]:
            moved += 1  # their banner offers the new table's board
            phone.click(f".wc-banner >> text=Ouvrir le tableau de {shown}")
            phone.wait_for_selector(f"h1:has-text('World Café · {shown}')")
        else:
            phone.wait_for_selector(".wc-banner >> text=Vous êtes sur le tableau de cette table.")
    assert moved >= 2  # no two people who met in round 1 meet again
    projector.wait_for_selector("h1:has-text('Tour 2 sur 2')")
    shot(phones[0], "worldcafe-05-phone-round-2")

    facilitator.once("dialog", lambda dialog: dialog.accept())
    facilitator.click("button:has-text('Clore le café')")
    facilitator.wait_for_selector("text=Le café est terminé. Sa récolte")
    facilitator.goto(f"/workshops/{workshop.pk}/cafe/harvest/")
    for table in ("Jardin", "Terrasse"):
        section = facilitator.locator(".wc-harvest-table", has_text=table)
        assert section.locator(".wc-cards li").count() == 2
    shot(facilitator, "worldcafe-06-harvest")
