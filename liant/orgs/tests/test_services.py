import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liant.core.models import AuditEntry
from liant.core.testing import (
    InterfaceFactory,
    OrganizationFactory,
    PersonFactory,
    UnitFactory,
)
from liant.orgs import services
from liant.orgs.models import Interface, Organization, Person, Unit

pytestmark = pytest.mark.django_db


def test_create_organization_records_an_audit_entry(owner):
    org = services.create_organization(owner, name="  Mairie de Lorient ", sector="Collectivité")
    assert org.name == "Mairie de Lorient"
    assert org.workspace == owner.workspace
    assert AuditEntry.objects.filter(action="organization.create", object_id=str(org.pk)).exists()


@pytest.mark.parametrize("name", ["", "   "])
def test_an_organisation_needs_a_name(owner, name):
    with pytest.raises(ValidationError) as error:
        services.create_organization(owner, name=name)
    assert "name" in error.value.message_dict
    assert Organization.objects.count() == 0


def test_sponsors_cannot_write(sponsor, organization):
    with pytest.raises(PermissionDenied):
        services.create_organization(sponsor, name="X")
    with pytest.raises(PermissionDenied):
        services.create_unit(sponsor, organization, name="X")


def test_update_organization_audits_only_real_changes(owner, organization):
    services.update_organization(owner, organization, name="Nouveau nom", sector="", description="")
    entry = AuditEntry.objects.get(action="organization.update")
    assert entry.changes["name"][1] == "Nouveau nom"
    services.update_organization(owner, organization, name="Nouveau nom", sector="", description="")
    assert AuditEntry.objects.filter(action="organization.update").count() == 1


def test_units_of_another_workspace_are_refused(owner, organization):
    foreign = UnitFactory()  # another organisation of another workspace
    with pytest.raises(ValidationError):
        services.create_unit(owner, organization, name="Service", parent=foreign)
    with pytest.raises(PermissionDenied):
        services.update_unit(owner, foreign, name="Pris", kind="service", headcount=None)


def test_sibling_names_are_unique_case_insensitively(owner, organization):
    direction = services.create_unit(owner, organization, name="Direction", kind="direction")
    services.create_unit(owner, organization, name="Comptabilité", parent=direction)
    with pytest.raises(ValidationError) as error:
        services.create_unit(owner, organization, name="comptabilité", parent=direction)
    assert "existe déjà à cet endroit" in str(error.value)
    # The same name elsewhere in the tree is fine.
    services.create_unit(owner, organization, name="Comptabilité")
    assert Unit.objects.filter(name__iexact="comptabilité").count() == 2


def test_a_unit_cannot_move_under_itself_or_its_descendants(owner, organization):
    top = services.create_unit(owner, organization, name="Direction")
    child = services.create_unit(owner, organization, name="Service", parent=top)
    grandchild = services.create_unit(owner, organization, name="Équipe", parent=child)
    for target in (top, child, grandchild):
        with pytest.raises(ValidationError) as error:
            services.move_unit(owner, top, target)
        assert "ne peut pas être déplacée sous elle-même" in str(error.value)
    top.refresh_from_db()
    assert top.parent is None


def test_move_unit_carries_its_sub_units(owner, organization):
    a = services.create_unit(owner, organization, name="A")
    b = services.create_unit(owner, organization, name="B")
    a1 = services.create_unit(owner, organization, name="A1", parent=a)
    services.move_unit(owner, a, b)
    a.refresh_from_db()
    a1.refresh_from_db()
    assert a.parent == b and a1.parent == a
    services.move_unit(owner, a, None)
    a.refresh_from_db()
    assert a.parent is None
    assert AuditEntry.objects.filter(action="unit.move").count() == 2


def test_move_refuses_a_parent_of_another_organisation(owner, organization):
    unit = services.create_unit(owner, organization, name="A")
    other = services.create_unit(
        owner, OrganizationFactory(workspace=owner.workspace), name="Ailleurs"
    )
    with pytest.raises(ValidationError):
        services.move_unit(owner, unit, other)


def test_shift_unit_reorders_siblings(owner, organization):
    names = ["Un", "Deux", "Trois"]
    units = [services.create_unit(owner, organization, name=n) for n in names]
    services.shift_unit(owner, units[2], -1)
    order = list(Unit.objects.filter(organization=organization).values_list("name", flat=True))
    assert order == ["Un", "Trois", "Deux"]
    services.shift_unit(owner, units[0], -1)  # already first: nothing moves
    order = list(Unit.objects.filter(organization=organization).values_list("name", flat=True))
    assert order == ["Un", "Trois", "Deux"]


def test_deleting_a_unit_keeps_its_people_without_a_unit(owner, organization):
    unit = services.create_unit(owner, organization, name="Service")
    person = services.create_person(owner, organization, name="Ana", unit=unit)
    services.delete_unit(owner, unit)
    person.refresh_from_db()
    assert person.unit is None


def test_people_emails_are_checked(owner, organization):
    services.create_person(owner, organization, name="Ana", email="Ana@Example.org")
    with pytest.raises(ValidationError):
        services.create_person(owner, organization, name="Bob", email="ana@example.org")
    with pytest.raises(ValidationError):
        services.create_person(owner, organization, name="Bob", email="pas une adresse")
    with pytest.raises(ValidationError):
        services.create_person(owner, organization, name=" ")
    assert Person.objects.count() == 1
    assert Person.objects.get().email == "ana@example.org"


def test_a_person_unit_must_be_of_the_same_organisation(owner, organization):
    elsewhere = UnitFactory(organization=OrganizationFactory(workspace=owner.workspace))
    with pytest.raises(ValidationError):
        services.create_person(owner, organization, name="Ana", unit=elsewhere)


def test_update_person(owner, organization):
    person = PersonFactory(organization=organization, name="Ana")
    services.update_person(owner, person, name="Ana Silva", title="Cheffe", is_manager=True)
    person.refresh_from_db()
    assert (person.name, person.title, person.is_manager) == ("Ana Silva", "Cheffe", True)
    assert AuditEntry.objects.get(action="person.update").changes["name"] == ["Ana", "Ana Silva"]


def test_interfaces_are_checked(owner, organization):
    a = UnitFactory(organization=organization)
    b = UnitFactory(organization=organization)
    services.create_interface(owner, organization, provider=a, client=b, description="Paie")
    with pytest.raises(ValidationError):
        services.create_interface(owner, organization, provider=a, client=a)
    with pytest.raises(ValidationError):
        services.create_interface(owner, organization, provider=a, client=b)
    elsewhere = UnitFactory(organization=OrganizationFactory(workspace=owner.workspace))
    with pytest.raises(ValidationError):
        services.create_interface(owner, organization, provider=a, client=elsewhere)
    assert Interface.objects.count() == 1


def test_update_and_delete_interface(owner, organization):
    interface = InterfaceFactory(organization=organization)
    services.update_interface(
        owner,
        interface,
        provider=interface.client,
        client=interface.provider,
        description="Inversée",
    )
    interface.refresh_from_db()
    assert interface.description == "Inversée"
    services.delete_interface(owner, interface)
    assert Interface.objects.count() == 0


def test_the_database_also_refuses_two_top_level_units_with_the_same_name(organization):
    from django.db import IntegrityError, transaction

    UnitFactory(organization=organization, name="Direction", parent=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(organization=organization, name="Direction", parent=None)
