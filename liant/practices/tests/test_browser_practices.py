"""Browser journey: a team's charter, a member's check-in on a phone, a coverage alert, the
daily board and the key figures on the mission page. Screenshots in var/screenshots/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from liant.conftest import session_cookie
from liant.core.testing import MissionFactory, PersonFactory, UnitFactory, make_actor
from liant.practices import services
from liant.practices.models import CheckIn, TeamRule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def open_page(browser, base_url, viewport=(1280, 860), user=None):
    context = browser.new_context(
        base_url=base_url, locale="fr-FR", viewport={"width": viewport[0], "height": viewport[1]}
    )
    if user is not None:
        context.add_cookies([session_cookie(user, base_url)])
    page = context.new_page()
    page.set_default_timeout(30_000)  # a shared, loaded machine
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def shot(page, name, full_page=True):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"practices-{name}.png"), full_page=full_page)


def test_charter_phone_check_in_and_coverage_alert(browser, live_server):
    actor = make_actor()
    mission = MissionFactory(
        organization__workspace=actor.workspace,
        organization__name="Numéria Conseil",
        title="Retrouver un fonctionnement serein dans l’équipe Data",
    )
    unit = UnitFactory(organization=mission.organization, name="Équipe Data", kind="team")
    PersonFactory(organization=mission.organization, unit=unit, name="Romain Lebrun",
                  is_manager=True, title="Manager")  # fmt: skip
    for name in ["Sophie Tessier", "Mehdi Cherif", "Laura Besson", "Kevin Nguyen"]:
        PersonFactory(organization=mission.organization, unit=unit, name=name)
    team = services.create_team(actor, unit=unit, mission=mission)
    desk = open_page(browser, live_server.url, user=actor.user)

    # The charter: a rule with its rationale, then a vigilance point; an empty rule first.
    desk.goto(f"/practices/{team.pk}/charter/")
    desk.click("summary:has-text('Ajouter une règle')")
    desk.click("button:has-text('Ajouter la règle')")
    expect(desk.locator(".errorlist")).to_contain_text("Écrivez la règle.")
    assert not TeamRule.objects.exists()
    desk.fill("#id_rule-text", "On ne répond jamais seul à une demande urgente du client")
    desk.fill("#id_rule-rationale", "Les engagements pris seuls ont mis l’équipe en difficulté.")
    desk.fill("#id_rule-source", "Séance de suivi")
    desk.click("button:has-text('Ajouter la règle')")
    expect(desk.locator(".pr-rule")).to_contain_text("On ne répond jamais seul")
    desk.click("summary:has-text('Ajouter un point de vigilance')")
    desk.fill("#id_point-title", "Charge de Sophie sur le compte de l’assureur")
    desk.select_option("#id_point-owner", label="Sophie Tessier")
    desk.click("button:has-text('Ajouter le point')")
    expect(desk.locator("#points table")).to_contain_text("Charge de Sophie")
    shot(desk, "01-charter")

    # Sophie's personal check-in link, shown once.
    desk.goto(f"/practices/{team.pk}/members/")
    desk.locator("tr", has_text="Sophie Tessier").locator(
        "button:has-text('Créer le lien')"
    ).click()
    link = desk.input_value("#checkin-link")
    assert "/checkin/" in link
    shot(desk, "02-link")

    # On a phone: one screen, a tap for the mood, a short text, a tap to send.
    phone = open_page(browser, live_server.url, viewport=(390, 740))
    phone.goto(link)
    expect(phone.locator("legend")).to_contain_text("Sophie Tessier, comment allez-vous")
    submit = phone.locator("button.ci-submit").bounding_box()
    assert submit["y"] + submit["height"] <= 740, "the check-in needs scrolling"
    for mood in phone.locator(".ci-mood").all():
        box = mood.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44  # big tap targets
    shot(phone, "03-phone-check-in", full_page=False)
    phone.click("button.ci-submit")  # no mood: a clear message, nothing stored
    expect(phone.locator(".pr-error")).to_contain_text("Choisissez votre humeur, de 1 à 5.")
    assert not CheckIn.objects.exists()
    phone.click(".ci-mood-4")
    phone.fill("#id_blockers", "En attente des accès à la recette")
    phone.fill("#id_client_news", "L’assureur avance le comité à jeudi")
    phone.click("button.ci-submit")
    expect(phone.locator(".ci-saved")).to_contain_text("Merci, c’est noté")
    shot(phone, "04-phone-saved", full_page=False)
    assert CheckIn.objects.get().mood == 4

    # The team's board: the blocker and the news by name, no mood under 5 answers.
    desk.goto(f"/practices/{team.pk}/")
    expect(desk.locator(".pr-board")).to_contain_text("En attente des accès à la recette")
    expect(desk.locator(".pr-board")).to_contain_text("L’assureur avance le comité à jeudi")
    expect(desk.locator(".figures")).to_contain_text("À partir de 5 réponses")
    shot(desk, "05-board")

    # Client coverage: a new client known by nobody, then by one person: an alert each time.
    desk.goto(f"/practices/{team.pk}/coverage/")
    desk.fill("#id_client-name", "Assurance Atlantique")
    desk.click("button:has-text('Ajouter le client')")
    expect(desk.locator(".pr-alerts")).to_contain_text(
        "Assurance Atlantique n’est connu de personne dans l’équipe."
    )
    desk.fill("#id_client-name", "Mutuelle des Pays de Loire")
    desk.click("button:has-text('Ajouter le client')")

    def cell(client, person):
        return desk.locator(f"select[aria-label='{client} · {person}']")

    cell("Assurance Atlantique", "Sophie Tessier").select_option(label="Référent")
    cell("Assurance Atlantique", "Kevin Nguyen").select_option(label="Suppléant")
    cell("Mutuelle des Pays de Loire", "Sophie Tessier").select_option(label="Référent")
    desk.click("button:has-text('Enregistrer la couverture')")
    expect(desk.locator(".messages")).to_contain_text("Couverture enregistrée.")
    expect(desk.locator(".pr-alerts")).to_contain_text(
        "Mutuelle des Pays de Loire n’est connu que d’une personne."
    )
    expect(desk.locator(".pr-alerts")).not_to_contain_text("Assurance Atlantique")
    expect(desk.locator(".pr-summary")).to_contain_text("En l’absence de Sophie Tessier")
    shot(desk, "06-coverage")

    # The mission page shows the team's key figures.
    desk.goto(f"/missions/{mission.pk}/")
    expect(desk.locator(".figures")).to_contain_text("Clients connus de moins de 2 personnes")
    expect(desk.locator(".figures")).to_contain_text("1 / 2")
    shot(desk, "07-mission")


def test_the_demo_teams_board_trends_review_and_escalations(browser, live_server):
    from liant.core.demo import load_demo
    from liant.practices.models import Team

    login = load_demo()
    team = Team.objects.get(workspace=login.workspace)
    owner = login.workspace.memberships.get(role="owner").user
    desk = open_page(browser, live_server.url, user=owner)
    desk.goto(f"/practices/{team.pk}/")
    bars = desk.locator(".pr-trend-day")
    expect(bars.first).to_be_visible()
    assert bars.count() >= 15
    # The training day had three check-ins: its bar is empty, its value a dash.
    assert desk.locator(".pr-trend-empty").count() >= 1
    shot(desk, "10-demo-board")
    desk.goto(f"/practices/{team.pk}/charter/")
    expect(desk.locator(".pr-rule")).to_have_count(5)
    shot(desk, "11-demo-charter")
    desk.click("a:has-text('Réunion de consolidation')")
    expect(desk.locator(".pr-check")).to_have_count(2)
    first = desk.locator(".pr-check").first
    first.locator("label:has-text('En bonne voie')").click()
    first.locator("input[type=date]").fill("")
    desk.click("button:has-text('Enregistrer la revue')")
    expect(desk.locator(".pr-check-error")).to_contain_text("Indiquez la prochaine date de suivi")
    shot(desk, "12-demo-review-error")
    desk.locator(".pr-check").first.locator("input[type=date]").fill("2030-01-07")
    desk.click("button:has-text('Enregistrer la revue')")
    expect(desk.locator(".messages")).to_contain_text("Revue enregistrée.")
    desk.goto(f"/practices/{team.pk}/escalations/")
    expect(desk.locator(".pr-escalation")).to_have_count(3)
    shot(desk, "13-demo-escalations")
    desk.goto(f"/practices/{team.pk}/coverage/")
    expect(desk.locator(".pr-alert")).to_have_count(2)
    shot(desk, "14-demo-coverage")
