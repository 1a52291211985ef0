"""The diagnostic page of a mission, empty and filled, for staff and sponsors."""

import pytest
from django.urls import reverse
from django.utils import timezone

from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, make_actor
from liant.diagnostic.models import Interview

from .factories import (
    AnswerFactory,
    AxisFactory,
    CodedSegmentFactory,
    InterviewCampaignFactory,
    InterviewFactory,
    NoteFactory,
    ReadoutFactory,
    SurveyQuestionFactory,
    ThemeFactory,
    WaveFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission():
    return MissionFactory(title="Mission Lorient")


def _get(client, actor, mission):
    client.force_login(actor.user)
    return client.get(reverse("diagnostic:home", args=[mission.pk]))


def test_mission_page_links_to_the_diagnostic(client, mission):
    owner = make_actor(mission.workspace, Role.OWNER)
    client.force_login(owner.user)
    page = client.get(reverse("missions:detail", args=[mission.pk]))
    assert reverse("diagnostic:home", args=[mission.pk]) in page.content.decode()


def test_empty_diagnostic_page_in_french(client, mission):
    response = _get(client, make_actor(mission.workspace, Role.CONSULTANT), mission)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Campagnes d’entretiens" in body or "Campagnes d'entretiens" in body
    assert "Aucune campagne d’entretiens pour l’instant." in body
    assert "Aucun questionnaire pour l’instant." in body
    assert "Pas encore de restitution." in body


def test_empty_diagnostic_page_in_english(client, mission):
    client.cookies["django_language"] = "en"
    response = _get(client, make_actor(mission.workspace, Role.OWNER), mission)
    body = response.content.decode()
    assert "No interview campaign yet." in body
    assert "No survey yet." in body


def test_filled_diagnostic_page(client, mission, django_assert_max_num_queries):
    campaign = InterviewCampaignFactory(mission=mission, title="Entretiens de printemps")
    done = InterviewFactory(campaign=campaign, status=Interview.Status.DONE)
    InterviewFactory(campaign=campaign)
    theme = ThemeFactory(campaign=campaign)
    CodedSegmentFactory(note=NoteFactory(interview=done), themes=[theme])
    wave = WaveFactory(survey__mission=mission, survey__title="Baromètre 2026")
    question = SurveyQuestionFactory(survey=wave.survey)
    AnswerFactory(response__wave=wave, question=question)
    AxisFactory(readout=ReadoutFactory(mission=mission, title="Restitution de mai"))
    actor = make_actor(mission.workspace, Role.OWNER)
    client.force_login(actor.user)
    url = reverse("diagnostic:home", args=[mission.pk])
    with django_assert_max_num_queries(15):
        body = client.get(url).content.decode()
    assert "Entretiens de printemps" in body
    assert "1 / 2" in body  # interviews done / planned
    assert "1 thème" in body and "1 extrait codé" in body
    assert "Baromètre 2026" in body and "1 réponse" in body
    assert "Restitution de mai" in body and "1 axe prioritaire" in body


def test_sponsor_sees_only_the_published_readout(client, mission):
    InterviewCampaignFactory(mission=mission, title="Entretiens confidentiels")
    WaveFactory(survey__mission=mission, survey__title="Questionnaire interne")
    readout = ReadoutFactory(mission=mission, title="Restitution de mai")
    sponsor = make_actor(mission.workspace, Role.SPONSOR, organization=mission.organization)
    body = _get(client, sponsor, mission).content.decode()
    assert "Entretiens confidentiels" not in body
    assert "Questionnaire interne" not in body
    assert "Restitution de mai" not in body
    assert "pas encore été publiée" in body
    readout.status, readout.published_at = "published", timezone.now()
    readout.save()
    body = _get(client, sponsor, mission).content.decode()
    assert "Restitution de mai" in body


def test_other_workspace_gets_404(client, mission):
    stranger = make_actor(None, Role.OWNER)
    assert _get(client, stranger, mission).status_code == 404
