import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liant.core.testing import InterfaceFactory, OrganizationFactory, PersonFactory, UnitFactory
from liant.orgs.models import Organization, Person, Unit

pytestmark = pytest.mark.django_db


def test_empty_list_invites_to_create_the_first_organisation(owner_client):
    body = owner_client.get(reverse("orgs:list")).content.decode()
    assert "Créer la première organisation" in body


def test_create_organisation_with_an_empty_name_stores_nothing(owner_client):
    response = owner_client.post(reverse("orgs:create"), {"name": "  "})
    assert response.status_code == 200
    assert "Donnez un nom à l’organisation." in response.content.decode()
    assert Organization.objects.count() == 0


def test_html_in_names_is_shown_escaped(owner_client, owner):
    owner_client.post(reverse("orgs:create"), {"name": "<script>alert(1)</script> SA"})
    org = Organization.objects.get()
    UnitFactory(organization=org, name="<b>Compta</b>")
    PersonFactory(organization=org, name="<i>Ana</i>")
    for url in (reverse("orgs:list"), reverse("orgs:detail", args=[org.pk])):
        body = owner_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt; SA" in body
    body = owner_client.get(reverse("orgs:detail", args=[org.pk])).content.decode()
    assert "&lt;b&gt;Compta&lt;/b&gt;" in body and "&lt;i&gt;Ana&lt;/i&gt;" in body


def test_sponsor_reads_their_organisation_without_edit_actions(client, sponsor, organization):
    client.force_login(sponsor.user)
    other = OrganizationFactory(workspace=organization.workspace, name="Autre client")
    body = client.get(reverse("orgs:list")).content.decode()
    assert organization.name in body and "Autre client" not in body
    body = client.get(reverse("orgs:detail", args=[organization.pk])).content.decode()
    assert "Ajouter une unité" not in body and "orgs-tree.js" not in body
    assert client.get(reverse("orgs:detail", args=[other.pk])).status_code == 404
    response = client.post(reverse("orgs:unit_create", args=[organization.pk]), {"name": "X"})
    assert response.status_code == 403
    assert Unit.objects.count() == 0


def test_add_unit_under_a_parent_and_duplicate_name(owner_client, organization):
    url = reverse("orgs:unit_create", args=[organization.pk])
    owner_client.post(url, {"name": "Direction", "kind": "direction"})
    direction = Unit.objects.get()
    response = owner_client.post(url, {"name": "Paie", "kind": "team", "parent": direction.pk})
    assert response.status_code == 302
    assert Unit.objects.get(name="Paie").parent == direction
    response = owner_client.post(url, {"name": "paie", "kind": "team", "parent": direction.pk})
    assert "existe déjà à cet endroit" in response.content.decode()
    assert Unit.objects.count() == 2


def test_move_form_offers_only_allowed_places_and_refuses_a_descendant(owner_client, organization):
    top = UnitFactory(organization=organization, name="Haut")
    child = UnitFactory(organization=organization, name="Enfant", parent=top)
    other = UnitFactory(organization=organization, name="Voisin")
    url = reverse("orgs:unit_move", args=[organization.pk, top.pk])
    body = owner_client.get(url).content.decode()
    assert f'value="{other.pk}"' in body and f'value="{child.pk}"' not in body
    response = owner_client.post(url, {"parent": child.pk})
    assert "ne peut pas être déplacée sous elle-même" in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None
    response = owner_client.post(url, {"parent": other.pk})
    assert response.status_code == 302
    top.refresh_from_db()
    assert top.parent == other


def test_drag_and_drop_endpoint_answers_json(owner_client, organization):
    top = UnitFactory(organization=organization)
    child = UnitFactory(organization=organization, parent=top)
    url = reverse("orgs:unit_move", args=[organization.pk, top.pk])
    response = owner_client.post(url, {"parent": child.pk}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "sous-unités" in response.json()["error"]
    response = owner_client.post(url, {"parent": ""}, HTTP_ACCEPT="application/json")
    assert response.json() == {"ok": True}


def test_up_down_buttons_reorder(owner_client, organization):
    first = UnitFactory(organization=organization, name="A", position=0)
    UnitFactory(organization=organization, name="B", position=1)
    owner_client.post(
        reverse("orgs:unit_move", args=[organization.pk, first.pk]), {"direction": "down"}
    )
    assert list(Unit.objects.values_list("name", flat=True)) == ["B", "A"]


def test_delete_unit_confirmation_names_the_consequences(owner_client, organization):
    top = UnitFactory(organization=organization)
    UnitFactory(organization=organization, parent=top)
    PersonFactory(organization=organization, unit=top)
    url = reverse("orgs:unit_delete", args=[organization.pk, top.pk])
    body = owner_client.get(url).content.decode()
    assert "ses 1 sous-unités" in body and "1 personnes restent" in body
    owner_client.post(url)
    assert Unit.objects.count() == 0 and Person.objects.count() == 1


def test_person_form_validates_email_and_unit(owner_client, organization):
    url = reverse("orgs:person_create", args=[organization.pk])
    elsewhere = UnitFactory()
    response = owner_client.post(url, {"name": "Ana", "email": "non", "unit": elsewhere.pk})
    body = response.content.decode()
    assert "adresse e-mail valide" in body
    assert Person.objects.count() == 0
    unit = UnitFactory(organization=organization)
    response = owner_client.post(url, {"name": "Ana", "email": "ana@example.org", "unit": unit.pk})
    assert response.status_code == 302
    person = Person.objects.get()
    edit = reverse("orgs:person_edit", args=[organization.pk, person.pk])
    owner_client.post(edit, {"name": "Ana Silva", "unit": "", "is_manager": "on"})
    person.refresh_from_db()
    assert (person.name, person.unit, person.is_manager) == ("Ana Silva", None, True)


def test_people_search_and_unit_filter(owner_client, organization):
    unit = UnitFactory(organization=organization, name="Compta")
    PersonFactory(organization=organization, name="Nadia Benali", unit=unit)
    PersonFactory(organization=organization, name="Louis Garnier")
    url = reverse("orgs:detail", args=[organization.pk])
    body = owner_client.get(url, {"q": "nadia"}).content.decode()
    assert "Nadia Benali" in body and "Louis Garnier" not in body
    body = owner_client.get(url, {"unit": unit.pk}).content.decode()
    assert "Nadia Benali" in body and "Louis Garnier" not in body
    body = owner_client.get(url, {"q": "zzz"}).content.decode()
    assert "Personne ne correspond" in body


def test_interface_form_refuses_a_unit_serving_itself(owner_client, organization):
    a = UnitFactory(organization=organization)
    UnitFactory(organization=organization)
    url = reverse("orgs:interface_create", args=[organization.pk])
    response = owner_client.post(url, {"provider": a.pk, "client": a.pk})
    assert "son propre client interne" in response.content.decode()
    interface = InterfaceFactory(organization=organization)
    delete = reverse("orgs:interface_delete", args=[organization.pk, interface.pk])
    owner_client.post(delete)
    assert not organization.interfaces.exists()


def test_delete_organisation(owner_client, organization):
    url = reverse("orgs:delete", args=[organization.pk])
    assert organization.name in owner_client.get(url).content.decode()
    owner_client.post(url)
    assert not Organization.objects.exists()


def _detail_queries(client, org) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("orgs:detail", args=[org.pk])).status_code == 200
    return len(queries)


def test_the_detail_page_query_count_does_not_grow_with_data(owner_client, organization):
    top = UnitFactory(organization=organization)
    UnitFactory(organization=organization, parent=top)
    InterfaceFactory(organization=organization)
    PersonFactory(organization=organization, unit=top)
    small = _detail_queries(owner_client, organization)
    for i in range(30):
        unit = UnitFactory(organization=organization, parent=top if i % 2 else None)
        PersonFactory(organization=organization, unit=unit)
        InterfaceFactory(organization=organization)
    assert _detail_queries(owner_client, organization) == small
