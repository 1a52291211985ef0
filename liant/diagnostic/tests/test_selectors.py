"""Scoping helpers: workspace, mission and role."""

import pytest
from django.http import Http404
from django.utils import timezone

from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, make_actor
from liant.diagnostic import selectors

from .factories import InterviewCampaignFactory, ReadoutFactory, SurveyFactory, WaveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    mission = MissionFactory()
    ws = mission.workspace
    return {
        "mission": mission,
        "other_mission": MissionFactory(workspace=ws, organization=mission.organization),
        "owner": make_actor(ws, Role.OWNER),
        "consultant": make_actor(ws, Role.CONSULTANT),
        "sponsor": make_actor(ws, Role.SPONSOR, organization=mission.organization),
        "stranger": make_actor(None, Role.OWNER),
    }


def test_campaign_and_survey_scope(setting):
    mission = setting["mission"]
    campaign = InterviewCampaignFactory(mission=mission)
    survey = SurveyFactory(mission=mission)
    wave = WaveFactory(survey=survey)
    for role in ("owner", "consultant"):
        actor = setting[role]
        assert selectors.get_campaign(actor, mission, campaign.pk) == campaign
        assert selectors.get_survey(actor, mission, survey.pk) == survey
        assert selectors.get_wave(actor, survey, wave.pk) == wave
        with pytest.raises(Http404):  # right workspace, wrong mission
            selectors.get_campaign(actor, setting["other_mission"], campaign.pk)
        with pytest.raises(Http404):
            selectors.get_survey(actor, setting["other_mission"], survey.pk)
    # Notes are confidential and surveys are staff work: sponsors and strangers get 404.
    for role in ("sponsor", "stranger"):
        actor = setting[role]
        with pytest.raises(Http404):
            selectors.get_campaign(actor, mission, campaign.pk)
        with pytest.raises(Http404):
            selectors.get_survey(actor, mission, survey.pk)
        with pytest.raises(Http404):
            selectors.get_wave(actor, survey, wave.pk)
    with pytest.raises(Http404):
        selectors.get_diagnostic_mission(setting["stranger"], mission.pk)


def test_sponsor_sees_only_a_published_readout(setting):
    mission = setting["mission"]
    readout = ReadoutFactory(mission=mission)
    assert selectors.get_readout(setting["consultant"], mission) == readout
    with pytest.raises(Http404):
        selectors.get_readout(setting["sponsor"], mission)
    with pytest.raises(Http404):
        selectors.get_readout(setting["stranger"], mission)
    readout.status, readout.published_at = "published", timezone.now()
    readout.save()
    assert selectors.get_readout(setting["sponsor"], mission) == readout
    assert selectors.readout_for(setting["stranger"], mission) is None


def test_sponsor_of_another_organisation_does_not_see_the_mission(setting):
    other_sponsor = make_actor(
        setting["mission"].workspace,
        Role.SPONSOR,
        organization=MissionFactory(workspace=setting["mission"].workspace).organization,
    )
    with pytest.raises(Http404):
        selectors.get_diagnostic_mission(other_sponsor, setting["mission"].pk)
