"""Issue 10's journey: a facilitator runs a user-journey canvas with three participants in two
parallel groups, then the plenary; a consultant drafts the direction project from those
outputs (canvas cards as sources), submits it to the steering committee, records "validated
with adjustments", carries them out in v2 and publishes it; the sponsor reads it."""

import datetime

import pytest
from playwright.sync_api import expect

from liant.charters.models import Document, SectionSource
from liant.conftest import session_cookie
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, OrganizationFactory, make_actor
from liant.live.tests.test_browser_live import open_page, shot
from liant.steering.tests.factories import ActionPlanFactory, AxisFactory, BodyFactory
from liant.workshops.canvases import sync_builtin_canvases
from liant.workshops.services import create_workshop
from liant.workshops.tests.test_browser_canvas import run_user_journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def section_card(page, title):
    return page.locator("li.ch-section", has=page.locator("h3", has_text=title))


def test_direction_project_from_the_canvas_to_the_published_v2(browser, asgi_server):
    sync_builtin_canvases()  # the transactional test database starts without them
    facilitator_actor = make_actor()
    workspace = facilitator_actor.workspace
    organization = OrganizationFactory(workspace=workspace, name="Ville de Pontlieue")
    mission = MissionFactory(organization=organization, title="Projet de direction état civil")
    plan = ActionPlanFactory(mission=mission)
    AxisFactory(plan=plan, title="Accueil des usagers")
    BodyFactory(plan=plan, name="Comité de direction")
    consultant = make_actor(workspace, Role.CONSULTANT)
    sponsor = make_actor(workspace, Role.SPONSOR, organization=organization)
    workshop = create_workshop(
        facilitator_actor, title="Atelier prospectif — parcours usager", mission=mission
    )

    run_user_journey(browser, asgi_server, facilitator_actor, workshop)

    # The consultant drafts the direction project: the standard sections are there.
    page = open_page(browser, asgi_server, viewport=(1400, 900))
    page.context.add_cookies([session_cookie(consultant.user, asgi_server)])
    page.goto(f"/missions/{mission.pk}/charters/")
    page.click("a:has-text('Nouveau projet de direction')")
    page.get_by_label("Titre").fill("Projet de direction du service état civil 2027")
    page.click("button:has-text('Créer le projet de direction')")
    expect(page.locator("h2#clauses-title")).to_have_text("Parties de la v1")
    expect(page.locator("li.ch-section")).to_have_count(5)
    expect(section_card(page, "Engagements par axe")).to_contain_text("Accueil des usagers")

    # Sources of "Identity and purpose": a canvas zone of group 1, the group made in it, and
    # a card of group 2.
    identity = section_card(page, "Identité et raison d’être")
    identity.get_by_role("link", name="Lier des productions d’ateliers").click()
    zone = page.locator("li", has_text="Découvrir · Irritants").first
    zone.get_by_role("checkbox").check()
    page.get_by_label("Trouver le bon site").check()
    page.get_by_label("Le guichet de la mairie annexe").check()
    shot(page, "direction-01-sources-picker")
    page.click("button:has-text('Lier les productions choisies')")
    expect(page.locator(".message, .messages").first).to_contain_text("3 sources liées")
    assert SectionSource.objects.count() == 3
    page.click("a:has-text('Retour au projet de direction')")

    # The consultant writes the section from its sources.
    identity = section_card(page, "Identité et raison d’être")
    expect(identity.locator(".ch-source")).to_have_count(3)
    identity.get_by_role("link", name="Modifier").click()
    page.get_by_label("Texte de la partie").fill(
        "Un état civil que l’on trouve du premier coup et qui répond sans faire attendre."
    )
    page.click("button:has-text('Enregistrer')")
    shot(page, "direction-02-sections-with-sources")

    # Submitted to the steering committee, then "validated with adjustments".
    page.get_by_label("Instance de gouvernance").select_option(label="Comité de direction")
    page.click("button:has-text('Soumettre la v1 à validation')")
    expect(page.locator(".badge.ch-stage-governance")).to_be_visible()
    page.get_by_label("Validé avec ajustements").check()
    page.get_by_label("Date de la décision").fill(datetime.date.today().isoformat())
    page.click("button:has-text('Consigner la décision')")
    expect(page.locator(".form-errors, .errorlist").first).to_contain_text("Listez les ajustements")
    assert Document.objects.get().versions.count() == 1  # refused: nothing stored
    page.get_by_label("Validé avec ajustements").check()
    page.get_by_label("Date de la décision").fill(datetime.date.today().isoformat())
    page.get_by_label("Ajustements demandés").fill(
        "Chiffrer l’ambition de délai de réponse\nAjouter un engagement sur l’accueil téléphonique"
    )
    page.click("button:has-text('Consigner la décision')")
    expect(page.locator("#governance h3").first).to_have_text("Ajustements à apporter dans la v2")
    shot(page, "direction-03-adjustments-checklist")

    # v2 carries out the adjustments; the checklist is ticked off; v2 is published.
    ambitions = section_card(page, "Ambitions et orientations stratégiques")
    ambitions.get_by_role("link", name="Modifier").click()
    page.get_by_label("Texte de la partie").fill(
        "Répondre à toute demande d’acte en 48 heures au plus d’ici fin 2027."
    )
    page.click("button:has-text('Enregistrer')")
    commitments = section_card(page, "Engagements par axe")
    commitments.get_by_role("link", name="Modifier").click()
    page.get_by_label("Texte de la partie").fill(
        "Accueil des usagers : un numéro unique, décroché en moins de cinq sonneries."
    )
    page.click("button:has-text('Enregistrer')")
    expect(page.locator("button:has-text('Publier la v2 sur la mission')")).to_have_count(0)
    for _ in range(2):
        page.get_by_role("button", name="Marquer comme fait").first.click()
    page.click("button:has-text('Publier la v2 sur la mission')")
    expect(page.locator(".badge.ch-stage-published")).to_be_visible()
    expect(page.locator(".ch-decisions")).to_contain_text("Validé avec ajustements")
    shot(page, "direction-04-published")
    page.click("a:has-text('Voir les modifications v1 → v2')")
    expect(page.locator("ins").first).to_be_visible()
    shot(page, "direction-05-diff-v1-v2")

    # The plan's axes point to it; the sponsor reads it on the portal.
    page.goto(f"/missions/{mission.pk}/plan/")
    expect(page.locator("#direction-reference")).to_contain_text("(v2)")
    reader = open_page(browser, asgi_server, viewport=(1100, 900))
    reader.context.add_cookies([session_cookie(sponsor.user, asgi_server)])
    reader.goto(f"/missions/{mission.pk}/plan/portal/")
    reader.click("#direction-reference a")
    article = reader.locator("article.ch-published")
    expect(article).to_contain_text("validé avec ajustements par Comité de direction")
    expect(article).to_contain_text("48 heures")
    shot(reader, "direction-06-sponsor-reads-v2")
