"""Notes: autosave with version checks (no silent overwrite), bad input, the notes page."""

import pytest
from django.urls import reverse

from liant.diagnostic import services_interviews as services
from liant.diagnostic.models import NOTE_MAX_LENGTH, Note
from liant.diagnostic.tests.factories import GuideQuestionFactory

from .interviews_world import build, interview

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build()


@pytest.fixture
def planned(world):
    return interview(world, [world.people["Claire Dubois"]])


def save_url(world, planned):
    return reverse(
        "diagnostic:interview_note_save",
        args=[world.mission.pk, world.campaign.pk, planned.pk],
    )


def post(client, url, **data):
    return client.post(url, data, HTTP_ACCEPT="application/json")


def test_autosave_creates_then_updates_with_versions(client, world, planned):
    client.force_login(world.consultant.user)
    url, question = save_url(world, planned), world.questions[0]
    first = post(client, url, question=question.pk, text="Première idée", version=0)
    assert first.status_code == 200 and first.json()["version"] == 1
    second = post(client, url, question=question.pk, text="Première idée, suite", version=1)
    assert second.json()["version"] == 2
    note = Note.objects.get(interview=planned, question=question)
    assert (note.text, note.version, note.updated_by) == (
        "Première idée, suite", 2, world.consultant.user,
    )  # fmt: skip
    # The same text again: nothing changes, same version.
    again = post(client, url, question=question.pk, text="Première idée, suite", version=2)
    assert again.json()["version"] == 2


def test_two_tabs_cannot_overwrite_each_other(client, world, planned):
    client.force_login(world.consultant.user)
    url, question = save_url(world, planned), world.questions[0]
    post(client, url, question=question.pk, text="Texte de départ", version=0)
    tab_a = post(client, url, question=question.pk, text="Onglet A", version=1)
    assert tab_a.status_code == 200
    # Tab B still started from version 1: refused, with the text of tab A to show.
    tab_b = post(client, url, question=question.pk, text="Onglet B", version=1)
    assert tab_b.status_code == 409
    assert tab_b.json()["conflict"] is True
    assert tab_b.json()["text"] == "Onglet A"
    assert tab_b.json()["version"] == 2
    assert Note.objects.get(interview=planned, question=question).text == "Onglet A"
    # Resolved in the browser ("keep both"), sent from the version it now knows.
    both = post(client, url, question=question.pk, text="Onglet A\n\nOnglet B", version=2)
    assert both.status_code == 200
    assert Note.objects.get(interview=planned, question=question).version == 3


def test_two_first_saves_of_the_same_note(world, planned):
    services.save_note(world.consultant, planned, None, text="Tab A", base_version=0)
    with pytest.raises(services.NoteConflict) as conflict:
        services.save_note(world.owner, planned, None, text="Tab B", base_version=0)
    assert conflict.value.note.text == "Tab A"


def test_free_note_and_crlf(client, world, planned):
    client.force_login(world.consultant.user)
    response = post(client, save_url(world, planned), question="", text="a\r\nb", version=0)
    assert response.status_code == 200
    assert Note.objects.get(interview=planned, question=None).text == "a\nb"


def test_too_long_note_is_refused_and_nothing_is_lost(client, world, planned):
    client.force_login(world.consultant.user)
    url, question = save_url(world, planned), world.questions[0]
    post(client, url, question=question.pk, text="Gardé", version=0)
    response = post(client, url, question=question.pk, text="x" * (NOTE_MAX_LENGTH + 1), version=1)
    assert response.status_code == 400
    assert "50 000" in response.json()["error"]
    note = Note.objects.get(interview=planned, question=question)
    assert (note.text, note.version) == ("Gardé", 1)


def test_question_of_another_campaign_and_unreadable_input(client, world, planned):
    client.force_login(world.consultant.user)
    url = save_url(world, planned)
    elsewhere = GuideQuestionFactory(section__campaign__mission=world.mission)
    response = post(client, url, question=elsewhere.pk, text="Ici", version=0)
    assert response.status_code == 400
    assert response.json()["error"] == "Cette question appartient à un autre guide."
    assert post(client, url, question="abc", text="Ici", version=0).status_code == 400
    assert post(client, url, question="", text="Ici", version="-1").status_code == 400
    assert client.get(url).status_code == 405
    assert not Note.objects.filter(interview=planned).exists()


def test_notes_page_lists_questions_prompts_and_saved_text(client, world, planned):
    services.save_note(
        world.consultant, planned, world.questions[1], text="<b>Trop de réunions</b>",
        base_version=0,
    )  # fmt: skip
    client.force_login(world.consultant.user)
    page = client.get(
        reverse(
            "diagnostic:interview_notes", args=[world.mission.pk, world.campaign.pk, planned.pk]
        )
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Comment décririez-vous votre travail ?" in body
    assert "Depuis quand ?" in body  # a prompt beside the field
    assert "&lt;b&gt;Trop de réunions&lt;/b&gt;" in body  # escaped
    assert "<b>Trop" not in body
    assert body.count('class="dg-note-form"') == 3  # two questions and the free notes
    assert 'name="version" value="1"' in body
    assert "Enregistrement…" in body and "Hors ligne — conservé sur cet appareil" in body


def test_save_without_javascript(client, world, planned):
    """The "Save now" button posts the form: the page comes back, nothing typed is lost."""
    client.force_login(world.consultant.user)
    url, question = save_url(world, planned), world.questions[0]
    saved = client.post(url, {"question": question.pk, "text": "Sans script", "version": 0})
    assert saved.status_code == 302
    assert saved["Location"].endswith(f"/notes/#note-{question.pk}")
    # A stale version: the page shows both texts; my text stays in the field.
    post(client, url, question=question.pk, text="Autre onglet", version=1)
    refused = client.post(url, {"question": question.pk, "text": "Mon texte", "version": 1})
    body = refused.content.decode()
    assert refused.status_code == 409
    assert "Mon texte</textarea>" in body and "Autre onglet</textarea>" in body
    assert "Cette note a été enregistrée ailleurs entre-temps" in body
    assert 'name="version" value="2"' in body  # saving again keeps my text, knowingly
    assert Note.objects.get(interview=planned, question=question).text == "Autre onglet"
    # Too long: the message, the text kept in the field.
    long_text = "y" * (NOTE_MAX_LENGTH + 1)
    refused = client.post(url, {"question": question.pk, "text": long_text, "version": 2})
    assert refused.status_code == 400
    assert long_text in refused.content.decode()
    assert "Une note est limitée à 50 000 caractères" in refused.content.decode()
