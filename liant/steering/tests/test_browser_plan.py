"""The plan in a real browser: from the demo-like readout, a consultant takes the axes, writes
an objective and its actions (one refused for its dates), turns a workshop group into an
action, places actions on the impact/effort matrix by drag and drop, submits the plan; the
client's sponsor validates it. Screenshots in var/screenshots/.

The track part extends this journey (a review, an obstacle, measurements) from ``build_plan``.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from liant.conftest import session_cookie
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, make_actor
from liant.diagnostic import services_readout
from liant.steering.models import Action, ActionPlan
from liant.workshops.models import Card, Cluster
from liant.workshops.services import add_board, create_workshop, join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"plan-{name}.png"), full_page=True)


@pytest.fixture
def world(page, live_server):
    consultant = make_actor(role=Role.CONSULTANT)
    mission = MissionFactory(
        organization__workspace=consultant.workspace, title="Accompagnement de la DSL"
    )
    sponsor = make_actor(consultant.workspace, Role.SPONSOR, organization=mission.organization)
    PersonFactory(organization=mission.organization, name="Olivier Masson")
    PersonFactory(organization=mission.organization, name="Nathalie Brun")
    services_readout.ensure_readout(consultant, mission)  # the four default axes
    workshop = create_workshop(consultant, title="Atelier irritants", mission=mission)
    board = add_board(consultant, workshop, title="Irritants", prompts=["Qu’est-ce qui gêne ?"])
    author = join(workshop, pseudonym="Anonyme")
    cluster = Cluster.objects.create(
        workspace=mission.workspace, board=board, title="Versions envoyées par courriel"
    )
    Card.objects.create(
        workspace=mission.workspace, board=board, column=board.columns.get(), author=author,
        text="On ne sait jamais quelle version est la bonne", cluster=cluster,
    )  # fmt: skip
    page.context.add_cookies([session_cookie(consultant.user, live_server.url)])
    return {"mission": mission, "sponsor": sponsor, "workshop": workshop, "cluster": cluster}


def build_plan(page, world) -> None:
    """The consultant's part of the journey, up to a submitted plan."""
    mission = world["mission"]
    page.goto(f"/missions/{mission.pk}/")
    page.get_by_role("link", name="Plan d’action").click()
    expect(page.get_by_role("heading", name="Partir de la restitution")).to_be_visible()
    page.get_by_role("button", name="Reprendre ces axes").click()
    expect(page.locator(".messages")).to_contain_text("4 axes repris de la restitution.")
    expect(page.locator(".sp-axis h2")).to_have_count(4)

    # An objective on the "Tools" axis, then its action — refused first for its dates.
    page.locator(".sp-axis", has_text="Outils").get_by_role(
        "link", name="Ajouter un objectif"
    ).click()
    page.get_by_label("Objectif").fill("Un espace documentaire unique")
    page.get_by_label("Cible mesurable").fill("Plus aucune version envoyée par courriel")
    page.get_by_label("Date limite").fill("2026-12-31")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("Objectif ajouté.")
    page.locator(".sp-objective", has_text="Un espace documentaire unique").get_by_role(
        "link", name="Ajouter une action"
    ).click()
    page.locator("#id_title").fill("Choisir l’outil avec la DSI")
    page.get_by_label("Responsable").select_option(label="Nathalie Brun")
    page.get_by_label("Date de début").fill("2026-06-01")
    page.get_by_label("Échéance").fill("2026-05-01")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".errorlist")).to_contain_text(
        "L’échéance ne peut pas précéder la date de début."
    )
    assert not Action.objects.exists()
    page.get_by_label("Échéance").fill("2026-07-15")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("Action ajoutée.")
    expect(page.get_by_role("heading", name="Choisir l’outil avec la DSI")).to_be_visible()

    # From the workshop's group: "turn into an action", pre-filled with its words.
    workshop, cluster = world["workshop"], world["cluster"]
    page.goto(f"/workshops/{workshop.pk}/turn-into/group/{cluster.pk}/")
    form = page.locator("details", has_text="Une action du plan de la mission")
    expect(form.locator("#id_action-title")).to_have_value("Versions envoyées par courriel")
    form.get_by_label("Objectif").select_option(label="Outils › Un espace documentaire unique")
    form.get_by_label("Responsable").select_option(label="Olivier Masson")
    form.get_by_label("Échéance").fill("2026-09-30")
    form.get_by_role("button", name="Créer").click()
    expect(page.get_by_role("heading", name="Versions envoyées par courriel")).to_be_visible()
    expect(page.locator(".origin-note").first).to_contain_text("Atelier irritants")
    shoot(page, "action")

    # Prioritise: drag one action onto "impact 5, effort 2"; the other with the keyboard.
    page.get_by_role("link", name="Plan d’action", exact=True).click()
    page.set_viewport_size({"width": 1280, "height": 1500})  # matrix and chips in view
    page.get_by_role("link", name="Impact / effort").click()
    chip = page.locator(".sp-chip", has_text="Choisir l’outil")
    chip.drag_to(page.locator('.sp-cell[data-impact="5"][data-effort="2"]'))
    expect(page.locator('.sp-cell[data-impact="5"][data-effort="2"] .sp-chip')).to_have_count(1)
    expect(page.locator("#matrix-status")).to_contain_text("Impact 5, effort 2")
    page.get_by_label("Impact de « Versions envoyées par courriel »").select_option("3")
    page.get_by_label("Effort de « Versions envoyées par courriel »").select_option("4")
    page.get_by_label("Effort de « Versions envoyées par courriel »").press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("placée sur la matrice")
    placed = {a.title: (a.impact, a.effort) for a in Action.objects.all()}
    assert placed == {
        "Choisir l’outil avec la DSI": (5, 2),
        "Versions envoyées par courriel": (3, 4),
    }
    shoot(page, "matrix")

    page.get_by_role("link", name="Calendrier").click()
    expect(page.locator(".mx-tl-row .mx-tl-name")).to_have_count(2)
    shoot(page, "timeline")

    page.get_by_role("link", name="Gouvernance et décisions").click()
    page.get_by_role("button", name="Soumettre le plan à la gouvernance").click()
    expect(page.locator(".messages")).to_contain_text("Plan soumis à la gouvernance")


def test_build_submit_and_validate_a_plan(page, browser, live_server, world):
    build_plan(page, world)
    mission = world["mission"]
    page.get_by_role("link", name="Axes et objectifs").click()
    expect(page.get_by_role("link", name="Ajouter une action")).to_have_count(0)  # locked
    shoot(page, "plan-submitted")

    sponsor = browser.new_context(base_url=live_server.url, locale="fr-FR")
    sponsor.add_cookies([session_cookie(world["sponsor"].user, live_server.url)])
    sponsor_page = sponsor.new_page()
    sponsor_page.goto(f"/missions/{mission.pk}/plan/governance/")
    sponsor_page.get_by_role("button", name="Valider le plan").click()
    expect(sponsor_page.locator(".messages")).to_contain_text("Plan validé")
    expect(sponsor_page.locator("#decisions")).to_contain_text("Plan d’action validé")
    shoot(sponsor_page, "governance")
    sponsor.close()
    assert ActionPlan.objects.get().status == "validated"
