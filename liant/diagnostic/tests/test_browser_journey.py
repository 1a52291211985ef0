"""Issue 5 end to end, in a real browser: a consultant creates an interview campaign, takes
notes, codes two passages and sees the coverage; launches a survey that six people answer with
their personal links, the results appearing only from five answers; builds the readout with
its axes and evidence and presents it with the keyboard."""

import re

import pytest
from playwright.sync_api import expect

from liant.conftest import ARTIFACTS, session_cookie
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, UnitFactory, make_actor
from liant.diagnostic.models import CodedSegment, Response

from .interviews_world import in_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NAMES = {
    "Paie": ["Claire Dubois", "Karim Benali", "Sophie Martin"],
    "Recrutement": ["Luc Moreau", "Inès Girard", "Amina Diallo"],
}
NOTE = "Les logiciels changent tous les six mois et personne n’est formé. La charge augmente."


@pytest.fixture
def mission(page, live_server):
    consultant = make_actor(role=Role.CONSULTANT)
    mission = MissionFactory(
        organization__workspace=consultant.workspace,
        organization__name="Ville de Lorient",
        title="Accompagnement de la DRH",
    )
    drh = UnitFactory(organization=mission.organization, name="Direction des ressources humaines")
    for unit_name, names in NAMES.items():
        unit = UnitFactory(organization=mission.organization, parent=drh, name=unit_name)
        for name in names:
            PersonFactory(organization=mission.organization, unit=unit, name=name)
    page.context.add_cookies([session_cookie(consultant.user, live_server.url)])
    return mission


def select_text(page, box, start, end):
    """Select characters [start, end) of the text box (a keyboard-free DOM selection)."""
    page.evaluate(
        """([selector, start, end]) => {
            const box = document.querySelector(selector);
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            let node, seen = 0, started = false;
            while ((node = walker.nextNode())) {
              const next = seen + node.length;
              if (!started && start < next) { range.setStart(node, start - seen); started = true; }
              if (started && end <= next) { range.setEnd(node, end - seen); break; }
              seen = next;
            }
            const selection = document.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            box.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            document.dispatchEvent(new Event('selectionchange'));
        }""",
        [box, start, end],
    )


def answer_every_part(rp, agreement):
    while True:
        part = rp.locator(".rs-section.rs-current")
        for group in part.locator(".rs-likert").all():
            group.locator(".rs-choice").nth(agreement).click()
        for group in part.locator(".rs-scale").all():
            group.locator(".rs-choice").nth(8).click()
        for group in part.locator(".rs-single").all():
            group.locator(".rs-choice").first.click()
        for box in part.locator("textarea").all():
            box.fill("Plus de temps pour se former.")
        following = rp.locator("[data-rs-next]")
        if not following.is_visible():
            return
        following.click()


def test_diagnostic_journey(page, mission, browser, live_server, screenshot):
    home = f"/missions/{mission.pk}/diagnostic/"

    # 1. Interviews: a campaign, its guide, a collective interview, notes, done, coverage.
    page.goto(home)
    page.get_by_role("link", name="Nouvelle campagne").click()
    page.get_by_label("Titre").fill("Entretiens de la DRH")
    page.locator(".dg-choices label", has_text="Direction des ressources humaines").locator(
        "input"
    ).check()
    page.get_by_role("button", name="Créer la campagne").click()
    page.get_by_label("Titre de la partie").fill("Votre travail")
    page.get_by_role("button", name="Ajouter la partie").click()
    page.get_by_label("Question", exact=True).fill("Qu’est-ce qui vous freine ?")
    page.get_by_role("button", name="Ajouter la question").click()
    page.get_by_role("link", name="Vue d’ensemble").click()
    page.get_by_role("link", name="Planifier un entretien").first.click()
    page.get_by_label("Collectif").check()
    page.get_by_label("Intitulé").fill("Équipe paie")
    for name in NAMES["Paie"]:
        page.locator(".dg-choices label", has_text=name).locator("input").check()
    page.get_by_label("Date et heure").fill(in_days(1, 9).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Planifier l’entretien").click()
    page.wait_for_selector("text=Entretien planifié.")
    page.get_by_role("link", name="Planning", exact=True).click()
    page.locator(".dg-slot", has_text="Équipe paie").get_by_role("link", name="Notes").click()
    page.wait_for_load_state("load")  # the autosave script listens from then on
    notes = page.get_by_label("Qu’est-ce qui vous freine ?")
    notes.fill(NOTE)
    status = page.locator(f"#{notes.get_attribute('id')}-status")
    expect(status).to_contain_text("Enregistré", timeout=15_000)
    page.get_by_role("button", name="Marquer comme réalisé").click()
    page.wait_for_selector("text=Entretien marqué « Fait ».")
    screenshot("diagnostic-journey-01-notes")

    # 2. Coding: two themes, two passages (one quotable).
    page.goto(home)
    page.get_by_role("link", name="Grille de codage et codage · Entretiens de la DRH").click()
    for name in ("Outils", "Charge de travail"):
        form = page.locator("form", has=page.get_by_role("button", name="Ajouter le thème"))
        form.get_by_label("Nom").fill(name)
        form.get_by_role("button", name="Ajouter le thème").click()
        page.wait_for_selector(f".cd-tree-item >> text={name}")
    page.get_by_role("link", name="Équipe paie").click()
    page.wait_for_selector(".cd-text")
    page.wait_for_load_state("load")  # the coding script listens to selections from then on
    for passage, theme, quotable in (
        ("personne n’est formé", "Outils", True),
        ("La charge augmente.", "Charge de travail", False),
    ):
        start = NOTE.index(passage)
        code = page.get_by_role("button", name="Coder la sélection")
        for _attempt in range(3):  # a selection made while the page is busy may be missed
            select_text(page, ".cd-text", start, start + len(passage))
            if code.is_enabled():
                break
            page.wait_for_timeout(500)
        code.click()
        assert page.locator("#cd-quote").inner_text() == passage
        filter_box = page.get_by_placeholder("Filtrer les thèmes…")
        filter_box.fill(theme)
        filter_box.press("Enter")
        if quotable:
            page.get_by_label("Citable anonymement (dans la restitution)").check()
        page.get_by_role("button", name="Enregistrer").click()
        page.wait_for_selector("#cd-status >> text=Extrait codé.")
    assert CodedSegment.objects.count() == 2
    screenshot("diagnostic-journey-02-coding")

    # Coverage: the three people of the collective interview count.
    page.goto(home)
    page.get_by_role("link", name="Entretiens de la DRH", exact=True).click()
    page.get_by_role("link", name="Couverture", exact=True).click()
    assert "3/6" in page.locator("tfoot .dg-ratio-text").inner_text()
    screenshot("diagnostic-journey-03-coverage")

    # 3. A survey from a template, a wave of personal links for the six people.
    page.goto(home)
    page.get_by_role("link", name="Nouveau questionnaire").click()
    page.get_by_label("Baromètre de climat social").check()
    page.get_by_role("button", name="Créer le questionnaire").click()
    page.wait_for_selector("h1:text('Baromètre de climat social')")
    page.get_by_role("link", name="Nouvelle vague").click()
    page.get_by_label("Invitations personnelles (jetons)").check()
    page.get_by_role("button", name="Créer la vague").click()
    page.wait_for_selector("h1:text('Vague 1')")
    for unit_name in NAMES:
        page.get_by_label(unit_name, exact=True).check()
    page.get_by_role("button", name="Générer les liens personnels").click()
    links = page.locator(".sv-link-cell").all_inner_texts()
    assert len(links) == 6
    page.get_by_role("link", name="Retour à la vague").click()
    page.get_by_role("button", name="Ouvrir la vague").click()
    page.wait_for_selector("text=La vague 1 est ouverte.")

    def respond(link, agreement):
        context = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True)
        rp = context.new_page()
        rp.set_default_timeout(10_000)
        rp.goto(link)
        answer_every_part(rp, agreement)
        rp.get_by_role("button", name="Envoyer mes réponses").click()
        rp.wait_for_selector("text=Merci, vos réponses ont bien été envoyées.")
        context.close()

    # Four answers: below the threshold, nothing is shown.
    for index, link in enumerate(links[:4]):
        respond(link, index % 5)
    page.goto(home)
    page.get_by_role("link", name="Baromètre de climat social").last.click()  # its results
    expect(page.locator("main")).to_contain_text("Pas encore assez de réponses")
    screenshot("diagnostic-journey-04-results-hidden")
    # Six answers: the results appear; a unit of three stays hidden.
    for index, link in enumerate(links[4:], start=4):
        respond(link, index % 5)
    assert Response.objects.count() == 6
    page.reload()
    assert "Vague 1 · 6 réponses" in page.inner_text(".page-header")
    screenshot("diagnostic-journey-05-results")
    page.get_by_role("link", name="Par unité").click()
    page.wait_for_selector(".rs-breakdown")
    assert "Pas assez de réponses" in page.inner_text("main")
    screenshot("diagnostic-journey-06-results-by-unit")

    # 4. The readout: two axes, evidence from the coding and the survey, presentation mode.
    page.goto(home)
    page.get_by_role("link", name="Construire la restitution").click()
    for title in ("Ressources humaines", "Organisation du travail"):
        page.locator(".rd-axis", has_text=title).get_by_role("link", name="Supprimer").click()
        page.get_by_role("button", name="Supprimer").click()
    expect(page.locator(".rd-axis")).to_have_count(2)
    tools = page.locator(".rd-axis", has_text="Outils")
    tools.get_by_role("button", name=re.compile("Monter l’axe")).focus()
    page.keyboard.press("Enter")
    expect(page.locator(".rd-axis h2").first).to_contain_text("Outils")
    tools.get_by_role("link", name=re.compile("constats", re.I)).click()
    page.get_by_label("Texte").fill("Les logiciels changent sans formation.")
    page.get_by_role("button", name="Enregistrer").click()
    for button, search in (("Ajouter cet extrait", "formé"), ("Ajouter cette question", None)):
        page.locator(".rd-finding").last.locator("summary").click()
        page.locator(".rd-finding").last.get_by_role("link", name="Ajouter une preuve").click()
        if search:
            page.get_by_label("Mots").fill(search)
            page.get_by_role("button", name="Rechercher").click()
        page.get_by_role("button", name=button).first.click()
        expect(page.locator(".messages")).to_contain_text("Preuve ajoutée.")
    page.locator(".rd-finding").first.locator("summary").click()
    expect(page.locator(".rd-finding").first).to_contain_text("personne n’est formé")
    expect(page.locator(".rd-finding").first).to_contain_text("6 réponses")
    screenshot("diagnostic-journey-07-readout")
    page.get_by_role("button", name="Publier auprès des commanditaires").click()
    expect(page.locator(".messages")).to_contain_text("Restitution publiée")

    page.get_by_role("link", name="Mode présentation").click()
    page.wait_for_selector("body.pr-live")  # the deck's script has started
    counter = page.locator(".pr-counter")
    expect(counter).to_have_text("1 / 4")
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("2 / 4")
    expect(page.locator(".pr-slide.is-current")).to_contain_text("personne n’est formé")
    expect(page.locator(".pr-slide.is-current")).not_to_contain_text("La charge augmente")
    screenshot("diagnostic-journey-08-presentation")
    page.keyboard.press("End")
    expect(counter).to_have_text("4 / 4")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/diagnostic/readout/$"))
    page.screenshot(path=str(ARTIFACTS / "diagnostic-journey-09-back.png"))
