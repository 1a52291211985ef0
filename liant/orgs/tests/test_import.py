import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from liant.core.models import AuditEntry
from liant.core.testing import OrganizationFactory, PersonFactory, UnitFactory
from liant.orgs import importing
from liant.orgs.models import Person, Unit

pytestmark = pytest.mark.django_db

GOOD = """unité;nom;fonction;e-mail;manager;effectif
Direction générale;;;;;3
Direction générale;Hélène Marchand;Directrice générale;helene@example.org;oui;
Direction générale > Comptabilité;Karim Haddad;Chef comptable;karim@example.org;x;
Direction générale > Comptabilité;Julie Perrin;Comptable;;non;
Direction générale > Commercial > ADV;Sophie Nguyen;Assistante;;;
"""


def upload(client, org, content, name="personnes.csv", encoding="utf-8"):
    data = content.encode(encoding) if isinstance(content, str) else content
    return client.post(
        reverse("orgs:import", args=[org.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def counts():
    return Unit.objects.count(), Person.objects.count()


def confirm(client, org, response):
    payload = response.context["payload"]
    return client.post(reverse("orgs:import_confirm", args=[org.pk]), {"payload": payload})


def test_preview_then_confirm_creates_everything_with_an_audit_entry(owner_client, organization):
    response = upload(owner_client, organization, GOOD)
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.is_valid and len(plan.new_units) == 4 and len(plan.people) == 4
    assert counts() == (0, 0)  # the preview stores nothing
    response = confirm(owner_client, organization, response)
    assert response.status_code == 302
    assert counts() == (4, 4)
    adv = Unit.objects.get(name="ADV")
    assert adv.parent.name == "Commercial" and adv.parent.parent.name == "Direction générale"
    assert Unit.objects.get(name="Direction générale").headcount == 3
    assert Person.objects.get(name="Karim Haddad").is_manager
    assert not Person.objects.get(name="Julie Perrin").is_manager
    entry = AuditEntry.objects.get(action="organization.import")
    assert entry.changes == {"units": 4, "people": 4}


def test_comma_separated_bom_and_english_headers(owner_client, organization):
    content = "\ufeffUnit,Name,Title,Email,Manager,Headcount\nSales,Ana Silva,Rep,,yes,\n"
    response = upload(owner_client, organization, content)
    plan = response.context["plan"]
    assert plan.is_valid and plan.people[0].name == "Ana Silva" and plan.people[0].is_manager


def test_windows_1252_file_from_french_excel(owner_client, organization):
    response = upload(owner_client, organization, GOOD, encoding="cp1252")
    assert response.context["plan"].people[0].name == "Hélène Marchand"


def test_xlsx_file(owner_client, organization):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Unité", "Nom", "Effectif"])
    sheet.append(["Logistique", None, 22])
    sheet.append(["Logistique > Expédition", "Samir Belkacem", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(owner_client, organization, buffer.getvalue(), name="export.xlsx")
    plan = response.context["plan"]
    assert plan.is_valid
    assert [u.name for u in plan.units] == ["Logistique", "Expédition"]
    assert plan.units[0].headcount == 22


def test_a_wrong_column_is_named_and_nothing_is_stored(owner_client, organization):
    response = upload(owner_client, organization, "unité;nom;téléphone\nA;B;0601\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Colonne inconnue «\u00a0téléphone\u00a0»" in body
    assert counts() == (0, 0)


def test_a_10_mb_file_is_refused(owner_client, organization):
    big = "unité;nom\n" + "Service;" + "x" * (10 * 1024 * 1024)
    response = upload(owner_client, organization, big)
    assert response.status_code == 400
    assert "trop gros" in response.content.decode()
    assert counts() == (0, 0)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vide.csv", "", "Le fichier est vide."),
        ("titres.csv", "unité;nom\n", "aucune ligne de données"),
        ("ancien.xls", "\xd0\xcf\x11\xe0", "anciens fichiers Excel"),
        ("image.png", "PNG", ".csv ou .xlsx"),
        ("faux.xlsx", "PK\x03\x04 pas un classeur", "Excel (.xlsx)"),
    ],
)
def test_unreadable_files_get_a_clear_message(owner_client, organization, name, content, message):
    response = upload(owner_client, organization, content, name=name, encoding="latin-1")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_per_row_errors_use_spreadsheet_row_numbers(owner_client, organization):
    PersonFactory(organization=organization, name="Déjà Là", email="deja@example.org")
    content = """unité;nom;e-mail;manager;effectif
Compta;Ana;ana@example.org;oui;
Compta;Bob;ana@example.org;;
Compta > ;Carl;;;
Compta;Dora;pas-une-adresse;;
Compta;Eve;;peut-être;
Compta;Fred;deja@example.org;;
RH;;;;douze
;;;;
;Gil;;;
"""
    response = upload(owner_client, organization, content)
    errors = dict(response.context["plan"].errors)
    assert set(errors) == {3, 4, 5, 6, 7, 8}
    assert "déjà ligne 2" in errors[3]
    assert "partie vide" in errors[4]
    assert "pas une adresse e-mail valide" in errors[5]
    assert "oui ou non" in errors[6]
    assert "Déjà Là" in errors[7]
    assert "nombre entier" in errors[8]
    assert "Confirmer l’import" not in response.content.decode()
    assert counts() == (0, 1)


def test_errors_are_in_english_for_english_users(organization):
    with translation.override("en"):
        plan = importing.plan_import(
            organization, [{"row": 2, "unit": "A", "name": "B", "manager": "?"}]
        )
    assert "write oui or non" in plan.errors[0][1]


def test_existing_units_are_reused(owner_client, organization):
    direction = UnitFactory(organization=organization, name="Direction générale")
    response = upload(owner_client, organization, GOOD)
    plan = response.context["plan"]
    assert plan.units[0].existing == direction
    confirm(owner_client, organization, response)
    assert Unit.objects.filter(name__iexact="direction générale").count() == 1
    direction.refresh_from_db()
    assert direction.headcount == 3


def test_html_in_names_is_escaped_in_the_preview(owner_client, organization):
    response = upload(owner_client, organization, "unité;nom\n<b>Compta</b>;<script>x</script>\n")
    body = response.content.decode()
    assert "<script>x</script>" not in body and "&lt;script&gt;x&lt;/script&gt;" in body
    confirm(owner_client, organization, response)
    person = Person.objects.get()
    assert (person.name, person.unit.name) == ("<script>x</script>", "<b>Compta</b>")


def test_a_tampered_payload_is_refused(owner_client, organization):
    response = upload(owner_client, organization, GOOD)
    payload = response.context["payload"]
    url = reverse("orgs:import_confirm", args=[organization.pk])
    response = owner_client.post(url, {"payload": payload[:-3] + "abc"}, follow=True)
    assert "expiré ou a été modifié" in response.content.decode()
    assert counts() == (0, 0)


def test_a_payload_cannot_be_replayed_on_another_organisation(owner_client, organization, owner):
    response = upload(owner_client, organization, GOOD)
    other = OrganizationFactory(workspace=owner.workspace)
    url = reverse("orgs:import_confirm", args=[other.pk])
    owner_client.post(url, {"payload": response.context["payload"]})
    assert counts() == (0, 0)


def test_the_file_is_checked_again_on_confirm(owner_client, organization):
    response = upload(owner_client, organization, GOOD)
    PersonFactory(organization=organization, email="karim@example.org")  # meanwhile
    response = confirm(owner_client, organization, response)
    assert response.status_code == 200
    assert "karim@example.org" in response.content.decode()
    assert counts() == (0, 1)


def test_sponsors_cannot_import(client, sponsor, organization):
    client.force_login(sponsor.user)
    assert upload(client, organization, GOOD).status_code == 403
    assert counts() == (0, 0)


def test_example_file_in_both_languages(owner_client):
    body = owner_client.get(reverse("orgs:import_example")).content.decode("utf-8-sig")
    assert body.startswith("unité;nom;fonction")
    owner_client.cookies["django_language"] = "en"
    body = owner_client.get(reverse("orgs:import_example")).content.decode("utf-8-sig")
    assert body.startswith("unit;name;title")
    rows = importing.read_table("x.csv", body.encode())
    assert len(rows) == 4
