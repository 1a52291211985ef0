"""The whole service-promise flow in a real browser, on the demo company (Ardelis, 8 services):
the ADV's nine steps, its promise to Logistique (pair, lines edited in place, RACI with two A
first), the Logistique contact answering through the link in a separate browser context (a
tampered link first), publication, the simplified form, the contact's rating through the
review link, the review, its gap turned into an action, and the coloured map."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from liant.commitments.models import (
    CounterpartRating,
    Feedback,
    PromiseItem,
    RaciActivity,
    Review,
)
from liant.conftest import session_cookie
from liant.core.demo import load_demo
from liant.orgs.models import Interface, Organization
from liant.workshops.models import Card, Cluster
from liant.workshops.services import join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"promise-{name}.png"), full_page=True)


def add_line(page, interface_pk: int, kind: str, text: str, level: str = "") -> None:
    cell = page.locator(f"#cell-{interface_pk}-{kind}")
    if not cell.locator("textarea[name=text]").is_visible():  # open after an error
        cell.locator("summary").click()
    cell.locator("textarea[name=text]").fill(text)
    if level:
        cell.locator("input[name=service_level]").fill(level)
    cell.get_by_role("button", name="Ajouter").click()


def test_service_promise_flow_on_the_demo_company(page, live_server, browser):
    login = load_demo()
    org = Organization.objects.get(workspace=login.workspace, name="Ardelis Industrie")
    assert org.units.count() == 8
    owner = login.workspace.memberships.get(role="owner").user
    page.context.add_cookies([session_cookie(owner, live_server.url)])

    # From the organisation to the service promises: the demo's Logistique is under way.
    page.goto(f"/organisations/{org.pk}/")
    page.get_by_role("link", name="Promesses de service").first.click()
    expect(page.get_by_role("heading", name="Promesses de service", exact=True)).to_be_visible()
    expect(page.locator(".cm-map svg")).to_be_visible()
    shoot(page, "01-overview")

    # The ADV's nine steps.
    page.get_by_role("link", name="ADV", exact=True).click()
    expect(page.get_by_role("heading", name="ADV", exact=True)).to_be_visible()
    page.fill("#id_gathered_on", "2026-11-20")
    page.fill("#id_team_note", "Emma Roux, Manon Lacroix")
    page.locator("#step-1").get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".message-success")).to_contain_text("réunion d’équipe")
    page.locator("#step-2").get_by_role("button", name="Enregistrer").click()  # empty
    expect(page.locator("#step-2 .errorlist")).to_contain_text("Écrivez la mission")
    page.fill("#id_mission_statement", "Transformer chaque commande signée en livraison tenue.")
    page.locator("#step-2").get_by_role("button", name="Enregistrer").click()
    page.locator("#step-3 summary").click()
    page.select_option("#id_client", label="Commercial")
    page.fill("#id_description", "Confirme les dates de livraison des offres.")
    page.locator("#step-3").get_by_role("button", name="Ajouter").click()
    expect(page.locator("#step-3")).to_contain_text("Commercial")
    page.locator("#step-4").get_by_role("button", name="Créer le tableau").click()
    expect(page.get_by_role("link", name="Ouvrir le tableau en direct")).to_be_visible()

    # The session happens on the live board (tested in liant/live): two groups come out of it.
    plan = org.units.get(name="ADV").service_plan
    board, column = plan.image_board, plan.image_board.columns.first()
    author = join(plan.image_workshop)
    for title, text in [("Fiabilité", "Avec l’ADV, la date annoncée est la bonne."),
                        ("Réactivité", "Une réponse dans la journée.")]:  # fmt: skip
        cluster = Cluster.objects.create(
            workspace=org.workspace, board=board, column=column, title=title
        )
        Card.objects.create(
            workspace=org.workspace, board=board, column=column, cluster=cluster,
            author=author, text=text,
        )  # fmt: skip
    page.get_by_role("button", name="Importer les regroupements comme catégories").click()
    expect(page.locator("#step-4")).to_contain_text("Réactivité")
    expect(page.locator(".cm-step-done")).to_have_count(4)
    shoot(page, "02-steps")

    # The promise to Logistique: pair, lines (an empty commitment first), an edit in place.
    interface = Interface.objects.get(
        organization=org, provider__name="ADV", client__name="Logistique"
    )
    page.goto(f"/promises/interfaces/{interface.pk}/")
    page.select_option("#id_pair_first", label="Emma Roux")
    page.select_option("#id_pair_second", label="Manon Lacroix")
    page.select_option("#id_contact", label="Jérôme Gautier")
    page.locator("#pair").get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".message-success")).to_contain_text("binôme")
    add_line(page, interface.pk, "commitment", "  ")
    expect(page.locator(f"#cell-{interface.pk}-commitment .errorlist")).to_contain_text(
        "un engagement sans texte"
    )
    assert not PromiseItem.objects.filter(promise__interface=interface).exists()
    add_line(page, interface.pk, "expectation", "Des commandes complètes, adresse vérifiée.")
    expect(page.locator(f"#cell-{interface.pk}-expectation .cm-item")).to_have_count(1)
    add_line(page, interface.pk, "commitment", "Transmettre les commandes validées",
             "avant 11 h pour une expédition le jour même")  # fmt: skip
    expect(page.locator(f"#cell-{interface.pk}-commitment .cm-item")).to_have_count(1)
    add_line(page, interface.pk, "unacceptable", "Modifier une commande déjà en préparation.")
    expect(page.locator(f"#cell-{interface.pk}-unacceptable .cm-item")).to_have_count(1)
    item = page.locator(f"#cell-{interface.pk}-commitment .cm-item").first
    item.get_by_role("link", name="Modifier").click()
    page.locator(f"#cell-{interface.pk}-commitment .cm-item textarea[name=text]").fill(
        "Transmettre les commandes validées et complètes"
    )
    page.locator(f"#cell-{interface.pk}-commitment").get_by_role(
        "button", name="Enregistrer"
    ).click()
    expect(page.locator(f"#cell-{interface.pk}-commitment")).to_contain_text(
        "validées et complètes"
    )

    # RACI: two A are refused with a clear message, then a valid row shows its warning.
    page.get_by_role("link", name="Matrice RACI").first.click()
    page.get_by_role("button", name="Commencer avec ADV et Logistique").click()
    page.fill("#id_label", "Valider une commande")
    selects = page.locator("form select")
    selects.nth(0).select_option("A")
    selects.nth(1).select_option("A")
    page.get_by_role("button", name="Enregistrer l’activité").click()
    expect(page.locator(".form-errors")).to_contain_text("Un seul responsable final (A)")
    assert not RaciActivity.objects.filter(promise__interface=interface).exists()
    page.locator("form select").nth(1).select_option("R")
    page.get_by_role("button", name="Enregistrer l’activité").click()
    expect(page.locator(".message-warning")).to_contain_text("Personne n’est consulté")
    shoot(page, "03-raci")

    # The counterpart, without an account, in a separate browser context.
    page.goto(f"/promises/interfaces/{interface.pk}/")
    link = page.locator("#feedback-link").input_value()
    shoot(page, "04-promise")
    outsider = browser.new_context(locale="fr-FR", viewport={"width": 1000, "height": 800})
    counterpart = outsider.new_page()
    counterpart.goto(link[:-4] + "abcd")
    expect(counterpart.get_by_role("heading", name="Ce lien n’est pas valide")).to_be_visible()
    shoot(counterpart, "05-tampered-link")
    counterpart.goto(link)
    expect(counterpart.get_by_role("heading", level=1)).to_contain_text("ADV")
    fieldsets = counterpart.locator("fieldset")
    fieldsets.nth(0).get_by_label("Je suis d’accord", exact=True).check()
    fieldsets.nth(1).get_by_label("Je propose une modification").check()
    counterpart.get_by_role("button", name="Envoyer mes réponses").click()
    expect(counterpart.locator(".form-errors")).to_be_visible()  # the change needs its wording
    assert not Feedback.objects.filter(item__promise__interface=interface).exists()
    counterpart.locator("fieldset").nth(1).locator("textarea").nth(1).fill(
        "Transmettre les commandes validées avant 10 h."
    )
    shoot(counterpart, "06-counterpart-form")
    counterpart.get_by_role("button", name="Envoyer mes réponses").click()
    expect(counterpart.get_by_role("heading", level=1)).to_contain_text("Merci")
    shoot(counterpart, "07-counterpart-thanks")
    outsider.close()
    assert Feedback.objects.filter(item__promise__interface=interface).count() == 2

    # The pair sees the answers in context, then publishes.
    page.reload()
    expect(page.locator(".cm-feedback-change")).to_contain_text("avant 10 h")
    page.get_by_role("button", name="Adopter cette formulation").click()
    expect(page.locator(f"#cell-{interface.pk}-commitment .cm-text")).to_have_text(
        "Transmettre les commandes validées avant 10 h."
    )
    page.get_by_role("button", name="Publier la promesse").click()
    expect(page.locator(".message-success")).to_contain_text("La version 1 est publiée")

    # The simplified form: every interface of Ardelis, edited in place, printable.
    page.goto(f"/promises/organisations/{org.pk}/table/")
    expect(page.get_by_role("columnheader", name="attend de nous")).to_be_visible()
    add_line(page, interface.pk, "expectation", "Un appel si une commande est incomplète.")
    expect(page.locator(f"#cell-{interface.pk}-expectation .cm-item")).to_have_count(2)
    shoot(page, "08-simplified")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Imprimer")).to_be_hidden()
    shoot(page, "09-simplified-print")
    page.emulate_media(media="screen")

    # Six months later: the Logistique contact rates the commitment through the review link
    # (an unrated commitment is refused first), in a separate browser context.
    version = interface.service_promise.versions.get()
    page.goto(f"/promises/interfaces/{interface.pk}/")
    page.get_by_role("link", name="Tenir la revue").click()
    rating_link = page.locator("#rating-link").input_value()
    outsider = browser.new_context(locale="fr-FR", viewport={"width": 1000, "height": 800})
    counterpart = outsider.new_page()
    counterpart.goto(rating_link[:-4] + "abcd")
    expect(counterpart.get_by_role("heading", name="Ce lien n’est pas valide")).to_be_visible()
    counterpart.goto(rating_link)
    expect(counterpart.get_by_role("heading", level=1)).to_contain_text("tenu sa promesse")
    counterpart.get_by_role("button", name="Envoyer mes évaluations").click()
    expect(counterpart.locator(".form-errors")).to_contain_text("rien n’a encore été enregistré")
    assert not CounterpartRating.objects.exists()
    counterpart.locator("fieldset").first.get_by_label("Partiellement tenu").check()
    counterpart.locator("fieldset").first.locator("textarea").fill("Souvent après 11 h le vendredi")
    shoot(counterpart, "10-counterpart-rating")
    counterpart.get_by_role("button", name="Envoyer mes évaluations").click()
    expect(counterpart.get_by_role("heading", level=1)).to_contain_text("Merci")
    outsider.close()
    assert CounterpartRating.objects.get(version=version).rating == "partly"

    # The pair sees the rating in the review, where it pre-fills the client's side; an
    # unrated side is refused first.
    page.reload()
    expect(page.locator("#counterpart-ratings")).to_contain_text("Souvent après 11 h le vendredi")
    expect(page.locator("#id_rating_0_client")).to_have_value("partly")
    page.fill("#id_held_on", "2027-05-20")
    page.get_by_role("button", name="Enregistrer la revue").click()
    expect(page.locator(".form-errors")).to_contain_text("rien n’a encore été enregistré")
    assert not Review.objects.filter(version=version).exists()
    page.select_option("#id_rating_0_provider", "kept")
    shoot(page, "11-review-form")
    page.get_by_role("button", name="Enregistrer la revue").click()
    expect(page.locator("#lessons-title")).to_be_visible()
    expect(page.locator(".cm-reminder")).to_contain_text("Souvent après 11 h le vendredi")
    shoot(page, "12-after-review")

    # The gap becomes an action of the mission's plan, which remembers it.
    page.goto(f"/promises/interfaces/{interface.pk}/versions/{version.pk}/review/")
    page.get_by_role("link", name=re.compile("^Transformer en action")).first.click()
    page.get_by_role("button", name="Créer l’action").click()
    origins = page.locator("section", has_text="Pourquoi cette action existe")
    expect(origins).to_contain_text("Écart relevé à la revue")
    expect(origins).to_contain_text("Souvent après 11 h le vendredi")
    shoot(page, "13-gap-action")

    # The map colours the ADV → Logistique edge with the review's outcome.
    page.goto(f"/promises/organisations/{org.pk}/")
    expect(page.locator('.cm-map path[stroke="#c98a00"]')).to_have_count(1)
    shoot(page, "14-map")
    assert re.search(r"ADV → Logistique", page.locator(".cm-map svg").inner_html())
