"""Preparing a workshop in a real browser: the method library, a workspace method, an agenda of
four activities built from methods, reordered by drag-and-drop and by keyboard, the overrun
warning and the print view."""

import datetime

import pytest
from django.utils import timezone

from liant.conftest import session_cookie
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, PhaseFactory, make_actor
from liant.workshops import services
from liant.workshops.methods import sync_builtin_methods

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NINE = timezone.make_aware(datetime.datetime(2026, 3, 12, 9, 0))


@pytest.fixture
def workshop(page, live_server):
    sync_builtin_methods()  # the transactional test database starts empty
    consultant = make_actor(role=Role.CONSULTANT)
    mission = MissionFactory(
        organization__workspace=consultant.workspace, title="Accompagnement de la DRH"
    )
    PhaseFactory(mission=mission, name="Diagnostic et immersion")
    PhaseFactory(mission=mission, name="Clarification")
    for name in ("Claire Dubois", "Karim Benali", "Sophie Martin"):
        PersonFactory(organization=mission.organization, name=name)
    workshop = services.create_workshop(
        consultant,
        mission=mission,
        title="Séminaire de direction",
        starts_at=NINE,
        ends_at=NINE + datetime.timedelta(hours=2),
        place="Salle Jaurès, 3e étage",
        objectives="Partager le diagnostic.\nChoisir trois chantiers prioritaires.",
    )
    page.context.add_cookies([session_cookie(consultant.user, live_server.url)])
    return workshop


def titles(workshop):
    return list(workshop.activities.values_list("title", flat=True))


def use(page, method_name, workshop):
    page.goto("/workshops/methods/")
    page.get_by_role("link", name=method_name).first.click()
    page.get_by_label("L’ajouter au déroulé de").select_option(label=workshop.title)
    page.get_by_role("button", name="Ajouter au déroulé").click()
    page.wait_for_selector(".ag-agenda")


def test_build_an_agenda_from_the_library(page, workshop, screenshot):
    # The library: cards, then a filter.
    page.goto("/workshops/")
    page.get_by_role("link", name="Bibliothèque de méthodes").click()
    page.wait_for_load_state()
    assert page.locator(".ag-method-card").count() == 10
    screenshot("agenda-01-library")
    page.get_by_label("Rechercher").fill("cafe")  # filters as one types (htmx)
    page.wait_for_function("() => document.querySelectorAll('.ag-method-card').length === 1")
    assert "q=cafe" in page.url
    page.get_by_label("Format de groupe").select_option(label="Individuel")
    page.wait_for_selector("text=Aucune méthode ne correspond à ces filtres.")
    page.get_by_label("Rechercher").fill("")
    page.wait_for_function("() => document.querySelectorAll('.ag-method-card').length === 1")
    assert page.locator(".ag-method-name").inner_text() == "Vote par gommettes"
    page.get_by_role("link", name="Tout afficher").click()
    page.wait_for_function("() => document.querySelectorAll('.ag-method-card').length === 10")

    # A method page.
    page.get_by_role("link", name="World Café").click()
    assert page.locator("h1").inner_text() == "World Café"
    assert page.locator(".ag-steps li").count() >= 5
    screenshot("agenda-02-method")

    # A workspace method: a refused form first, then a good one.
    page.goto("/workshops/methods/")
    page.get_by_role("link", name="Ajouter une méthode").click()
    page.get_by_label("Nom").fill("Météo d’équipe express")
    page.get_by_role("button", name="Ajouter la méthode").click()
    assert "Dites en quelques mots" in page.locator(".errorlist").first.inner_text()
    page.get_by_label("Objectif").fill("Prendre la température du groupe en deux minutes.")
    page.get_by_label("Durée (minutes)").fill("20")
    page.get_by_label("Étapes").fill("Afficher l’échelle\nChacun place son point\nCommenter")
    page.get_by_label("Questions du tableau").fill("Votre météo du jour")
    page.get_by_role("button", name="Ajouter la méthode").click()
    page.wait_for_selector("h1:text('Météo d’équipe express')")
    assert page.locator(".ag-method-kind").text_content() == "Votre espace"

    # Four activities from methods: 10 + 45 + 100 + 20 = 175 min in a 2-hour slot.
    use(page, "Inclusion et clôture", workshop)
    use(page, "Brainstorm anonyme sur post-it", workshop)
    use(page, "World Café", workshop)
    use(page, "Météo d’équipe express", workshop)
    first, brainstorm, cafe, weather = titles(workshop)
    assert page.locator(".ag-activity").count() == 4
    warning = page.get_by_role("alert")
    assert "dépasse le créneau de 55\u00a0min" in warning.inner_text()
    times = page.locator(".ag-time").all_inner_texts()
    assert times == ["09:00", "09:10", "09:55", "11:35"]
    assert page.locator(".ag-activity.ag-late").count() == 2  # they end after 11:00
    screenshot("agenda-03-agenda")

    # Drag-and-drop: the workspace method to the top.
    rows = page.locator(".ag-activity")
    rows.nth(3).locator(".ag-handle").drag_to(rows.nth(0), target_position={"x": 40, "y": 4})
    page.wait_for_function("() => document.querySelector('.ag-status').textContent.length > 0")
    assert titles(workshop) == [weather, first, brainstorm, cafe]
    assert page.locator(".ag-time").all_inner_texts() == ["09:00", "09:20", "09:30", "10:15"]
    assert "position 1 sur 4" in page.locator(".ag-status").inner_text()
    assert page.locator(".ag-activity.ag-late .ag-title").all_inner_texts() == [cafe]

    # Keyboard: the brainstorm one place down, with the focus kept on its handle.
    handle = page.get_by_label(f"Déplacer «\u00a0{brainstorm}\u00a0»")
    handle.focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "() => document.querySelector('.ag-status').textContent.includes('position 4')"
    )
    assert titles(workshop) == [weather, first, cafe, brainstorm]
    assert page.evaluate("document.activeElement.classList.contains('ag-handle')")
    page.keyboard.press("Home")
    page.wait_for_function(
        "() => document.querySelector('.ag-status').textContent.includes('position 1')"
    )
    assert titles(workshop) == [brainstorm, weather, first, cafe]
    page.reload()
    assert page.locator(".ag-title").first.inner_text() == brainstorm

    # Choosing a method in the form fills what was not written by hand.
    form = page.locator("#add-activity")
    form.get_by_label("Titre").fill("Vote final")
    form.get_by_label("Méthode").select_option(label="Vote par gommettes")
    assert form.get_by_label("Titre").input_value() == "Vote final"
    assert form.get_by_label("Durée (minutes)").input_value() == "20"
    assert form.get_by_label("Format de groupe").input_value() == "individual"
    screenshot("agenda-04-reordered")

    # The print view.
    page.get_by_role("link", name="Version imprimable").first.click()
    assert page.locator(".ag-print h1").inner_text() == "Séminaire de direction"
    assert "Choisir trois chantiers prioritaires" in page.locator(".ag-print").inner_text()
    assert page.locator(".ag-print-table tbody tr").count() == 4
    screenshot("agenda-05-print")
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible()
    screenshot("agenda-06-print-media")


def test_edit_the_workshop_details(page, workshop, screenshot):
    page.goto(f"/workshops/{workshop.pk}/")
    page.get_by_role("link", name="Modifier", exact=True).click()
    page.get_by_label("Phase de la mission").select_option(
        label="Accompagnement de la DRH — Clarification"
    )
    page.get_by_label("Claire Dubois").check()
    page.get_by_label("Karim Benali").check()
    page.get_by_label("Participants attendus").fill("14")
    page.get_by_label("Fin").fill("2026-03-12T08:00")
    page.get_by_role("button", name="Enregistrer").click()
    assert "La fin doit suivre le début" in page.locator(".errorlist").first.inner_text()
    screenshot("agenda-07-details-error")
    page.get_by_label("Fin").fill("2026-03-12T12:30")
    page.get_by_role("button", name="Enregistrer").click()
    details = page.locator(".ag-preparation")
    details.wait_for()
    text = details.inner_text()
    for expected in ("Clarification", "Claire Dubois", "Karim Benali", "14", "09:00–12:30"):
        assert expected in text, expected
    screenshot("agenda-08-workshop-page")
