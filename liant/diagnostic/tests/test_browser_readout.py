"""The readout in a real browser: a consultant builds a readout with two axes and their
evidence, publishes it; the sponsor reads it (quotable excerpts only, no name); the
consultant presents it full screen with the keyboard."""

import re

import pytest
from playwright.sync_api import expect

from liant.conftest import ARTIFACTS, session_cookie
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, make_actor
from liant.diagnostic.models import Evidence, Readout

from .factories import (
    AnswerFactory,
    CodedSegmentFactory,
    InterviewCampaignFactory,
    InterviewFactory,
    NoteFactory,
    ResponseFactory,
    SurveyQuestionFactory,
    ThemeFactory,
    WaveFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUOTE = "On découvre les nouveaux logiciels le jour de leur mise en service."
SECRET = "Mon responsable refuse toutes les demandes de formation."


@pytest.fixture
def world(page, live_server):
    consultant = make_actor(role=Role.CONSULTANT)
    mission = MissionFactory(
        organization__workspace=consultant.workspace, title="Accompagnement de la DRH"
    )
    sponsor = make_actor(consultant.workspace, Role.SPONSOR, organization=mission.organization)
    campaign = InterviewCampaignFactory(mission=mission, title="Entretiens de mars")
    theme = ThemeFactory(campaign=campaign, name="Outils numériques")
    ThemeFactory(campaign=campaign, name="Management")
    person = PersonFactory(organization=mission.organization, name="Josiane Marchal")
    interview = InterviewFactory(campaign=campaign, people=[person], label="Josiane, accueil")
    note = NoteFactory(interview=interview, text=f"{QUOTE} {SECRET}")
    CodedSegmentFactory(
        note=note, start=0, end=len(QUOTE), text=QUOTE, quotable=True, themes=[theme]
    )
    CodedSegmentFactory(
        note=note, start=len(QUOTE) + 1, end=len(note.text), text=SECRET, themes=[theme]
    )
    wave = WaveFactory(survey__mission=mission, survey__title="Baromètre")
    question = SurveyQuestionFactory(survey=wave.survey, text="Mes outils me conviennent.")
    for value in (2, 2, 3, 3, 4, 1):
        AnswerFactory(response=ResponseFactory(wave=wave), question=question, value=value)
    page.context.add_cookies([session_cookie(consultant.user, live_server.url)])
    return {"mission": mission, "sponsor": sponsor}


def add_evidence(page, button_name, search=None):
    """From the readout, open the last finding's evidence and add one piece from the picker."""
    page.locator(".rd-finding").last.locator("summary").click()
    page.locator(".rd-finding").last.get_by_role("link", name="Ajouter une preuve").click()
    if search:
        page.get_by_label("Mots").fill(search)
        page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name=button_name).first.click()
    expect(page.locator(".messages")).to_contain_text("Preuve ajoutée.")


def test_build_publish_read_and_present_a_readout(page, browser, live_server, world, screenshot):
    mission = world["mission"]
    page.goto(f"/missions/{mission.pk}/diagnostic/")
    page.get_by_role("link", name="Construire la restitution").click()
    axes = page.locator(".rd-axis h2")
    expect(axes).to_have_count(4)
    expect(axes.nth(3)).to_contain_text("Ressources humaines")

    # Keep two axes: delete two, then bring "Outils" first with the keyboard.
    for title in ("Ressources humaines", "Organisation du travail"):
        axis = page.locator(".rd-axis", has_text=title)
        axis.get_by_role("link", name="Supprimer").click()
        page.get_by_role("button", name="Supprimer").click()
        expect(page.locator(".messages")).to_contain_text("supprimé")
    expect(axes).to_have_count(2)
    tools = page.locator(".rd-axis", has_text="Outils")
    tools.get_by_role("button", name=re.compile("Monter l’axe")).focus()
    page.keyboard.press("Enter")
    expect(axes.first).to_contain_text("Outils")

    # A finding and a condition of success on "Outils", with evidence of the three kinds.
    page.locator(".rd-axis").first.get_by_role("link", name=re.compile("constats", re.I)).click()
    page.get_by_label("Texte").fill("Les outils arrivent sans formation ni accompagnement.")
    page.get_by_role("button", name="Enregistrer").click()
    add_evidence(page, "Ajouter cet extrait", search="découvre")
    add_evidence(page, "Ajouter cet extrait", search="refuse")  # not quotable
    add_evidence(page, re.compile("Ajouter le thème.*Outils numériques"))
    add_evidence(page, "Ajouter cette question")
    page.locator(".rd-axis").first.get_by_role("link", name=re.compile("conditions", re.I)).click()
    page.get_by_label("Texte").fill("Former chaque équipe avant le déploiement.")
    page.get_by_role("button", name="Enregistrer").click()
    assert Evidence.objects.count() == 4

    # The evidence of a finding opens on click, with the keyboard too.
    first = page.locator(".rd-finding").first
    first.locator("summary").focus()
    page.keyboard.press("Enter")
    evidence = first.locator(".rd-evidence")
    expect(evidence).to_have_attribute("open", "")
    expect(first.locator("summary")).to_contain_text("4 éléments de preuve")
    expect(evidence).to_contain_text(QUOTE)
    expect(evidence).to_contain_text("2 extraits")
    expect(evidence).to_contain_text("6 réponses")
    screenshot("diagnostic-e-readout-builder")

    page.get_by_role("button", name="Publier auprès des commanditaires").click()
    expect(page.locator(".messages")).to_contain_text("Restitution publiée")
    assert Readout.objects.get().is_published

    # The sponsor: read-only, the quotable excerpt, never the other one nor any name.
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 860}
    )
    context.add_cookies([session_cookie(world["sponsor"].user, live_server.url)])
    sponsor_page = context.new_page()
    sponsor_page.goto(f"/missions/{mission.pk}/diagnostic/")
    sponsor_page.get_by_role("link", name="Restitution du diagnostic").click()
    for summary in sponsor_page.locator(".rd-evidence summary").all():
        summary.click()
    body = sponsor_page.locator("main")
    expect(body).to_contain_text(QUOTE)
    expect(body).to_contain_text("1 extrait d’entretien (non cité)")
    expect(body).not_to_contain_text(SECRET)
    expect(body).not_to_contain_text("Josiane")
    expect(sponsor_page.get_by_role("button", name="Dépublier")).to_have_count(0)
    expect(sponsor_page.get_by_role("link", name="Ajouter une preuve")).to_have_count(0)
    sponsor_page.screenshot(
        path=str(ARTIFACTS / "diagnostic-e-readout-sponsor.png"), full_page=True
    )
    context.close()

    # Presentation mode: title slide, one slide per axis, summary; keyboard navigation.
    page.get_by_role("link", name="Mode présentation").click()
    page.wait_for_selector("body.pr-live")  # the deck's script has started
    counter = page.locator(".pr-counter")
    expect(counter).to_have_text("1 / 4")
    expect(page.locator(".pr-slide.is-current h1")).to_have_text("Restitution du diagnostic")
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("2 / 4")
    current = page.locator(".pr-slide.is-current")
    expect(current.locator("h2")).to_have_text("Outils")
    expect(current).to_contain_text("Former chaque équipe avant le déploiement.")
    expect(current).to_contain_text(QUOTE)
    expect(current).not_to_contain_text(SECRET)
    expect(page.locator(".pr-slide").first).to_be_hidden()
    expect(page.locator(".pr-slide").last).to_be_hidden()
    screenshot("diagnostic-e-present-axis")
    page.keyboard.press("End")
    expect(counter).to_have_text("4 / 4")
    expect(page.locator(".pr-slide.is-current h2")).to_have_text("Nos axes prioritaires")
    screenshot("diagnostic-e-present-summary")
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text("3 / 4")
    page.keyboard.press("Home")
    expect(counter).to_have_text("1 / 4")
    page.keyboard.press(" ")
    expect(counter).to_have_text("2 / 4")
    # Printing shows every slide, one per page.
    page.emulate_media(media="print")
    for slide in page.locator(".pr-slide").all():
        expect(slide).to_be_visible()
    assert page.locator(".pr-controls").is_hidden()
    page.emulate_media(media="screen")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(rf"/missions/{mission.pk}/diagnostic/readout/$"))
