"""Waves and their distribution: lifecycle, personal invitations, rates by unit, reminders."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from liant.core.testing import MissionFactory, PersonFactory, UnitFactory
from liant.diagnostic import selectors_surveys
from liant.diagnostic import services_surveys as services
from liant.diagnostic.models import SurveyToken, Wave, hash_token

from .factories import SurveyFactory, SurveyQuestionFactory, WaveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(owner):
    mission = MissionFactory(organization__workspace=owner.workspace)
    survey = SurveyFactory(mission=mission)
    SurveyQuestionFactory(survey=survey)
    return survey


def people(survey, unit, n):
    return [
        PersonFactory(organization=survey.mission.organization, unit=unit, name=f"{unit} {i}")
        for i in range(n)
    ]


def test_wave_lifecycle(owner, survey):
    first = services.create_wave(owner, survey, distribution="link")
    assert (first.number, first.status) == (1, Wave.Status.DRAFT)
    assert services.wave_state(first) == "not_open"
    services.open_wave(owner, first)
    assert services.wave_state(first) == "open"
    second = services.create_wave(owner, survey, distribution="tokens")
    assert second.number == 2
    with pytest.raises(ValidationError):
        services.open_wave(owner, second)  # one open wave at a time
    with pytest.raises(ValidationError):
        services.open_wave(owner, first)  # already open
    services.close_wave(owner, first)
    assert services.wave_state(first) == "closed"
    with pytest.raises(ValidationError):
        services.close_wave(owner, first)
    services.open_wave(owner, second)
    now = timezone.now()
    second.opens_at = now + datetime.timedelta(days=1)
    assert services.wave_state(second, now) == "not_open"
    second.opens_at, second.closes_at = now - datetime.timedelta(days=2), now
    assert services.wave_state(second, now) == "closed"


def test_wave_dates_are_checked(owner, survey):
    now = timezone.now()
    with pytest.raises(ValidationError):
        services.create_wave(owner, survey, distribution="link", opens_at=now, closes_at=now)
    with pytest.raises(ValidationError):
        services.create_wave(owner, survey, distribution="carrier-pigeon")
    empty = SurveyFactory(mission=survey.mission)
    with pytest.raises(ValidationError):
        services.create_wave(owner, empty, distribution="link")  # no question yet
    assert not Wave.objects.exists()


def test_tokens_store_only_hashes_and_skip_people_already_invited(owner, survey):
    unit = UnitFactory(organization=survey.mission.organization, name="Comptabilité")
    staff = people(survey, unit, 3)
    wave = services.create_wave(owner, survey, distribution="tokens")
    invitations = services.create_tokens(owner, wave, staff[:2])
    assert len(invitations) == 2
    stored = set(SurveyToken.objects.values_list("token_hash", flat=True))
    assert stored == {hash_token(i.token) for i in invitations}
    assert not any(i.token in stored for i in invitations)
    assert {t.unit for t in SurveyToken.objects.all()} == {unit}
    assert len(services.create_tokens(owner, wave, staff)) == 1  # two were invited already
    with pytest.raises(ValidationError):
        services.create_tokens(owner, wave, staff)
    outsider = PersonFactory(organization__workspace=owner.workspace)
    with pytest.raises(ValidationError):
        services.create_tokens(owner, wave, [outsider])
    foreign = PersonFactory()
    with pytest.raises(PermissionDenied):
        services.create_tokens(owner, wave, [foreign])
    link_wave = WaveFactory(survey=survey, distribution="link", number=9)
    with pytest.raises(ValidationError):
        services.create_tokens(owner, link_wave, staff)


def test_rates_by_unit_and_reminder_list(owner, survey):
    org = survey.mission.organization
    compta, rh = (
        UnitFactory(organization=org, name="Comptabilité"),
        UnitFactory(organization=org, name="RH"),
    )
    wave = services.create_wave(owner, survey, distribution="tokens")
    services.open_wave(owner, wave)
    invitations = services.create_tokens(
        owner, wave, people(survey, compta, 3) + people(survey, rh, 2)
    )
    for invitation in invitations[:2]:  # two of the Comptabilité
        token = services.find_token(invitation.token)
        services.submit_response(wave, {}, services.Breakdown(), token=token)
    result = selectors_surveys.distribution(owner, wave)
    assert (result.answered, result.invited) == (2, 5)
    assert [(r.unit.name, r.answered, r.invited) for r in result.rates] == [
        ("Comptabilité", 2, 3),
        ("RH", 0, 2),
    ]
    assert sorted(t.person.name for t in result.waiting) == ["Comptabilité 2", "RH 0", "RH 1"]


def test_renewing_a_link_invalidates_the_old_one(owner, survey):
    wave = services.create_wave(owner, survey, distribution="tokens")
    person = people(survey, None, 1)[0]
    (first,) = services.create_tokens(owner, wave, [person])
    token = SurveyToken.objects.get()
    second = services.renew_token(owner, token)
    assert services.find_token(first.token) is None
    assert services.find_token(second.token).pk == token.pk


def test_invite_page_shows_the_links_once_and_the_csv(consultant_client, consultant):
    mission = MissionFactory(organization__workspace=consultant.workspace)
    survey = SurveyFactory(mission=mission)
    SurveyQuestionFactory(survey=survey)
    unit = UnitFactory(organization=mission.organization, name="Accueil")
    staff = people(survey, unit, 2)
    create = reverse("diagnostic:survey_wave_create", args=[mission.pk, survey.pk])
    consultant_client.post(create, {"distribution": "tokens"})
    wave = Wave.objects.get()
    args = [mission.pk, survey.pk, wave.pk]
    page = consultant_client.post(
        reverse("diagnostic:survey_wave_invite", args=args), {"units": [unit.pk]}
    )
    body = page.content.decode()
    links = re.findall(r"http://testserver/s/i/[\w-]+/", body)
    assert len(set(links)) == 2
    assert all(p.name in body for p in staff)
    detail = consultant_client.get(reverse("diagnostic:survey_wave", args=args)).content.decode()
    assert not any(link in detail for link in links)  # shown once only
    assert "0/2" in detail and "Accueil" in detail
    # Nobody chosen: a clear message, nothing created.
    consultant_client.post(reverse("diagnostic:survey_wave_invite", args=args), {})
    assert SurveyToken.objects.count() == 2


def test_survey_page_lists_waves_with_response_counts(consultant_client, consultant):
    mission = MissionFactory(organization__workspace=consultant.workspace)
    survey = SurveyFactory(mission=mission)
    wave = WaveFactory(survey=survey, number=1)
    from .factories import ResponseFactory

    for _ in range(3):
        ResponseFactory(wave=wave)
    page = consultant_client.get(reverse("diagnostic:survey_detail", args=[mission.pk, survey.pk]))
    assert "Vague 1" in page.content.decode() and "3 réponses" in page.content.decode()


def test_link_wave_page_has_a_qr_code(consultant_client, consultant):
    mission = MissionFactory(organization__workspace=consultant.workspace)
    wave = WaveFactory(survey__mission=mission, distribution="link")
    args = [mission.pk, wave.survey.pk, wave.pk]
    page = consultant_client.get(reverse("diagnostic:survey_wave", args=args)).content.decode()
    assert f"/s/{wave.secret}/" in page
    qr = consultant_client.get(reverse("diagnostic:survey_wave_qr", args=args))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_a_new_link_for_someone_who_lost_theirs(consultant_client, consultant):
    mission = MissionFactory(organization__workspace=consultant.workspace)
    wave = WaveFactory(survey__mission=mission, distribution="tokens")
    SurveyQuestionFactory(survey=wave.survey)
    (old,) = services.create_tokens(consultant, wave, people(wave.survey, None, 1))
    token = SurveyToken.objects.get()
    args = [mission.pk, wave.survey.pk, wave.pk, token.pk]
    assert (
        consultant_client.get(reverse("diagnostic:survey_token_renew", args=args)).status_code
        == 405
    )
    page = consultant_client.post(reverse("diagnostic:survey_token_renew", args=args))
    (link,) = set(re.findall(r"http://testserver/s/i/([\w-]+)/", page.content.decode()))
    assert services.find_token(link).pk == token.pk and services.find_token(old.token) is None
    services.submit_response(wave, {}, services.Breakdown(), token=services.find_token(link))
    response = consultant_client.post(reverse("diagnostic:survey_token_renew", args=args))
    assert "a déjà répondu" in consultant_client.get(response.url).content.decode()
