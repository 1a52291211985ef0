"""A facilitator writes v1 of a digital-usage charter; three participants, each in their own
browser, vote, comment and propose amendments; the facilitator accepts one and rejects
another with a reason; v2 shows the word diff; the final version is published and the
mission's sponsor reads it."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from liant.charters.models import Amendment, ClauseComment, ClauseVote, Document
from liant.conftest import session_cookie
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, OrganizationFactory, WorkspaceFactory, make_actor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"

CLAUSES = [
    ("Messagerie", "Aucun courriel n’est envoyé entre 20 h et 7 h, sauf urgence de séance."),
    ("Réunions", "Toute réunion a un ordre du jour envoyé la veille."),
    ("Visioconférence", "La caméra est facultative."),
]


def new_page(browser, base_url, viewport=(1280, 900), user=None):
    context = browser.new_context(
        base_url=base_url, locale="fr-FR", viewport={"width": viewport[0], "height": viewport[1]}
    )
    if user is not None:
        context.add_cookies([session_cookie(user, base_url)])
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"charters-{name}.png"), full_page=True)


def clause_card(page, title):
    return page.locator("li.ch-clause", has=page.locator("h3", has_text=title))


def test_charter_from_v1_to_published_v2(browser, asgi_server):
    workspace = WorkspaceFactory()
    owner = make_actor(workspace, Role.OWNER)
    organization = OrganizationFactory(workspace=workspace, name="Assemblée régionale")
    sponsor = make_actor(workspace, Role.SPONSOR, organization=organization)
    mission = MissionFactory(organization=organization, title="Usages numériques")

    # The facilitator writes v1.
    facilitator = new_page(browser, asgi_server, user=owner.user)
    facilitator.goto(f"/missions/{mission.pk}/")
    facilitator.click("a:has-text('Chartes')")
    facilitator.click("a:has-text('Nouvelle charte') >> nth=0")
    facilitator.fill("#id_title", "Charte des usages numériques")
    facilitator.fill("#id_purpose", "Des règles simples pour que le numérique nous aide.")
    facilitator.click("button:has-text('Créer la charte')")
    expect(facilitator.locator(".message-success")).to_contain_text("Charte créée")
    for title, text in CLAUSES:
        facilitator.fill("#add-clause #id_title", title)
        facilitator.fill("#add-clause #id_text", text)
        facilitator.click("button:has-text('Ajouter la clause')")
        expect(clause_card(facilitator, title)).to_be_visible()
    # Bad input: an empty clause is refused with a message, nothing added.
    facilitator.fill("#add-clause #id_title", "Vide")
    facilitator.fill("#add-clause #id_text", "   ")  # blanks pass the browser's check
    facilitator.click("button:has-text('Ajouter la clause')")
    expect(facilitator.locator("#add-clause .errorlist")).to_contain_text("Rédigez le texte")
    assert facilitator.locator("li.ch-clause").count() == 3
    shot(facilitator, "01-draft-v1")
    facilitator.click("button:has-text('Ouvrir la participation sur la v1')")
    expect(facilitator.locator(".message-success")).to_contain_text("La participation est ouverte")
    link = facilitator.locator("#ch-participant-url").input_value()
    assert "/write/" in link

    # Three participants, each in their own browser (no account).
    phones = [new_page(browser, asgi_server, viewport=(390, 844)) for _ in range(3)]
    for i, phone in enumerate(phones):
        phone.goto(link)
        expect(phone.locator("h1")).to_contain_text("Charte des usages numériques")
        for title, _text in CLAUSES:
            card = clause_card(phone, title)
            disagree = i == 0 and title == "Messagerie"
            choice = "Pas d’accord" if disagree else "Je suis d’accord"
            card.locator(f"button[value='{'disagree' if disagree else 'agree'}']").click()
            expect(clause_card(phone, title).locator("button[aria-pressed='true']")).to_have_text(
                choice
            )
    mail = clause_card(phones[0], "Messagerie")
    mail.locator("summary:has-text('Commenter')").click()
    mail.locator("textarea[id^='comment-']").fill("Et les nuits de séance budgétaire ?")
    mail.locator("button:has-text('Publier mon commentaire')").click()
    expect(clause_card(phones[0], "Messagerie").locator(".ch-comments")).to_contain_text(
        "nuits de séance"
    )
    # Participant 1 proposes to rewrite the e-mail clause; participant 2 forgets the "why"
    # (refused, the text is kept), then sends it; participant 3 proposes to delete the camera
    # clause.
    mail.locator("summary:has-text('Proposer un amendement')").click()
    mail.locator("textarea[id^='amend-'][name='text']").fill(
        "Aucun courriel n’est envoyé entre 19 h et 7 h, sauf urgence de séance."
    )
    mail.locator("textarea[name='rationale']").fill("Le service des comptes rendus finit à 19 h.")
    mail.locator("button:has-text('Envoyer mon amendement')").click()
    expect(clause_card(phones[0], "Messagerie").locator(".ch-my-amendment")).to_contain_text(
        "En attente"
    )
    shot(phones[0], "02-participant")

    meetings = clause_card(phones[1], "Réunions")
    meetings.locator("summary:has-text('Proposer un amendement')").click()
    meetings.locator("input[value='add']").check()
    meetings.locator("input[name='title']").fill("Durée")
    meetings.locator("textarea[id^='amend-'][name='text']").fill(
        "Une réunion dure 45 minutes au plus."
    )
    meetings.locator("textarea[name='rationale']").fill("  ")
    meetings.locator("button:has-text('Envoyer mon amendement')").click()
    refused = clause_card(phones[1], "Réunions")
    expect(refused.locator(".form-errors")).to_contain_text("Expliquez pourquoi")
    expect(refused.locator("textarea[id^='amend-'][name='text']")).to_have_value(
        "Une réunion dure 45 minutes au plus."
    )
    shot(phones[1], "03-participant-refused")
    refused.locator("textarea[name='rationale']").fill("Les réunions s’éternisent.")
    refused.locator("button:has-text('Envoyer mon amendement')").click()
    expect(clause_card(phones[1], "Réunions").locator(".ch-my-amendment")).to_be_visible()

    visio = clause_card(phones[2], "Visioconférence")
    visio.locator("summary:has-text('Proposer un amendement')").click()
    visio.locator("input[value='delete']").check()
    visio.locator("textarea[name='rationale']").fill("Cela va sans dire.")
    visio.locator("button:has-text('Envoyer mon amendement')").click()
    expect(clause_card(phones[2], "Visioconférence").locator(".ch-my-amendment")).to_be_visible()

    assert ClauseVote.objects.count() == 9 and ClauseComment.objects.count() == 1
    assert Amendment.objects.count() == 3

    # The facilitator sees the votes and pseudonyms, closes the window, decides.
    facilitator.reload()
    expect(clause_card(facilitator, "Messagerie").locator(".ch-tally")).to_contain_text(
        "2 d’accord"
    )
    expect(clause_card(facilitator, "Messagerie").locator(".ch-comments")).to_contain_text(
        "Contributeur 1"
    )
    facilitator.click("button:has-text('Clore la participation')")
    expect(facilitator.locator(".message-success")).to_contain_text("La participation est close")
    rewrite, add, delete = Amendment.objects.order_by("id")
    facilitator.check(f"input[name='verdict-{rewrite.pk}'][value='accept']")
    facilitator.check(f"input[name='verdict-{add.pk}'][value='accept']")
    facilitator.check(f"input[name='verdict-{delete.pk}'][value='reject']")
    facilitator.click("button:has-text('Enregistrer les décisions')")  # no reason: refused
    expect(facilitator.locator("#amendments .form-errors")).to_contain_text("motif du refus")
    shot(facilitator, "04-decision-refused")
    facilitator.fill(f"#reason-{delete.pk}", "La caméra facultative est une demande forte.")
    facilitator.fill("#ch-note", "Horaires et durée des réunions")
    facilitator.click("button:has-text('Enregistrer les décisions')")
    expect(facilitator.locator(".message-success")).to_contain_text("La version 2 est rédigée")
    expect(facilitator.locator("h1 .ch-version")).to_have_text("v2")
    shot(facilitator, "05-v2")

    # v2 against v1: the word diff.
    facilitator.click("a:has-text('Voir les modifications v1 → v2')")
    expect(facilitator.locator("h1")).to_contain_text("Modifications de la v1 à la v2")
    changed = facilitator.locator("li.ch-changed")
    expect(changed.locator("del")).to_have_text("20")
    expect(changed.locator("ins")).to_have_text("19")
    expect(facilitator.locator("li.ch-added")).to_contain_text("45 minutes au plus")
    shot(facilitator, "06-diff")

    # The participant reads the reason of the rejection.
    phones[2].reload()
    expect(clause_card(phones[2], "Visioconférence")).to_contain_text("demande forte")

    # Publish; the sponsor reads the final version.
    facilitator.go_back()
    facilitator.click("button:has-text('Publier la v2 comme version finale')")
    expect(facilitator.locator(".message-success")).to_contain_text("La version finale est publiée")
    assert Document.objects.get().published_version.number == 2
    reader = new_page(browser, asgi_server, user=sponsor.user)
    reader.goto(f"/missions/{mission.pk}/")
    reader.click("a:has-text('Chartes')")
    expect(reader.locator("h1")).to_have_text("Chartes publiées")
    expect(reader.locator(".ch-published")).to_contain_text("entre 19 h et 7 h")
    expect(reader.locator(".ch-published")).to_contain_text("Durée")
    assert "Contributeur" not in reader.content()
    shot(reader, "07-sponsor")
