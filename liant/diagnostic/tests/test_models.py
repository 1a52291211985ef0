"""The schema's promises: evidence has exactly one target; a token cannot lead to a response."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from liant.diagnostic import models
from liant.diagnostic.models import Answer, Evidence, Response, SurveyToken, Wave

from .factories import (
    AnswerFactory,
    CodedSegmentFactory,
    EvidenceFactory,
    FindingFactory,
    InterviewCampaignFactory,
    NoteFactory,
    SurveyQuestionFactory,
    SurveyTokenFactory,
    ThemeFactory,
    WaveFactory,
)

pytestmark = pytest.mark.django_db


def _related_models(model) -> set:
    return {f.related_model for f in model._meta.get_fields() if f.is_relation}


def test_nothing_in_the_schema_links_a_token_to_a_response():
    token_side = _related_models(SurveyToken)
    response_side = _related_models(Response) | _related_models(Answer)
    assert Response not in token_side and Answer not in token_side
    assert SurveyToken not in response_side
    # A response knows its wave, unit and breakdown answers; nothing identifies a person.
    from liant.accounts.models import User
    from liant.orgs.models import Person

    assert User not in response_side and Person not in response_side
    fields = {f.name for f in Response._meta.get_fields()}
    assert not fields & {"token", "token_hash", "person", "user", "created_at", "updated_at"}
    assert not {f.name for f in Answer._meta.get_fields()} & {"created_at", "updated_at"}
    # Random primary keys: the order of rows says nothing about the order of submissions.
    assert Response._meta.pk.get_internal_type() == "UUIDField"
    assert Answer._meta.pk.get_internal_type() == "UUIDField"


def test_only_the_hash_of_a_token_is_stored():
    token = SurveyTokenFactory(raw="s3cr3t-token")
    assert token.token_hash == models.hash_token("s3cr3t-token")
    values = [str(v) for v in SurveyToken.objects.filter(pk=token.pk).values().get().values()]
    assert "s3cr3t-token" not in values


def test_evidence_targets_exactly_one_thing():
    finding = FindingFactory()
    mission = finding.axis.readout.mission
    campaign = InterviewCampaignFactory(mission=mission, workspace=mission.workspace)
    theme = ThemeFactory(campaign=campaign)
    segment = CodedSegmentFactory(
        note=NoteFactory(interview__campaign=campaign, workspace=mission.workspace)
    )
    wave = WaveFactory(survey__mission=mission, workspace=mission.workspace)
    question = SurveyQuestionFactory(survey=wave.survey)
    ws = finding.workspace
    Evidence.objects.create(workspace=ws, finding=finding, theme=theme)
    Evidence.objects.create(workspace=ws, finding=finding, segment=segment)
    Evidence.objects.create(workspace=ws, finding=finding, question=question, wave=wave)
    bad = [
        {},
        {"theme": theme, "segment": segment},
        {"theme": theme, "question": question, "wave": wave},
        {"question": question},  # a survey question needs its wave
        {"segment": segment, "wave": wave},
    ]
    for targets in bad:
        with pytest.raises(IntegrityError), transaction.atomic():
            Evidence.objects.create(workspace=ws, finding=finding, **targets)
    assert Evidence.objects.filter(finding=finding).count() == 3


def test_evidence_factory_makes_valid_theme_evidence():
    evidence = EvidenceFactory()
    assert evidence.kind == "theme"
    assert evidence.theme.campaign.mission == evidence.finding.axis.readout.mission


def test_answer_values_and_unique_answer_per_question():
    answer = AnswerFactory(value=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerFactory(response=answer.response, question=answer.question)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerFactory(value=11)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerFactory(value=-1)


def test_wave_dates_and_numbers():
    wave = WaveFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        WaveFactory(survey=wave.survey, number=1)
    import datetime

    now = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        WaveFactory(opens_at=now, closes_at=now - datetime.timedelta(hours=1))
    assert WaveFactory().secret != WaveFactory().secret
    assert Wave.Distribution.LINK == WaveFactory().distribution


def test_segment_range_and_one_note_per_question():
    note = NoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CodedSegmentFactory(note=note, start=5, end=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        NoteFactory(interview=note.interview, question=note.question)
    free = NoteFactory(interview=note.interview, question=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        NoteFactory(interview=free.interview, question=None)


def test_root_theme_names_are_unique_per_campaign():
    theme = ThemeFactory(name="Outils")
    ThemeFactory(campaign=theme.campaign, parent=theme, name="Outils")  # a child may repeat it
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemeFactory(campaign=theme.campaign, name="Outils")


def test_question_options_are_validated():
    q = SurveyQuestionFactory.build(kind="single", options=["Oui"])
    with pytest.raises(ValidationError) as error:
        q.full_clean(exclude=["workspace", "survey"])
    assert "options" in error.value.message_dict
    q = SurveyQuestionFactory.build(kind="multiple", options=["Oui", " oui "])
    with pytest.raises(ValidationError):
        q.full_clean(exclude=["workspace", "survey"])
    q = SurveyQuestionFactory.build(kind="matrix", rows=[])
    with pytest.raises(ValidationError):
        q.full_clean(exclude=["workspace", "survey"])
    q = SurveyQuestionFactory.build(kind="matrix", rows=["Charge", "Ambiance"], options=["x"])
    with pytest.raises(ValidationError):
        q.full_clean(exclude=["workspace", "survey"])
    SurveyQuestionFactory.build(kind="single", options=["Oui", "Non"]).full_clean(
        exclude=["workspace", "survey"]
    )


def test_campaign_coverage_is_a_percentage():
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewCampaignFactory(target_coverage=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewCampaignFactory(target_coverage=101)
    assert InterviewCampaignFactory().target_coverage == 50
