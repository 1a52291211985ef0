"""Coding passages of notes: validation of the offsets and themes, updates, removal and the
re-anchoring of excerpts after the notes changed."""

import json

import pytest
from django.urls import reverse

from liant.core.tenancy import Role
from liant.core.testing import make_actor
from liant.diagnostic.models import CodedSegment

from .factories import (
    CodedSegmentFactory,
    InterviewCampaignFactory,
    InterviewFactory,
    NoteFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

TEXT = "Les outils changent tous les six mois et personne n'est formé. Les réunions 🙂 durent."


@pytest.fixture
def note():
    return NoteFactory(interview__campaign=InterviewCampaignFactory(), text=TEXT)


@pytest.fixture
def campaign(note):
    return note.interview.campaign


@pytest.fixture
def themes(campaign):
    return ThemeFactory(campaign=campaign, name="Outils"), ThemeFactory(
        campaign=campaign, name="Formation"
    )


@pytest.fixture
def client_in(client, campaign):
    client.force_login(make_actor(campaign.workspace, Role.CONSULTANT).user)
    return client


def url(name, campaign, *args):
    return reverse(f"diagnostic:{name}", args=[campaign.mission_id, campaign.pk, *args])


def code(client, campaign, **data):
    return client.post(url("coding_segment_create", campaign), data)


def test_code_a_passage_with_two_themes(client_in, campaign, note, themes):
    start = TEXT.index("personne")
    end = TEXT.index(".")
    ids = [t.pk for t in themes]
    response = code(client_in, campaign, note=note.pk, start=start, end=end,
                    quote=TEXT[start:end], themes=ids, quotable="on")  # fmt: skip
    assert response.status_code == 200
    data = response.json()
    segment = CodedSegment.objects.get()
    assert segment.text == "personne n'est formé"
    assert segment.quotable and set(segment.themes.all()) == set(themes)
    assert data["note"]["segments"][0] == {
        "id": segment.pk, "start": start, "end": end, "detached": False,
        "quote": "personne n'est formé", "quotable": True,
        "themes": sorted(t.pk for t in themes),
    }  # fmt: skip


def test_offsets_are_code_points(client_in, campaign, note, themes):
    start = TEXT.index("🙂")  # after an emoji, Python and JavaScript offsets differ
    response = code(client_in, campaign, note=note.pk, start=start + 2, end=len(TEXT) - 1,
                    quote="durent", themes=[themes[0].pk])  # fmt: skip
    assert response.status_code == 200
    assert CodedSegment.objects.get().text == "durent"


def test_white_space_at_the_edges_is_trimmed(client_in, campaign, note, themes):
    start = TEXT.index(" tous")
    response = code(client_in, campaign, note=note.pk, start=start, end=start + 6,
                    themes=[themes[0].pk])  # fmt: skip
    assert response.status_code == 200
    segment = CodedSegment.objects.get()
    assert (segment.start, segment.end, segment.text) == (start + 1, start + 5, "tous")


@pytest.mark.parametrize(
    "start, end, message",
    [
        (10, 10, "Sélectionnez un passage à l’intérieur des notes de cette réponse."),
        (12, 3, "Sélectionnez un passage à l’intérieur des notes de cette réponse."),
        (0, len(TEXT) + 1, "Sélectionnez un passage à l’intérieur des notes de cette réponse."),
        (-1, 4, "Choisissez au moins un thème"),  # refused by the form
        (3, 4, "Sélectionnez des mots, pas seulement des espaces."),
    ],
)
def test_bad_offsets_are_refused(client_in, campaign, note, themes, start, end, message):
    response = code(client_in, campaign, note=note.pk, start=start, end=end, themes=[themes[0].pk])
    assert response.status_code == 400
    assert not CodedSegment.objects.exists()
    if "thème" not in message:
        assert response.json()["error"] == message


def test_changed_notes_are_refused(client_in, campaign, note, themes):
    response = code(client_in, campaign, note=note.pk, start=0, end=3, quote="Des",
                    themes=[themes[0].pk])  # fmt: skip
    assert response.status_code == 400
    assert "modifiées entre-temps" in response.json()["error"]
    assert not CodedSegment.objects.exists()


def test_themes_must_come_from_the_same_campaign(client_in, campaign, note, themes):
    other_campaign = ThemeFactory(campaign__mission=campaign.mission, name="Ailleurs")
    foreign = ThemeFactory(name="Autre cabinet")
    for theme_ids in ([other_campaign.pk], [themes[0].pk, foreign.pk], [], ["x"]):
        response = code(client_in, campaign, note=note.pk, start=0, end=3, themes=theme_ids)
        assert response.status_code == 400
        assert "thème" in response.json()["error"]
    assert not CodedSegment.objects.exists()


def test_a_note_of_another_campaign_is_refused(client_in, campaign, themes):
    elsewhere = NoteFactory(interview__campaign__mission=campaign.mission, text=TEXT)
    foreign = NoteFactory(text=TEXT)
    for note_pk in (elsewhere.pk, foreign.pk, "abc", ""):
        response = code(client_in, campaign, note=note_pk, start=0, end=3, themes=[themes[0].pk])
        assert response.status_code == 404
    assert not CodedSegment.objects.exists()


def test_update_and_remove_an_excerpt(client_in, campaign, note, themes):
    segment = CodedSegmentFactory(note=note, themes=[themes[0]])
    response = client_in.post(
        url("coding_segment_update", campaign, segment.pk),
        {"themes": [themes[1].pk], "quotable": "on"},
    )
    assert response.status_code == 200
    segment.refresh_from_db()
    assert list(segment.themes.all()) == [themes[1]] and segment.quotable
    response = client_in.post(url("coding_segment_update", campaign, segment.pk), {"themes": []})
    assert response.status_code == 400
    assert list(segment.themes.all()) == [themes[1]]
    response = client_in.post(url("coding_segment_delete", campaign, segment.pk))
    assert response.status_code == 200 and response.json()["note"]["segments"] == []
    assert not CodedSegment.objects.exists()


def test_get_on_write_urls_is_refused(client_in, campaign, note, themes):
    segment = CodedSegmentFactory(note=note, themes=[themes[0]])
    for name, args in (("coding_segment_create", []), ("coding_segment_delete", [segment.pk])):
        assert client_in.get(url(name, campaign, *args)).status_code == 405
    assert CodedSegment.objects.count() == 1


def test_excerpts_are_reanchored_or_detached_when_the_notes_change(
    client_in, campaign, note, themes
):
    start = TEXT.index("personne")
    moved = CodedSegmentFactory(note=note, start=start, end=start + 8, themes=[themes[0]])
    gone = CodedSegmentFactory(note=note, start=0, end=10, themes=[themes[1]])
    note.text = "Ajout en tête. " + TEXT.replace("Les outils", "Le logiciel")
    note.save()
    interview_url = url("coding_interview", campaign, note.interview_id)
    response = client_in.get(interview_url)
    assert response.status_code == 200
    notes = json.loads(
        response.content.decode()
        .split('id="cd-notes-data" type="application/json">')[1]
        .split("</script>")[0]
    )
    segments = {s["id"]: s for s in notes[0]["segments"]}
    assert segments[moved.pk]["start"] == start + 16 and not segments[moved.pk]["detached"]
    assert segments[gone.pk]["detached"] and segments[gone.pk]["quote"] == "Les outils"
    # The theme view keeps the detached quote, marked as such.
    body = client_in.get(url("coding_theme", campaign, themes[1].pk)).content.decode()
    assert "Les outils" in body and "détaché des notes" in body


def test_coding_page_lists_the_notes_in_guide_order(client_in, campaign, themes):
    interview = InterviewFactory(campaign=campaign, label="Entretien A")
    second = NoteFactory(interview=interview, text="Deuxième <b>réponse</b>",
                         question__section__position=2)  # fmt: skip
    first = NoteFactory(interview=interview, text="Première réponse", question__section__position=1)
    free = NoteFactory(interview=interview, question=None, text="Notes libres ici")
    body = client_in.get(url("coding_interview", campaign, interview.pk)).content.decode()
    assert body.index(first.question.text) < body.index(second.question.text)
    assert body.index(second.question.text) < body.index("Notes libres ici")
    assert "<b>réponse</b>" not in body and "&lt;b&gt;réponse&lt;/b&gt;" in body
    assert free.pk


def test_excerpts_of_an_emptied_note_stay_visible(client_in, campaign, note, themes):
    CodedSegmentFactory(note=note, start=0, end=10, themes=[themes[0]])
    empty = NoteFactory(interview=note.interview, text="")
    note.text = ""
    note.save()
    body = client_in.get(url("coding_interview", campaign, note.interview_id)).content.decode()
    assert f'id="note-{note.pk}"' in body and f'id="note-{empty.pk}"' not in body
    assert '"detached": true' in body and '"quote": "Les outils"' in body
