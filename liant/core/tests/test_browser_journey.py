"""The spine's journey in a real browser: sign up, create an organisation, import its people
(a bad file first), create a mission from the 4-phase template and see its timeline."""

import re

import pytest

from liant.missions.builtin import sync_builtin_templates
from liant.missions.models import Mission
from liant.orgs.models import Organization, Person, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAD_CSV = "unité;nom;téléphone\nDirection;Ana Silva;0601020304\n"
GOOD_CSV = """unité;nom;fonction;e-mail;manager;effectif
Direction générale;;;;;2
Direction générale;Hélène Marchand;Directrice générale;helene.marchand@example.org;oui;
Direction générale > Comptabilité;Karim Haddad;Chef comptable;karim.haddad@example.org;oui;
Direction générale > Comptabilité;Julie Perrin;Comptable;;non;
Direction générale > Commercial;Marc Lefebvre;Responsable commercial;;oui;
Direction générale > Commercial > ADV;Sophie Nguyen;Assistante ADV;;;
Direction générale > Commercial > ADV;<b>Léa</b> Martin;Assistante ADV;;;
"""
WRONG_ROWS_CSV = """unité;nom;e-mail;manager
Direction générale;Paul Morel;pas-une-adresse;oui
Direction générale > ;Anne Roy;;non
Direction générale;Inès Caron;;peut-être
"""


def upload(page, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    page.set_input_files("#id_file", str(path))
    page.click("text=Voir l’aperçu")


def test_sign_up_organisation_import_mission_timeline(page, screenshot, tmp_path):
    sync_builtin_templates()  # transactional tests start from an empty database
    page.goto("/accounts/signup/")
    page.fill("#id_full_name", "Claire Dubois")
    page.fill("#id_email", "claire@example.org")
    page.fill("#id_workspace_name", "Cabinet Boussole")
    page.fill("#id_password", "une-phrase-de-passe-longue")
    page.click("button[type=submit]")
    page.wait_for_url("**/")

    # An organisation, with an empty name first.
    page.click("nav.mainnav >> text=Organisations")
    screenshot("journey-01-organisations-empty")
    page.click("text=Créer la première organisation")
    page.click("button[type=submit]")
    assert page.locator(".errorlist").count() == 1
    assert Organization.objects.count() == 0
    page.fill("#id_name", "Transports Armor")
    page.fill("#id_sector", "Transport et logistique")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/organisations/\d+/"))
    org = Organization.objects.get()
    screenshot("journey-02-organisation-empty")

    # Import: a wrong column, then wrong rows; nothing is saved.
    page.click("text=Importer depuis un tableur")
    upload(page, tmp_path, "mauvais.csv", BAD_CSV)
    assert "Colonne inconnue" in page.locator(".errorlist").inner_text()
    screenshot("journey-03-import-wrong-column")
    upload(page, tmp_path, "erreurs.csv", WRONG_ROWS_CSV)
    errors = page.locator(".og-import-errors").inner_text()
    assert "ligne 2" in errors and "ligne 3" in errors and "ligne 4" in errors
    assert page.locator("text=Confirmer l’import").count() == 0
    screenshot("journey-04-import-row-errors")
    assert (Unit.objects.count(), Person.objects.count()) == (0, 0)

    # A good file: preview, confirm.
    page.click("text=Téléverser un fichier corrigé")
    upload(page, tmp_path, "personnel.csv", GOOD_CSV)
    assert "<b>Léa</b> Martin" in page.locator("table").last.inner_text()  # escaped, not bold
    screenshot("journey-05-import-preview")
    page.click("text=Confirmer l’import")
    page.wait_for_selector(".og-tree")
    assert Unit.objects.filter(organization=org).count() == 4
    assert Person.objects.filter(organization=org).count() == 6
    screenshot("journey-06-organisation-imported")

    # A mission from the 4-phase template, then its timeline.
    page.click("nav.mainnav >> text=Missions")
    page.click("text=Créer la première mission")
    page.select_option("#id_organization", str(org.pk))
    page.locator(".mx-template-choice", has_text="4 phases").first.click()
    page.fill("#id_title", "Accompagnement de la direction générale")
    page.fill("#id_start_date", "2026-09-07")
    screenshot("journey-07-mission-form")
    page.click("text=Créer la mission")
    page.wait_for_selector(".mx-timeline-card")
    mission = Mission.objects.get()
    assert mission.phases.count() == 4
    assert page.locator(".mx-timeline-card svg").count() >= 4
    screenshot("journey-08-mission-timeline")
