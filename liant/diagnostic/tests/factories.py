"""Factories for every diagnostic model. Each one follows its parent's workspace, so
``ThemeFactory(campaign=c)`` or ``AnswerFactory(response=r, question=q)`` stay in one workspace."""

import datetime

import factory
from django.utils import timezone

from liant.core.testing import MissionFactory, PersonFactory, UnitFactory, UserFactory
from liant.diagnostic import models


class InterviewCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InterviewCampaign

    mission = factory.SubFactory(MissionFactory)
    workspace = factory.SelfAttribute("mission.workspace")
    title = factory.Sequence(lambda n: f"Campagne d'entretiens {n}")


class GuideSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GuideSection

    campaign = factory.SubFactory(InterviewCampaignFactory)
    workspace = factory.SelfAttribute("campaign.workspace")
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(lambda n: n)


class GuideQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GuideQuestion

    section = factory.SubFactory(GuideSectionFactory)
    workspace = factory.SelfAttribute("section.workspace")
    text = factory.Sequence(lambda n: f"Comment décririez-vous votre travail ({n}) ?")
    prompts = "Un exemple ?\nDepuis quand ?"
    position = factory.Sequence(lambda n: n)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Interview
        skip_postgeneration_save = True

    campaign = factory.SubFactory(InterviewCampaignFactory)
    workspace = factory.SelfAttribute("campaign.workspace")
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))
    place = "Salle 2"

    @factory.post_generation
    def people(obj, create, extracted, **kwargs):
        """``InterviewFactory(people=[p1, p2])`` adds them to the interview."""
        if create and extracted:
            obj.people.add(*extracted)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Note

    interview = factory.SubFactory(InterviewFactory)
    workspace = factory.SelfAttribute("interview.workspace")
    question = factory.SubFactory(
        GuideQuestionFactory,
        section__campaign=factory.SelfAttribute("...interview.campaign"),
    )
    text = "Les outils changent tous les six mois et personne n'est formé."


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme

    campaign = factory.SubFactory(InterviewCampaignFactory)
    workspace = factory.SelfAttribute("campaign.workspace")
    name = factory.Sequence(lambda n: f"Thème {n}")
    colour = "#2f6f8f"


class CodedSegmentFactory(factory.django.DjangoModelFactory):
    """A segment of the note's first 20 characters; ``themes=[t]`` tags it."""

    class Meta:
        model = models.CodedSegment
        skip_postgeneration_save = True

    note = factory.SubFactory(NoteFactory)
    workspace = factory.SelfAttribute("note.workspace")
    start = 0
    end = factory.LazyAttribute(lambda o: min(20, len(o.note.text)) or 1)
    text = factory.LazyAttribute(lambda o: o.note.text[o.start : o.end])

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.add(*extracted)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Survey

    mission = factory.SubFactory(MissionFactory)
    workspace = factory.SelfAttribute("mission.workspace")
    title = factory.Sequence(lambda n: f"Baromètre social {n}")


class SurveySectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SurveySection

    survey = factory.SubFactory(SurveyFactory)
    workspace = factory.SelfAttribute("survey.workspace")
    title = factory.Sequence(lambda n: f"Partie {n}")
    position = factory.Sequence(lambda n: n)


class SurveyQuestionFactory(factory.django.DjangoModelFactory):
    """A Likert question by default; pass ``kind`` and ``options``/``rows`` for the others."""

    class Meta:
        model = models.SurveyQuestion

    survey = factory.SubFactory(SurveyFactory)
    workspace = factory.SelfAttribute("survey.workspace")
    kind = models.SurveyQuestion.Kind.LIKERT
    text = factory.Sequence(lambda n: f"Je me sens reconnu·e dans mon travail ({n}).")
    position = factory.Sequence(lambda n: n)


class WaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Wave

    survey = factory.SubFactory(SurveyFactory)
    workspace = factory.SelfAttribute("survey.workspace")
    number = factory.Sequence(lambda n: n + 1)
    status = models.Wave.Status.OPEN


class SurveyTokenFactory(factory.django.DjangoModelFactory):
    """Pass ``raw="..."`` to know the token: only its hash is stored."""

    class Meta:
        model = models.SurveyToken
        exclude = ["raw"]

    wave = factory.SubFactory(WaveFactory)
    workspace = factory.SelfAttribute("wave.workspace")
    person = factory.SubFactory(
        PersonFactory,
        workspace=factory.SelfAttribute("..workspace"),
        organization=factory.SelfAttribute("..wave.survey.mission.organization"),
    )
    unit = factory.SelfAttribute("person.unit")
    raw = factory.Sequence(lambda n: f"token-{n}")
    token_hash = factory.LazyAttribute(lambda o: models.hash_token(o.raw))


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Response

    wave = factory.SubFactory(WaveFactory)
    workspace = factory.SelfAttribute("wave.workspace")
    submitted_on = factory.LazyFunction(timezone.localdate)


class AnswerFactory(factory.django.DjangoModelFactory):
    """A Likert answer of 4 by default."""

    class Meta:
        model = models.Answer

    response = factory.SubFactory(ResponseFactory)
    workspace = factory.SelfAttribute("response.workspace")
    question = factory.SubFactory(
        SurveyQuestionFactory, survey=factory.SelfAttribute("..response.wave.survey")
    )
    value = 4


class ReadoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Readout

    mission = factory.SubFactory(MissionFactory)
    workspace = factory.SelfAttribute("mission.workspace")
    title = "Restitution du diagnostic"


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Axis

    readout = factory.SubFactory(ReadoutFactory)
    workspace = factory.SelfAttribute("readout.workspace")
    title = factory.Sequence(lambda n: f"Axe {n}")
    kind = models.Axis.Kind.OPERATIONAL
    position = factory.Sequence(lambda n: n)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Finding

    axis = factory.SubFactory(AxisFactory)
    workspace = factory.SelfAttribute("axis.workspace")
    text = factory.Sequence(lambda n: f"Constat {n}")
    position = factory.Sequence(lambda n: n)


class EvidenceFactory(factory.django.DjangoModelFactory):
    """Evidence by a theme of a campaign of the same mission; pass ``segment=…, theme=None``
    or ``question=…, wave=…, theme=None`` for the other kinds."""

    class Meta:
        model = models.Evidence

    finding = factory.SubFactory(FindingFactory)
    workspace = factory.SelfAttribute("finding.workspace")
    theme = factory.SubFactory(
        ThemeFactory,
        campaign=factory.SubFactory(
            InterviewCampaignFactory,
            mission=factory.SelfAttribute("...finding.axis.readout.mission"),
        ),
    )


__all__ = [
    "AnswerFactory",
    "AxisFactory",
    "CodedSegmentFactory",
    "EvidenceFactory",
    "FindingFactory",
    "GuideQuestionFactory",
    "GuideSectionFactory",
    "InterviewCampaignFactory",
    "InterviewFactory",
    "NoteFactory",
    "PersonFactory",
    "ReadoutFactory",
    "ResponseFactory",
    "SurveyFactory",
    "SurveyQuestionFactory",
    "SurveySectionFactory",
    "SurveyTokenFactory",
    "ThemeFactory",
    "UnitFactory",
    "UserFactory",
    "WaveFactory",
]
