"""A facilitator opens a consultation; five participants on phones, each in their own
browser, vote and add statements; the map shows the groups; the facilitator moderates."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from liant.conftest import session_cookie
from liant.consultations.models import Statement, Vote
from liant.core.testing import MissionFactory, UnitFactory, make_actor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"
SEEDS = [
    "Aucun courriel professionnel après 20 h.",
    "Le téléphone de service peut être éteint le soir.",
    "Le droit à la déconnexion doit être écrit dans la charte.",
    "Chacun choisit ses horaires de connexion.",
    "Les jours de séance, les exceptions sont normales.",
    "Répondre le soir montre son engagement.",
]


def open_page(browser, base_url, viewport=(1280, 900)):
    context = browser.new_context(
        base_url=base_url, locale="fr-FR", viewport={"width": viewport[0], "height": viewport[1]}
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"consultation-{name}.png"), full_page=True)


def vote_all(phone, camp: int, index: int):
    """Camp 0 agrees with the first three seeds and disagrees with the rest; camp 1 the
    opposite. Half the votes go through the keyboard shortcuts."""
    for step in range(len(SEEDS)):
        text = phone.locator("#cs-statement").inner_text()
        position = SEEDS.index(text)
        agree = (position < 3) == (camp == 0)
        if (step + index) % 2:
            phone.keyboard.press("a" if agree else "d")
        else:
            phone.click("button.cs-vote-agree" if agree else "button.cs-vote-disagree")
        if step < len(SEEDS) - 1:
            expect(phone.locator("#cs-statement")).not_to_have_text(text)
    expect(phone.locator(".cs-done")).to_be_visible()


def test_consultation_five_participants_map_and_moderation(browser, live_server):
    actor = make_actor()
    mission = MissionFactory(organization__workspace=actor.workspace, title="Charte numérique")
    UnitFactory(organization=mission.organization, name="Service de la séance")
    UnitFactory(organization=mission.organization, name="Service des commissions")

    facilitator = open_page(browser, live_server.url)
    facilitator.context.add_cookies([session_cookie(actor.user, live_server.url)])
    facilitator.goto(f"/missions/{mission.pk}/")
    facilitator.click("text=Consultations")
    facilitator.click("text=Nouvelle consultation")
    facilitator.fill("#id_title", "Charte des usages numériques")
    facilitator.fill("#id_question", "Que doit dire notre charte ?")
    facilitator.check("#id_ask_unit")
    shot(facilitator, "01-create")
    facilitator.click("button:has-text('Créer la consultation')")
    expect(facilitator.locator(".message-success")).to_contain_text("Consultation créée")
    for text in SEEDS:
        facilitator.fill("#id_text", text)
        facilitator.click("button:has-text('Ajouter la proposition')")
        expect(facilitator.locator("table")).to_contain_text(text)
    link = facilitator.input_value("#cs-public-url")
    shot(facilitator, "02-dashboard")

    phones = []
    for index in range(5):
        phone = open_page(browser, live_server.url, viewport=(390, 844))
        phone.goto(link)
        phone.click("button:has-text('Participer')")
        unit = "Service de la séance" if index < 3 else "Service des commissions"
        phone.select_option("#id_unit", label=unit)
        phone.click("button:has-text('Continuer')")
        expect(phone.locator("#cs-statement")).to_be_visible()
        if index == 0:
            shot(phone, "03-phone-vote")
        vote_all(phone, 0 if index < 3 else 1, index)
        phones.append(phone)
    shot(phones[4], "04-phone-done")

    # Two participants add statements; the second is close to a seed and is warned first.
    phones[0].fill("#id_text", "Des créneaux sans réunion le vendredi après-midi.")
    phones[0].click("button:has-text('Envoyer')")
    expect(phones[0].locator(".message-success")).to_contain_text("après relecture")
    phones[3].fill("#id_text", "Aucun courriel professionnel après 20 heures !")
    phones[3].click("button:has-text('Envoyer')")
    expect(phones[3].locator(".cs-similar-box")).to_contain_text("Aucun courriel professionnel")
    shot(phones[3], "05-phone-similar")
    phones[3].click("button:has-text('Envoyer quand même')")
    expect(phones[3].locator(".message-success")).to_be_visible()
    # Changing one's mind: only the latest vote counts.
    phones[1].locator(".cs-recent-item").first.locator("button.cs-chip").nth(2).click()
    expect(phones[1].locator(".cs-recent-item").first.locator(".cs-chip-on")).to_have_text(
        "Passer / je ne sais pas"
    )
    assert Vote.objects.count() == 5 * len(SEEDS)

    # The facilitator moderates: publishes one, rejects the near-duplicate with a reason.
    facilitator.click("nav.cs-tabs >> text=Modération")
    articles = facilitator.locator("article.cs-mod")
    expect(articles).to_have_count(2)
    shot(facilitator, "06-moderation")
    friday = articles.filter(has_text="vendredi")
    friday.locator("button:has-text('Publier')").click()
    expect(facilitator.locator(".message-success")).to_contain_text("Proposition publiée")
    duplicate = facilitator.locator("article.cs-mod").filter(has_text="20 heures")
    expect(duplicate.locator("select")).to_have_value("duplicate")
    duplicate.locator("button.button-danger").click()
    expect(facilitator.locator(".message-success")).to_contain_text("Proposition refusée")
    expect(facilitator.locator("table")).to_contain_text("Doublon d’une autre proposition")
    assert Statement.objects.filter(status="rejected", reason="duplicate").count() == 1
    # The published statement reaches the participants.
    phones[2].reload()
    expect(phones[2].locator("#cs-statement")).to_have_text(
        "Des créneaux sans réunion le vendredi après-midi."
    )

    # The map (computed after the votes; inline in tests, see conftest.py) shows two groups.
    facilitator.click("nav.cs-tabs >> text=Carte des opinions")
    expect(facilitator.locator(".cs-legend-item")).to_have_count(2)
    expect(facilitator.locator("svg.cs-map circle.cs-point")).to_have_count(5)
    facilitator.locator("svg.cs-map a.cs-group-link").first.focus()
    facilitator.keyboard.press("Enter")
    expect(facilitator.locator("#group-panel h2")).to_contain_text("Ce que pense le groupe A")
    # Which statements come first among equally representative ones may vary: some do.
    expect(facilitator.locator("#group-panel li").first).to_contain_text("d’accord")
    shot(facilitator, "07-map")
    facilitator.click("nav.cs-tabs >> text=Rapport")
    expect(facilitator.locator("h2", has_text="Groupe B")).to_be_visible()
    shot(facilitator, "08-report")
    facilitator.click("nav.cs-tabs >> text=Tableau de bord")
    expect(facilitator.locator(".cs-dashboard")).to_contain_text("Service des commissions")
    shot(facilitator, "09-dashboard-live")
    for phone in phones:
        phone.context.close()
    facilitator.context.close()
