"""An interview campaign in a real browser: a consultant creates the campaign and its guide of
two questions, schedules two interviews, takes notes (offline for a while: the note reaches
the server when the connection is back), marks an interview done and sees the coverage."""

import pytest

from liant.conftest import session_cookie
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, UnitFactory, make_actor
from liant.diagnostic.models import Interview, InterviewCampaign, Note

from .interviews_world import in_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mission(page, live_server):
    consultant = make_actor(role=Role.CONSULTANT)
    consultant.user.full_name = "Camille Laurent"
    consultant.user.save()
    mission = MissionFactory(
        organization__workspace=consultant.workspace,
        organization__name="Ville de Lorient",
        title="Accompagnement de la DRH",
    )
    org = mission.organization
    drh = UnitFactory(organization=org, name="Direction des ressources humaines")
    paie = UnitFactory(organization=org, parent=drh, name="Paie", headcount=4)
    recrutement = UnitFactory(organization=org, parent=drh, name="Recrutement")
    for name, unit in [
        ("Claire Dubois", paie),
        ("Karim Benali", paie),
        ("Luc Moreau", recrutement),
        ("Inès Girard", recrutement),
    ]:
        PersonFactory(organization=org, unit=unit, name=name)
    finance = UnitFactory(organization=org, name="Direction financière")
    for i in range(8):  # outside the target: a longer list, with its filter field
        PersonFactory(organization=org, unit=finance, name=f"Agent financier {i + 1}")
    page.context.add_cookies([session_cookie(consultant.user, live_server.url)])
    return mission


def schedule(page, people, when, *, collective=False, label="", screenshot=None):
    page.get_by_role("link", name="Planifier un entretien").first.click()
    if collective:
        page.get_by_label("Collectif").check()
        page.get_by_label("Intitulé").fill(label)
    for name in people:
        page.get_by_placeholder("Filtrer la liste").fill(name[:5].lower())
        assert page.locator("div.dg-choices label:visible").count() <= len(people)
        page.locator(".dg-choices label", has_text=name).locator("input").check()
    page.get_by_label("Date et heure").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lieu ou lien de visioconférence").fill("Salle 4, hôtel de ville")
    if screenshot:
        screenshot("diagnostic-a-04-interview-form")
    page.get_by_role("button", name="Planifier l’entretien").click()
    page.wait_for_selector("text=Entretien planifié.")


def test_interview_campaign_journey(page, mission, screenshot):
    page.goto(f"/missions/{mission.pk}/diagnostic/")
    page.get_by_role("link", name="Nouvelle campagne").click()

    # A campaign: a required title first (the message, nothing stored), then the real one.
    page.get_by_role("button", name="Créer la campagne").click()
    page.wait_for_selector("text=Veuillez donner un titre à la campagne.")
    assert InterviewCampaign.objects.count() == 0
    page.get_by_label("Titre").fill("Entretiens individuels et collectifs")
    page.get_by_label("Description").fill("Rencontrer au moins la moitié de la DRH.")
    page.locator(".dg-choices label", has_text="Direction des ressources humaines").locator(
        "input"
    ).check()
    assert page.get_by_label("Couverture visée (%)").input_value() == "50"
    screenshot("diagnostic-a-01-campaign-form")
    page.get_by_role("button", name="Créer la campagne").click()

    # The guide: one section, two questions, the second moved up with the keyboard.
    page.wait_for_selector("text=Campagne créée. Écrivez maintenant son guide d’entretien.")
    page.get_by_label("Titre de la partie").fill("Votre travail au quotidien")
    page.get_by_role("button", name="Ajouter la partie").click()
    page.get_by_label("Question", exact=True).fill("Comment décririez-vous votre travail ?")
    page.get_by_label("Relances").fill("Un exemple récent ?\nQu’est-ce qui a changé ?")
    page.get_by_role("button", name="Ajouter la question").click()
    page.get_by_text("Ajouter une question").click()
    page.get_by_label("Question", exact=True).fill("Qu’est-ce qui vous freine ?")
    page.get_by_role("button", name="Ajouter la question").click()
    page.wait_for_selector(".dg-question >> nth=1")
    page.get_by_role("button", name="Monter la question « Qu’est-ce qui vous freine ? »").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    texts = page.locator(".dg-question-text").all_inner_texts()
    assert texts == ["Qu’est-ce qui vous freine ?", "Comment décririez-vous votre travail ?"]
    screenshot("diagnostic-a-02-guide")
    page.get_by_role("link", name="Version imprimable").click()
    assert page.locator(".dg-print-prompts li").count() == 2
    screenshot("diagnostic-a-03-guide-print")
    page.go_back()

    # Two interviews: one individual, one collective.
    page.get_by_role("link", name="Vue d’ensemble").click()
    schedule(page, ["Claire Dubois"], in_days(1, 9))
    schedule(
        page, ["Luc Moreau", "Inès Girard"], in_days(2, 14), collective=True,
        label="Équipe recrutement", screenshot=screenshot,
    )  # fmt: skip
    screenshot("diagnostic-a-05-campaign")
    page.get_by_role("link", name="Planning", exact=True).click()
    assert page.locator(".dg-day").count() == 2
    screenshot("diagnostic-a-06-schedule")

    # Notes on the collective interview, partly typed while offline.
    group = Interview.objects.get(label="Équipe recrutement")
    page.locator(".dg-slot", has_text="Équipe recrutement").get_by_role(
        "link", name="Notes"
    ).click()
    first = page.get_by_label("Qu’est-ce qui vous freine ?")
    first.fill("Les outils de recrutement changent tous les six mois.")
    page.wait_for_selector(f"#note-text-{_qid(group, 0)}-status:has-text('Enregistré')")
    page.context.set_offline(True)
    second = page.get_by_label("Comment décririez-vous votre travail ?")
    second.click()
    page.keyboard.type("Beaucoup de relances des managers, peu de temps pour les candidats.")
    page.wait_for_selector(".dg-notes-global:has-text('Hors ligne — conservé sur cet appareil')")
    screenshot("diagnostic-a-07-notes-offline")
    assert not Note.objects.filter(interview=group, question_id=_qid(group, 1)).exists()
    stored = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('liant-note'))"
    )
    assert len(stored) == 1
    page.context.set_offline(False)
    page.wait_for_selector(".dg-notes-global:has-text('Enregistré')", timeout=15_000)
    note = Note.objects.get(interview=group, question_id=_qid(group, 1))
    assert note.text == "Beaucoup de relances des managers, peu de temps pour les candidats."
    assert page.evaluate("() => localStorage.length") == 0
    screenshot("diagnostic-a-08-notes-saved")

    # Text left unsent on this device by an earlier visit comes back and is sent.
    page.evaluate(
        "key => localStorage.setItem(key, JSON.stringify({text: 'Retrouvé sur l’appareil', "
        "base: 0, at: 1}))",
        f"liant-note:{group.pk}:free:closedtab",
    )
    page.reload()
    page.wait_for_selector(".dg-notes-global:has-text('Enregistré')")
    assert (
        page.get_by_role("textbox", name="Notes libres").input_value() == "Retrouvé sur l’appareil"
    )
    assert Note.objects.get(interview=group, question=None).text == "Retrouvé sur l’appareil"
    assert page.evaluate("() => localStorage.length") == 0

    # A second tab saved meanwhile: the conflict shows both texts, nothing is lost.
    Note.objects.filter(pk=note.pk).update(text="Texte d’un autre onglet", version=note.version + 1)
    second.press("End")
    page.keyboard.type(" Et des outils lents.")
    page.wait_for_selector(".dg-conflict:visible")
    assert (
        page.locator(".dg-conflict:visible .dg-conflict-theirs").input_value()
        == "Texte d’un autre onglet"
    )
    screenshot("diagnostic-a-09-notes-conflict")
    page.get_by_role("button", name="Garder les deux (l’autre, puis le mien)").click()
    page.wait_for_selector(".dg-notes-global:has-text('Enregistré')")
    note.refresh_from_db()
    assert note.text.startswith("Texte d’un autre onglet\n\nBeaucoup de relances")
    assert note.text.endswith("Et des outils lents.")

    # Done: the coverage counts both people of the collective interview.
    page.get_by_role("button", name="Marquer comme réalisé").click()
    page.wait_for_selector("text=Entretien marqué « Fait ».")
    page.goto(f"/missions/{mission.pk}/diagnostic/")
    page.get_by_role("link", name="Entretiens individuels et collectifs", exact=True).click()
    page.get_by_role("link", name="Couverture", exact=True).click()
    total = page.locator("tfoot .dg-ratio-text").inner_text()
    assert "33" in total and "2/6" in total  # Paie: headcount 4; Recrutement: 2 listed
    screenshot("diagnostic-a-10-coverage")
    page.goto(f"/missions/{mission.pk}/")
    assert "Personnel rencontré" in page.content()


def _qid(interview, index):
    questions = list(
        interview.campaign.sections.first()
        .questions.order_by("position")
        .values_list("pk", flat=True)
    )
    return questions[index]
