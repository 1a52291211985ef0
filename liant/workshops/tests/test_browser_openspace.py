"""An Open Space run in real browsers: a facilitator and three participants on phones."""

import pytest
from playwright.sync_api import expect

from liant.conftest import ARTIFACTS, session_cookie
from liant.core.testing import make_actor
from liant.workshops.models import OpenSpaceChoice, OpenSpaceSession, Participant
from liant.workshops.services import create_workshop

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


def test_marketplace_grid_choices_notes_and_projector(browser, asgi_server):
    actor = make_actor()
    workshop = create_workshop(actor, title="Séminaire de rentrée")

    # The facilitator sets up 2 rooms × 2 time slots.
    facilitator = open_page(browser, asgi_server)
    facilitator.context.add_cookies([session_cookie(actor.user, asgi_server)])
    facilitator.goto(f"/workshops/{workshop.pk}/")
    facilitator.click("text=Lancer un forum ouvert")
    facilitator.fill("#id_slots", "demain matin")
    facilitator.click("button:has-text('Ouvrir la place du marché')")
    facilitator.wait_for_selector("text=Écrivez le thème")
    facilitator.wait_for_selector("text=n’est pas un créneau")
    shot(facilitator, "openspace-00-setup-errors")
    facilitator.fill("#id_theme", "Comment mieux travailler ensemble cette année ?")
    facilitator.fill("#id_rooms", "Salle Jaune\nJardin")
    facilitator.fill("#id_slots", "10h00-10h45\n11h00-11h45")
    facilitator.click("button:has-text('Ouvrir la place du marché')")
    facilitator.wait_for_selector("text=Le forum ouvert est prêt")
    assert facilitator.locator("td[data-os-cell]").count() == 4

    # Three participants propose sessions from their phones.
    people = []
    for name, title, convener in [
        ("Ana", "Réunions plus courtes", "Ana"),
        ("Bruno", "Outils <b>numériques</b>", ""),
        ("", "Accueil des nouveaux", "Chloé"),
    ]:
        page = open_page(browser, asgi_server, viewport=(390, 844))
        page.goto("/join/")
        page.fill("#id_code", workshop.code)
        page.click("button:has-text('Rejoindre')")
        page.fill("#id_pseudonym", name)
        page.click("button:has-text('Entrer dans l’atelier')")
        page.wait_for_selector("h1:has-text('Comment mieux travailler')")
        page.fill("#id_new_title", title)
        page.fill("#id_new_description", "Partager nos pratiques et choisir une règle.")
        page.fill("#id_new_convener", convener)
        page.click("button:has-text('Proposer')")
        page.wait_for_selector("text=est sur la place du marché")
        people.append(page)
    ana, bruno, chloe = people
    assert OpenSpaceSession.objects.count() == 3
    # Bruno gave no convener: his session shows no author.
    assert "Bruno" not in ana.content()

    # The marketplace reaches the facilitator's console by itself (a quiet refresh).
    expect(facilitator.locator(".os-market li")).to_have_count(3, timeout=12_000)
    assert facilitator.locator(".os-market b").count() == 0  # HTML shown as text
    assert (
        facilitator.locator("h3.os-session-title", has_text="Outils <b>numériques</b>").count() == 1
    )
    shot(facilitator, "openspace-01-marketplace")

    rooms = {r.name: r.pk for r in workshop.open_space.rooms.all()}
    slots = [s.pk for s in workshop.open_space.slots.all()]
    sessions = {s.title: s for s in OpenSpaceSession.objects.all()}

    # Drag-and-drop: "Réunions plus courtes" into Salle Jaune, 10:00.
    reunions = sessions["Réunions plus courtes"]
    card = facilitator.locator(f".os-market [data-os-session='{reunions.pk}']")
    card.drag_to(facilitator.locator(f"td[data-os-cell='{rooms['Salle Jaune']}-{slots[0]}']"))
    facilitator.wait_for_selector("#os-status:has-text('placé en Salle Jaune')")
    facilitator.wait_for_selector(
        f"td[data-os-cell='{rooms['Salle Jaune']}-{slots[0]}'] [data-os-session='{reunions.pk}']"
    )
    # The keyboard way: the "Place in" list of free cells.
    outils = sessions["Outils <b>numériques</b>"]
    facilitator.select_option(f"#cell-{outils.pk}", f"{rooms['Jardin']}-{slots[0]}")
    facilitator.locator(f"#cell-{outils.pk}").press("Tab")
    facilitator.keyboard.press("Enter")
    facilitator.wait_for_selector("text=placé en Jardin")
    # The facilitator proposes on someone's behalf.
    facilitator.fill("#id_new_title", "Pause café prolongée")
    facilitator.fill("#id_new_convener", "Dominique")
    facilitator.click("button:has-text('Ajouter à la place du marché')")
    facilitator.wait_for_selector("text=Pause café prolongée » est sur la place du marché")
    pause = OpenSpaceSession.objects.get(title="Pause café prolongée")
    # A co-facilitator's page, without JavaScript, still shows Salle Jaune at 11:00 as free.
    context = browser.new_context(base_url=asgi_server, locale="fr-FR", java_script_enabled=False)
    context.add_cookies([session_cookie(actor.user, asgi_server)])
    cofacilitator = context.new_page()
    cofacilitator.goto(f"/workshops/{workshop.pk}/open-space/")
    accueil = sessions["Accueil des nouveaux"]
    facilitator.select_option(f"#cell-{accueil.pk}", f"{rooms['Salle Jaune']}-{slots[1]}")
    facilitator.click(f"#cell-{accueil.pk} ~ button")
    facilitator.wait_for_selector("text=placé en Salle Jaune, 11:00")
    # Placing in the cell just taken is refused with a clear message; nothing changes.
    cofacilitator.select_option(f"#cell-{pause.pk}", f"{rooms['Salle Jaune']}-{slots[1]}")
    cofacilitator.click(f"#cell-{pause.pk} ~ button")
    cofacilitator.wait_for_selector(".message-error:has-text('déjà occupée par un autre atelier')")
    pause.refresh_from_db()
    assert pause.room_id is None and pause.board_id is None
    context.close()
    # A drop on a taken cell is not accepted: the session stays where it was.
    facilitator.locator(f"td [data-os-session='{accueil.pk}']").drag_to(
        facilitator.locator(f"td[data-os-cell='{rooms['Salle Jaune']}-{slots[0]}']")
    )
    accueil.refresh_from_db()
    assert (accueil.room_id, accueil.slot_id) == (rooms["Salle Jaune"], slots[1])
    shot(facilitator, "openspace-02-grid-editor")

    # Participants choose: one session per slot; choosing another in the slot moves you.
    for page in people:
        page.reload()
    ana.locator(".os-choice", has_text="Réunions plus courtes").locator(
        "button:has-text('J’y vais')"
    ).click()
    ana.wait_for_selector(".os-chosen:has-text('Réunions plus courtes')")
    ana.locator(".os-choice", has_text="Outils").locator("button:has-text('J’y vais')").click()
    ana.wait_for_selector(".os-chosen:has-text('Outils')")
    assert ana.locator(".os-chosen").count() == 1
    ana.locator(".os-choice", has_text="Accueil").locator("button:has-text('J’y vais')").click()
    ana.wait_for_selector(".os-chosen:has-text('Accueil')")
    for page in (bruno, chloe):
        page.locator(".os-choice", has_text="Outils").locator("button:has-text('J’y vais')").click()
        page.wait_for_selector(".os-chosen:has-text('Outils')")
    assert OpenSpaceChoice.objects.count() == 4
    chloe.wait_for_selector(".os-choice:has-text('Outils') >> text=3 participants")
    shot(chloe, "openspace-03-participant-phone")

    # Bruno takes notes on the session board, open to everyone.
    bruno.locator(".os-choice", has_text="Outils").locator("a:has-text('Notes')").click()
    bruno.wait_for_selector("text=Connecté")
    bruno.fill("#lb-text", "Un seul outil de visio pour tout le monde")
    bruno.click("button:has-text('Publier')")
    bruno.wait_for_selector(".lb-mine:has-text('Un seul outil de visio')")
    assert bruno.locator("text=Programme du forum ouvert").count() == 1
    shot(bruno, "openspace-04-session-notes")

    # The projector grid refreshes by itself and shows the counts and the notes.
    projector = open_page(browser, asgi_server, viewport=(1600, 900))
    projector.context.add_cookies([session_cookie(actor.user, asgi_server)])
    projector.goto(f"/workshops/{workshop.pk}/open-space/projector/")
    projector.wait_for_selector("td:has-text('Outils <b>numériques</b>') >> text=3 participants")
    projector.wait_for_selector("td:has-text('Outils') >> text=1 note")
    chloe.locator(".os-choice", has_text="Réunions").locator("button:has-text('J’y vais')").click()
    chloe.wait_for_selector(".os-chosen:has-text('Réunions')")
    projector.wait_for_selector(
        "td:has-text('Réunions plus courtes') >> text=1 participant", timeout=12_000
    )
    shot(projector, "openspace-05-projector")

    # Nothing a participant sees names who proposed or chose what.
    keys = [str(p.key) for p in Participant.objects.all()]
    for page in (ana, bruno, chloe, projector, facilitator):
        page.goto(page.url)
        html = page.content()
        assert not any(key in html for key in keys)

    # The workshop page leads to the Open Space; the minutes gather its sessions and notes.
    facilitator.goto(f"/workshops/{workshop.pk}/")
    facilitator.wait_for_selector("text=Marché et grille")
    facilitator.goto(f"/workshops/{workshop.pk}/minutes/")
    facilitator.wait_for_selector("li:has-text('Un seul outil de visio pour tout le monde')")
    shot(facilitator, "openspace-06-minutes")
