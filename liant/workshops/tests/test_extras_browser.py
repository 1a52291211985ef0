"""Browser journeys: invited-only joining, photos in the minutes, "turn into…", several dots."""

import io
import re
import time
import uuid

import pytest
from PIL import Image

from liant.conftest import ARTIFACTS, session_cookie
from liant.core.testing import MissionFactory, PersonFactory, PhaseFactory, UnitFactory, make_actor
from liant.live.protocol import Who, apply
from liant.missions.models import ChecklistItem
from liant.workshops import services
from liant.workshops.models import Board, Card, Cluster, Participant, WorkshopInvitation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_page(browser, base_url, viewport=(1280, 860), user=None):
    context = browser.new_context(
        base_url=base_url, locale="fr-FR", viewport={"width": viewport[0], "height": viewport[1]}
    )
    if user is not None:
        context.add_cookies([session_cookie(user, base_url)])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm questions
    return page


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_invited_only_join_by_personal_link_and_refusal_by_code(browser, asgi_server):
    actor = make_actor()
    mission = MissionFactory(organization__workspace=actor.workspace, title="Coopération")
    org = mission.organization
    direction = UnitFactory(organization=org, name="Direction des services")
    team = UnitFactory(organization=org, parent=direction, name="Équipe accueil")
    for name, unit in [("Ana Martin", direction), ("Bruno Petit", team), ("Chloé Roy", None)]:
        PersonFactory(organization=org, unit=unit, name=name, email=f"{name[:3]}@example.org")
    workshop = services.create_workshop(actor, title="Séminaire de direction", mission=mission)
    board = services.add_board(actor, workshop, title="Irritants", prompts=["Ce qui freine"])

    consultant = open_page(browser, asgi_server, user=actor.user)
    consultant.goto(f"/workshops/{workshop.pk}/invitations/")
    consultant.check(f"input[name=units][value='{direction.pk}']")
    consultant.click("button:has-text('Inviter')")
    consultant.wait_for_selector("text=2 personnes invitées")
    consultant.click("button:has-text('Réserver aux personnes invitées')")
    consultant.wait_for_selector("h2:has-text('Sur invitation')")
    shot(consultant, "extras-01-invitations")
    ana = WorkshopInvitation.objects.get(person__name="Ana Martin")
    link = consultant.input_value(f"#link-{ana.pk}")
    assert link.endswith(f"/join/invite/{ana.token}/")

    phone = open_page(browser, asgi_server, viewport=(390, 800))
    phone.goto("/join/")
    phone.fill("#id_code", workshop.code)
    phone.click("button:has-text('Rejoindre')")
    phone.wait_for_selector("text=Cet atelier est sur invitation")
    shot(phone, "extras-02-invited-only-refusal")
    assert not Participant.objects.exists()

    phone.goto(link)
    assert phone.input_value("#id_pseudonym") == ""  # never the invited person's name
    phone.click("button:has-text('Entrer dans l’atelier')")
    phone.wait_for_selector("text=Connecté")
    phone.fill("#lb-text", "Trop de réunions")
    phone.click("button:has-text('Publier')")
    phone.wait_for_selector(".lb-mine:has-text('Trop de réunions')")
    phone.reload()
    phone.wait_for_selector(".lb-mine:has-text('Trop de réunions')")

    other_device = open_page(browser, asgi_server, viewport=(390, 800))
    other_device.goto(link)
    other_device.wait_for_selector(".lb-mine:has-text('Trop de réunions')")
    assert Participant.objects.count() == 1
    assert (
        Card.objects.get(board=board).author
        == WorkshopInvitation.objects.get(pk=ana.pk).participant
    )

    consultant.locator("tr", has_text="Ana Martin").locator("button:has-text('Révoquer')").click()
    consultant.wait_for_selector("tr.wt-revoked:has-text('Ana Martin')")
    other_device.goto(link)
    other_device.wait_for_selector("text=Ce lien d’invitation ne fonctionne plus")
    shot(other_device, "extras-03-revoked-link")
    assert Participant.objects.count() == 1


def png_file(tmp_path, name="fresque.png") -> str:
    path = tmp_path / name
    image = Image.new("RGB", (1600, 1000), (245, 240, 225))
    for x in range(0, 1600, 160):  # a few coloured bands, like markers on paper
        image.paste((31, 111, 120) if x % 320 else (200, 105, 44), (x, 200, x + 90, 800))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_photo_in_the_minutes_and_a_cluster_turned_into_a_checklist_item(
    browser, asgi_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    actor = make_actor()
    mission = MissionFactory(organization__workspace=actor.workspace, title="Coopération")
    phase = PhaseFactory(mission=mission, name="Clarification", status="active")
    workshop = services.create_workshop(actor, title="Séminaire de direction", mission=mission)
    board = services.add_board(actor, workshop, title="Irritants", prompts=["Ce qui freine"])
    author = services.join(workshop)
    cluster = Cluster.objects.create(workspace=actor.workspace, board=board, title="Réunions")
    for text in ("Réunions trop longues", "Trop de réunions le lundi"):
        Card.objects.create(
            workspace=actor.workspace, board=board, column=board.columns.get(),
            author=author, text=text, cluster=cluster,
        )  # fmt: skip
    Board.objects.filter(pk=board.pk).update(revealed=True, stage="discuss")

    page = open_page(browser, asgi_server, user=actor.user)
    page.goto(f"/workshops/{workshop.pk}/minutes/")
    not_image = tmp_path / "notes.png"
    not_image.write_text("pas une image")
    page.set_input_files("#id_image", str(not_image))
    page.click("button:has-text('Ajouter la photo')")
    page.wait_for_selector("text=Ce fichier n’est pas une image JPEG, PNG ou WebP.")
    page.set_input_files("#id_image", png_file(tmp_path))
    page.fill("#id_caption", "Facilitation graphique de la matinée")
    page.click("button:has-text('Ajouter la photo')")
    page.wait_for_selector("text=Photo ajoutée au compte rendu.")
    # Polled from here: wait_for_function's polling evaluates a string, which the CSP forbids.
    loaded = "() => [...document.querySelectorAll('.wt-photo img')].every((i) => i.naturalWidth)"
    deadline = time.monotonic() + 10
    while not page.evaluate(loaded):
        assert time.monotonic() < deadline, "the thumbnail did not load"
        page.wait_for_timeout(100)
    shot(page, "extras-04-minutes-photos")
    full = page.locator(".wt-photo a").first.get_attribute("href")
    assert page.request.get(full).headers["content-type"] == "image/png"
    page.locator(".wt-photo a").first.click()  # enlarged in a dialog
    page.wait_for_selector("#wt-photo-viewer[open] figcaption:has-text('Facilitation graphique')")
    shot(page, "extras-04b-photo-enlarged")
    page.keyboard.press("Escape")
    page.wait_for_selector("#wt-photo-viewer", state="hidden")

    page.locator("h3", has_text="Réunions").locator("a:has-text('Transformer en…')").click()
    page.wait_for_selector("h1:has-text('Transformer en…')")
    page.fill("#id_checklist-label", "Réduire la durée des réunions")
    shot(page, "extras-05-turn-into")
    checklist = page.locator("details", has_text="liste de contrôle")
    checklist.locator("button:has-text('Créer')").click()
    page.wait_for_selector("text=Réduire la durée des réunions")
    note = page.locator(".mx-check-item", has_text="Réduire la durée").locator(".origin-note")
    assert re.search(r"Issu du regroupement «\s*Réunions\s*»", note.inner_text())
    assert "Séminaire de direction" in note.inner_text()
    shot(page, "extras-06-checklist-origin")
    assert ChecklistItem.objects.get(label="Réduire la durée des réunions").phase == phase
    note.locator("a").click()  # back to the minutes, which list what the group became
    page.wait_for_selector("#turned-title")
    assert "Réduire la durée des réunions" in page.locator(".wt-origins").inner_text()
    shot(page, "extras-10-minutes-turned-into")
    page.goto(f"/workshops/{workshop.pk}/")
    assert page.locator(".ws-invitations-summary a:has-text('Invitations')").count() == 1
    shot(page, "extras-09-workshop-page")


def test_a_participant_puts_two_dots_on_one_card_and_the_ranking_shows_ties(browser, asgi_server):
    actor = make_actor()
    workshop = services.create_workshop(
        actor, title="Séminaire", dots_per_participant=3, several_dots_per_item=True
    )
    board = services.add_board(actor, workshop, title="Priorités", prompts=["À traiter d’abord"])
    author = services.join(workshop)
    cards = {
        text: Card.objects.create(
            workspace=actor.workspace,
            board=board,
            column=board.columns.get(),
            author=author,
            text=text,
        )  # fmt: skip
        for text in ("Réunions trop longues", "Outils lents", "Accueil des nouveaux")
    }
    Board.objects.filter(pk=board.pk).update(revealed=True, stage="vote")

    phone = open_page(browser, asgi_server, viewport=(390, 820))
    phone.goto(f"/join/{workshop.code}/")
    phone.click("button:has-text('Entrer dans l’atelier')")
    phone.wait_for_selector("text=3 points restants")
    meetings = phone.locator(".lb-card", has_text="Réunions trop longues")
    meetings.locator("button.lb-dot").click()
    meetings.locator(".lb-my-dots:has-text('×1')").wait_for()
    meetings.locator("button.lb-dot").press("Enter")  # keyboard: the second dot
    meetings.locator(".lb-my-dots:has-text('×2')").wait_for()
    phone.wait_for_selector("text=1 point restant")
    shot(phone, "extras-07-voting-phone")
    meetings.locator("button.lb-undot").click()
    meetings.locator(".lb-my-dots:has-text('×1')").wait_for()
    meetings.locator("button.lb-dot").click()
    tools = phone.locator(".lb-card", has_text="Outils lents")
    tools.locator("button.lb-dot").click()
    phone.wait_for_selector("text=Plus aucun point")
    assert tools.locator("button.lb-dot").is_disabled()

    # Another participant's dot makes a tie: two dots each on the meetings and the tools.
    other = services.join(workshop)
    frame = {"id": str(uuid.uuid4()), "type": "vote.add", "card": cards["Outils lents"].pk}
    apply(board.pk, Who(other.pk), frame)

    console = open_page(browser, asgi_server, user=actor.user)
    console.goto(f"/workshops/{workshop.pk}/boards/{board.pk}/")
    console.wait_for_selector("text=Connecté")
    console.click("#lb-results-toggle")
    console.wait_for_selector("#lb-ranking li")
    items = console.locator("#lb-ranking li")
    assert items.count() == 2
    assert [items.nth(i).get_attribute("value") for i in range(2)] == ["1", "1"]
    assert re.search(r"Outils lents\s+2 points\s+ex æquo", items.nth(0).inner_text())
    assert re.search(r"Réunions trop longues\s+2 points\s+ex æquo", items.nth(1).inner_text())
    shot(console, "extras-08-ranking-console")
    phone.wait_for_selector("#lb-ranking li")
