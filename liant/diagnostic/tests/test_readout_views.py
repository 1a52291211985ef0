"""The readout pages: building, bad input, publication, the sponsor's view, presentation."""

import pytest
from django.urls import reverse

from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, make_actor
from liant.diagnostic import services_readout as svc
from liant.diagnostic.models import Axis, Evidence, Finding, Readout

from .factories import (
    AnswerFactory,
    CodedSegmentFactory,
    InterviewCampaignFactory,
    InterviewFactory,
    NoteFactory,
    ResponseFactory,
    SurveyQuestionFactory,
    ThemeFactory,
    WaveFactory,
)

pytestmark = pytest.mark.django_db

QUOTABLE = "On découvre les nouveaux outils le jour même."
SECRET = "La cheffe d'équipe crie sur les nouveaux arrivants."


@pytest.fixture
def mission():
    return MissionFactory(title="Mission Lorient")


@pytest.fixture
def consultant(mission):
    return make_actor(mission.workspace, Role.CONSULTANT)


@pytest.fixture
def sponsor(mission):
    return make_actor(mission.workspace, Role.SPONSOR, organization=mission.organization)


def url(name, mission, *args):
    return reverse(f"diagnostic:{name}", args=[mission.pk, *args])


@pytest.fixture
def built(consultant, mission):
    """A readout with one finding supported by a quotable and a non-quotable excerpt of an
    interview of a named person, a theme (with a comment) and a survey question (6 answers)."""
    readout = svc.ensure_readout(consultant, mission)
    axis = readout.axes.get(kind="tools")
    finding = svc.add_finding(
        consultant, axis, kind="finding", text="Outils imposés sans formation"
    )
    campaign = InterviewCampaignFactory(mission=mission)
    theme = ThemeFactory(campaign=campaign, name="Outils numériques")
    person = PersonFactory(organization=mission.organization, name="Josiane Marchal")
    interview = InterviewFactory(campaign=campaign, people=[person], label="Entretien Josiane")
    note = NoteFactory(interview=interview, text=f"{QUOTABLE} {SECRET}")
    quotable = CodedSegmentFactory(
        note=note, start=0, end=len(QUOTABLE), text=QUOTABLE, quotable=True, themes=[theme]
    )
    secret = CodedSegmentFactory(
        note=note, start=len(QUOTABLE) + 1, end=len(note.text), text=SECRET, themes=[theme]
    )
    wave = WaveFactory(survey__mission=mission)
    question = SurveyQuestionFactory(survey=wave.survey, text="Mes outils me conviennent.")
    for value in (2, 2, 3, 3, 4, 1):
        AnswerFactory(response=ResponseFactory(wave=wave), question=question, value=value)
    svc.add_evidence(consultant, finding, segment=quotable)
    svc.add_evidence(consultant, finding, segment=secret)
    svc.add_evidence(consultant, finding, theme=theme, comment="Note interne Josiane")
    svc.add_evidence(consultant, finding, question=question, wave=wave)
    return {"readout": readout, "axis": axis, "finding": finding, "theme": theme}


def test_first_open_builds_the_default_readout(client, consultant, mission):
    client.force_login(consultant.user)
    body = client.get(url("readout", mission)).content.decode()
    assert Readout.objects.filter(mission=mission).count() == 1
    for title in ("Opérationnel", "Outils", "Organisation du travail", "Ressources humaines"):
        assert title in body
    assert "Publier auprès des commanditaires" in body
    home = client.get(url("home", mission)).content.decode()
    assert "4 axes prioritaires" in home


def test_staff_page_shows_every_piece_of_evidence(client, consultant, mission, built):
    client.force_login(consultant.user)
    body = client.get(url("readout", mission)).content.decode()
    assert "4 éléments de preuve" in body
    assert QUOTABLE in body and SECRET.replace("'", "&#x27;") in body
    assert "Note interne Josiane" in body and "Entretien Josiane" in body
    assert "2 extraits" in body and "1 entretien" in body  # theme counts
    assert "6 réponses" in body and "moyenne 2,5 / 5" in body


def test_sponsor_sees_nothing_before_publication_then_an_anonymous_readout(
    client, consultant, sponsor, mission, built
):
    client.force_login(sponsor.user)
    assert client.get(url("readout", mission)).status_code == 404
    assert client.get(url("readout_present", mission)).status_code == 404
    assert "Restitution du diagnostic" not in client.get(url("home", mission)).content.decode()
    svc.publish_readout(consultant, built["readout"])
    for name in ("readout", "readout_present"):
        response = client.get(url(name, mission))
        assert response.status_code == 200
        body = response.content.decode()
        assert QUOTABLE in body
        assert "crie" not in body  # the non-quotable excerpt: counted, never shown
        assert "Josiane" not in body and "Marchal" not in body  # no name, label or comment
        assert "Outils imposés sans formation" in body
        assert "Publier" not in body and "Supprimer" not in body
    body = client.get(url("readout", mission)).content.decode()
    assert "1 extrait d’entretien (non cité)" in body
    assert "Outils numériques" in body and "6 réponses" in body


def test_sponsor_cannot_write(client, sponsor, consultant, mission, built):
    svc.publish_readout(consultant, built["readout"])
    client.force_login(sponsor.user)
    finding, axis = built["finding"], built["axis"]
    attempts = [
        (url("readout_unpublish", mission), {}),
        (url("readout_edit", mission), {"title": "Piraté"}),
        (url("readout_axis_add", mission), {"title": "Piraté", "kind": "other"}),
        (url("readout_axis_delete", mission, axis.pk), {}),
        (url("readout_finding_add", mission, axis.pk), {"kind": "finding", "text": "Piraté"}),
        (url("readout_finding_delete", mission, finding.pk), {}),
        (url("readout_evidence_add", mission, finding.pk), {"theme": built["theme"].pk}),
    ]
    for target, data in attempts:
        assert client.post(target, data).status_code == 403
    built["readout"].refresh_from_db()
    assert built["readout"].is_published and Axis.objects.count() == 4
    assert Finding.objects.count() == 1 and Evidence.objects.count() == 4


def test_publish_and_unpublish_from_the_page(client, consultant, mission, built):
    client.force_login(consultant.user)
    response = client.post(url("readout_publish", mission), follow=True)
    assert "Restitution publiée" in response.content.decode()
    assert Readout.objects.get().is_published
    assert client.get(url("readout_publish", mission)).status_code == 405
    client.post(url("readout_unpublish", mission))
    assert not Readout.objects.get().is_published


def test_publishing_an_empty_readout_is_refused_with_a_message(client, consultant, mission):
    client.force_login(consultant.user)
    client.get(url("readout", mission))
    response = client.post(url("readout_publish", mission), follow=True)
    assert "Écrivez au moins un constat avant de publier" in response.content.decode()
    assert not Readout.objects.get().is_published


def test_axis_and_finding_forms(client, consultant, mission):
    client.force_login(consultant.user)
    client.get(url("readout", mission))
    response = client.post(
        url("readout_axis_add", mission), {"title": "Management", "kind": "other"}
    )
    axis = Axis.objects.get(title="Management")
    assert response.status_code == 302 and response["Location"].endswith(f"#axis-{axis.pk}")
    client.post(url("readout_axis_move", mission, axis.pk), {"direction": "up"})
    assert list(Axis.objects.values_list("title", flat=True))[3] == "Management"
    page = client.get(url("readout_finding_add", mission, axis.pk) + "?kind=condition")
    assert 'value="condition" selected' in page.content.decode()
    client.post(
        url("readout_finding_add", mission, axis.pk), {"kind": "condition", "text": "Du temps"}
    )
    finding = Finding.objects.get()
    assert (finding.kind, finding.text, finding.axis) == ("condition", "Du temps", axis)
    client.post(
        url("readout_finding_edit", mission, finding.pk), {"kind": "strength", "text": "Temps"}
    )
    finding.refresh_from_db()
    assert (finding.kind, finding.text) == ("strength", "Temps")
    client.post(url("readout_finding_delete", mission, finding.pk))
    client.post(url("readout_axis_delete", mission, axis.pk))
    assert not Finding.objects.exists() and Axis.objects.count() == 4


def test_bad_input_gets_a_clear_message_and_stores_nothing(client, consultant, mission, built):
    client.force_login(consultant.user)
    axis, finding = built["axis"], built["finding"]
    response = client.post(url("readout_axis_add", mission), {"title": "", "kind": "other"})
    assert "Veuillez donner un titre à l’axe." in response.content.decode()
    response = client.post(url("readout_axis_add", mission), {"title": "X", "kind": "meteo"})
    assert response.status_code == 200 and Axis.objects.count() == 4
    response = client.post(url("readout_finding_add", mission, axis.pk), {"kind": "finding"})
    assert "Veuillez écrire le texte." in response.content.decode()
    response = client.post(url("readout_edit", mission), {"title": ""})
    assert "Veuillez donner un titre à la restitution." in response.content.decode()
    response = client.post(
        url("readout_axis_move", mission, axis.pk), {"direction": "sideways"}, follow=True
    )
    assert "Choisissez de monter ou de descendre l’axe." in response.content.decode()
    assert Finding.objects.count() == 1
    # Evidence: nothing chosen, two things, another mission's theme, a number that is no id.
    other = ThemeFactory(campaign__mission=MissionFactory(organization=mission.organization))
    evidence_url = url("readout_evidence_add", mission, finding.pk)
    segment = Evidence.objects.exclude(segment=None).first().segment
    for data, message in [
        ({}, "Choisissez exactement un élément de preuve"),
        ({"theme": built["theme"].pk, "segment": segment.pk}, "Choisissez exactement un"),
        ({"theme": other.pk}, "Cet élément de preuve n’est pas disponible dans cette mission."),
        ({"theme": "abc"}, "pas disponible dans cette mission"),
    ]:
        response = client.post(evidence_url, data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert Evidence.objects.count() == 4


def test_evidence_picker_lists_excerpts_by_theme_with_search(client, consultant, mission, built):
    client.force_login(consultant.user)
    picker = url("readout_evidence_add", mission, built["finding"].pk)
    body = client.get(picker).content.decode()
    assert QUOTABLE in body and "Outils numériques" in body
    assert "Mes outils me conviennent." in body and "6 réponses" in body
    body = client.get(picker, {"q": "découvre"}).content.decode()
    assert QUOTABLE in body and "crie sur" not in body
    body = client.get(picker, {"q": "introuvable"}).content.decode()
    assert "Aucun extrait codé ne correspond à cette recherche." in body
    other_theme = ThemeFactory(campaign=built["theme"].campaign, name="Management")
    body = client.get(picker, {"theme": other_theme.pk}).content.decode()
    assert QUOTABLE not in body
    # Adding a whole theme from the picker, with a comment.
    response = client.post(picker, {"theme": other_theme.pk, "comment": "À creuser"})
    assert response.status_code == 302
    assert Evidence.objects.filter(theme=other_theme, comment="À creuser").exists()


def test_presentation_has_title_axis_and_summary_slides(client, consultant, mission, built):
    client.force_login(consultant.user)
    body = client.get(url("readout_present", mission)).content.decode()
    assert body.count('class="pr-slide') == 6  # title + 4 axes + summary
    assert 'id="slide-1"' in body and 'id="slide-6"' in body and "1 / 6" in body
    assert "dg-present.js" in body and "<script>" not in body and "style=" not in body
    assert QUOTABLE in body and "crie" not in body and "Josiane" not in body
    assert "2,5" in body  # the question's mean, as a key figure of the axis


def test_pages_in_english(client, consultant, mission, built):
    client.cookies["django_language"] = "en"
    client.force_login(consultant.user)
    body = client.get(url("readout", mission)).content.decode()
    assert "Publish to the sponsors" in body and "4 pieces of evidence" in body
    body = client.get(url("readout_present", mission)).content.decode()
    assert "Our priority axes" in body
