"""A survey in a real browser: a consultant creates it from a template, previews it, opens a
wave with personal links for six people; six respondents answer on their phones, each in
their own browser; one tries to send twice and is refused; the rate by unit reads 6/6."""

import pytest

from liant.conftest import ARTIFACTS, session_cookie
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, UnitFactory, make_actor
from liant.diagnostic.models import Answer, Response, SurveyToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NAMES = {
    "Comptabilité": ["Claire Dubois", "Karim Benali", "Sophie Martin"],
    "Ressources humaines": ["Julien Petit", "Amina Diallo", "Lucas Bernard"],
}


@pytest.fixture
def mission(page, live_server):
    consultant = make_actor(role=Role.CONSULTANT)
    mission = MissionFactory(
        organization__workspace=consultant.workspace,
        organization__name="Ville de Montreuil-sur-Loire",
        title="Accompagnement de la direction des finances",
    )
    for unit_name, names in NAMES.items():
        unit = UnitFactory(organization=mission.organization, name=unit_name)
        for name in names:
            PersonFactory(organization=mission.organization, unit=unit, name=name)
    page.context.add_cookies([session_cookie(consultant.user, live_server.url)])
    return mission


def answer_every_part(rp, agreement: int = 3, screenshot_first=None):
    """Answer the visible part, then Next, until the last part (no submission)."""
    step = 0
    while True:
        part = rp.locator(".rs-section.rs-current")
        for group in part.locator(".rs-likert").all():
            group.locator(".rs-choice").nth(agreement).click()
        for group in part.locator(".rs-scale").all():
            group.locator(".rs-choice").nth(8).click()
        for group in part.locator(".rs-single").all():
            group.locator(".rs-choice").first.click()
        for box in part.locator("textarea").all():
            box.fill("Une meilleure coordination entre les services.")
        if screenshot_first and step == 0:
            screenshot_first()
        step += 1
        following = rp.locator("[data-rs-next]")
        if not following.is_visible():
            return
        following.click()


def test_survey_from_template_to_six_answers(page, mission, browser, live_server, screenshot):
    refused = []  # what the browser refuses (CSP: no inline script or style anywhere)

    def watch(p):
        p.on("console", lambda m: refused.append(m.text) if "Refused" in m.text else None)

    watch(page)
    # The diagnostic page: a new survey from a template.
    page.goto(f"/missions/{mission.pk}/diagnostic/")
    page.get_by_role("link", name="Nouveau questionnaire").click()
    assert page.locator(".sv-template").count() == 5
    screenshot("diagnostic-c-01-new-survey")
    page.get_by_label("Baromètre de climat social").check()
    page.get_by_role("button", name="Créer le questionnaire").click()
    page.wait_for_selector("h1:text('Baromètre de climat social')")
    assert page.locator(".sv-question").count() == 12
    screenshot("diagnostic-c-02-builder")

    # Reorder with the keyboard-accessible arrows: the second question moves up.
    second = page.locator(".sv-question").nth(1).locator(".sv-question-text").inner_text()
    page.locator(".sv-question").nth(1).get_by_role("button", name="Monter la question").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".sv-question").first.locator(".sv-question-text").inner_text() == second

    # The preview, exactly as respondents see it; nothing can be sent.
    page.get_by_role("link", name="Aperçu").click()
    assert page.locator(".rs-likert").first.locator(".rs-choice").count() == 5
    screenshot("diagnostic-c-03-preview")
    while page.locator("[data-rs-next]").is_visible():
        page.locator("[data-rs-next]").click()
    assert page.get_by_role("button", name="Envoyer mes réponses").is_disabled()
    page.get_by_role("link", name="Retour à l’éditeur du questionnaire").click()

    # A wave with personal links for the six people of both units.
    page.get_by_role("link", name="Nouvelle vague").click()
    page.get_by_label("Invitations personnelles (jetons)").check()
    page.get_by_role("button", name="Créer la vague").click()
    page.wait_for_selector("h1:text('Vague 1')")
    page.get_by_label("Comptabilité", exact=True).check()
    page.get_by_label("Ressources humaines", exact=True).check()
    page.get_by_role("button", name="Générer les liens personnels").click()
    page.wait_for_selector("h1:text('Liens personnels')")
    links = page.locator(".sv-link-cell").all_inner_texts()
    assert len(links) == 6 and len(set(links)) == 6
    assert SurveyToken.objects.count() == 6
    screenshot("diagnostic-c-04-links")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger la liste (CSV)").click()
    assert download.value.suggested_filename == "invitations-wave-1.csv"
    csv_text = open(download.value.path(), encoding="utf-8-sig").read()
    assert all(link in csv_text for link in links) and "Claire Dubois" in csv_text
    page.get_by_role("link", name="Retour à la vague").click()
    page.get_by_role("button", name="Ouvrir la vague").click()
    page.wait_for_selector("text=La vague 1 est ouverte.")

    # Six respondents, each on a phone in their own browser.
    for index, link in enumerate(links):
        context = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True)
        rp = context.new_page()
        watch(rp)
        rp.set_default_timeout(10_000)
        rp.goto(link)
        assert rp.locator(".rs-step").first.inner_text() == "Partie 1 sur 5"
        if index == 0:

            def screenshot_phone(name, rp=rp):
                rp.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

            screenshot_phone("diagnostic-c-05-phone-part1")
            # Straight to the end without answering: refused, with the reasons, nothing stored.
            while rp.locator("[data-rs-next]").is_visible():
                rp.locator("[data-rs-next]").click()
            rp.get_by_role("button", name="Envoyer mes réponses").click()
            rp.wait_for_selector("#rs-errors")
            assert "réponses demandent votre attention" in rp.locator("#rs-errors").inner_text()
            assert Response.objects.count() == 0
            screenshot_phone("diagnostic-c-06-phone-errors")
            answer_every_part(rp, agreement=3)
            rp.get_by_label("Votre fonction").select_option(label="Manager")
            screenshot_phone("diagnostic-c-07-phone-about")
        elif index == 5:
            # The last one opens the link twice, sends from the first tab, then from the second.
            other = context.new_page()
            other.goto(link)
            answer_every_part(other, agreement=4)
            answer_every_part(rp, agreement=0)
        else:
            answer_every_part(rp, agreement=index % 5)
        rp.get_by_role("button", name="Envoyer mes réponses").click()
        rp.wait_for_selector("text=Merci, vos réponses ont bien été envoyées.")
        if index == 0:
            screenshot_phone("diagnostic-c-08-phone-thanks")
        if index == 5:
            other.get_by_role("button", name="Envoyer mes réponses").click()
            other.wait_for_selector("text=Vous avez déjà répondu à ce questionnaire.")
            other.screenshot(path=str(ARTIFACTS / "diagnostic-c-09-phone-refused.png"))
        context.close()

    assert Response.objects.count() == 6
    likert = Answer.objects.filter(question__text__startswith="Ma charge de travail")
    assert sorted(likert.values_list("value", flat=True)) == [
        1,
        2,
        3,
        4,
        4,
        5,
    ]  # the 1 was not overwritten

    # The consultant sees 6/6, by unit.
    page.reload()
    assert "6/6" in page.locator(".sv-total").inner_text()
    rows = page.locator(".sv-rates tbody tr").all_inner_texts()
    assert [r.split("\t")[:2] for r in rows] == [
        ["Comptabilité", "3/3"],
        ["Ressources humaines", "3/3"],
    ]
    assert page.get_by_text("Toutes les personnes invitées ont répondu.").is_visible()
    screenshot("diagnostic-c-10-wave-rates")
    assert refused == []
