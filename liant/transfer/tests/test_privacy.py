"""GDPR: a person's data export, and the erasure of their identity."""

import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from liant.core import audit
from liant.core.models import AuditEntry
from liant.core.tests.test_isolation import build_world
from liant.diagnostic.models import Note
from liant.orgs.models import Person
from liant.practices.models import CheckIn, TeamMember
from liant.workshops.models import Card, Workshop, WorkshopInvitation

pytestmark = pytest.mark.django_db

NAME = "Inès Dupré-Zqgdpr"
EMAIL = "ines.dupre@zqgdpr.example"


@pytest.fixture
def world():
    world = build_world("ZqGdpr")
    person = world["person"]
    Person.objects.filter(pk=person.pk).update(name=NAME, email=EMAIL, title="Cheffe de projet")
    person.refresh_from_db()
    # Texts that name her: a note, the history, a card; her invitation wrote the card.
    Note.objects.filter(pk=world["note"].pk).update(text=f"Entretien avec {NAME}, très clair.")
    audit.record(world["owner"], "person.update", person, NAME, {"email": ["", EMAIL]})
    card = world["card"]
    Card.objects.filter(pk=card.pk).update(text=f"Écrire à {EMAIL.upper()} pour la suite")
    WorkshopInvitation.objects.filter(pk=world["workshop_invitation"].pk).update(
        participant=card.author
    )
    return world


def occurrences(*needles: str) -> list[str]:
    """Every text column of every table that still holds one of the needles."""
    found = []
    lowered = [n.lower() for n in needles]
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*[f.attname for f in fields]):
            for value in row:
                text = (
                    json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
                )
                if any(n in (text or "").lower() for n in lowered):
                    found.append(model._meta.label)
    return found


def test_the_export_has_her_record_links_check_ins_and_only_signed_cards(client, world):
    owner = world["owner"]
    client.force_login(owner.user)
    url = reverse("transfer:person_export", args=[world["person"].pk])
    assert client.get(url).status_code == 405
    data = json.loads(client.post(url).content)
    assert data["person"]["name"] == NAME and data["person"]["email"] == EMAIL
    linked = {section["model"] for section in data["linked"]}
    assert {"diagnostic.interview", "practices.teammember", "steering.action"} <= linked
    assert data["check_ins"] and data["interview_notes_held"] == 1
    assert data["signed_cards"] == []  # the workshop's cards are anonymous
    Workshop.objects.filter(pk=world["workshop"].pk).update(signed_cards=True)
    data = json.loads(client.post(url).content)
    assert data["signed_cards"][0]["text"].startswith("Écrire à")
    assert "token_hash" not in json.dumps(data)


def test_the_page_shows_her_data_and_the_erase_button_to_owners_only(client, world):
    url = reverse("transfer:person_data", args=[world["person"].pk])
    client.force_login(world["consultant"].user)
    page = client.get(url).content.decode()
    assert NAME in page and "erase/" not in page
    assert (
        client.get(reverse("transfer:person_erase", args=[world["person"].pk])).status_code == 403
    )
    client.force_login(world["owner"].user)
    assert "erase/" in client.get(url).content.decode()


def test_a_wrong_confirmation_erases_nothing(client, world):
    client.force_login(world["owner"].user)
    url = reverse("transfer:person_erase", args=[world["person"].pk])
    page = client.get(url).content.decode()
    assert "texts naming them" in page or "textes" in page
    response = client.post(url, {"confirm_name": "Someone else"})
    assert response.status_code == 400
    assert Person.objects.get(pk=world["person"].pk).name == NAME


def test_erasure_leaves_nothing_identifying_and_keeps_contributions(client, world):
    person = world["person"]
    cards, check_ins = Card.objects.count(), CheckIn.objects.count()
    assert occurrences(NAME, EMAIL)
    client.force_login(world["owner"].user)
    response = client.post(
        reverse("transfer:person_erase", args=[person.pk]), {"confirm_name": NAME}
    )
    assert response.status_code == 302
    assert occurrences(NAME, EMAIL) == []
    person.refresh_from_db()
    assert person.email == "" and person.title == "" and NAME not in person.name
    # Anonymous contributions stay; her links are kept, to the anonymous record.
    assert Card.objects.count() == cards and CheckIn.objects.count() == check_ins
    assert person.interviews.exists()
    assert world["card"].author.__class__.objects.get(pk=world["card"].author_id).user is None
    assert TeamMember.objects.get(person=person).token_hash is None
    entry = AuditEntry.objects.get(action="person.erase")
    assert entry.object_id == str(person.pk) and NAME not in entry.summary
