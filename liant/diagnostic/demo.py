"""The demo's diagnostic: an interview campaign (guide, interviews held, notes coded with a
small codebook), a workplace-climate survey answered by 24 agents, and a readout whose four
axes cite both. Built through the services, as a consultant would, so every figure, threshold
and audit entry is the product's own."""

from __future__ import annotations

import datetime
import random

from django.http import QueryDict
from django.utils import timezone

from liant.core.tenancy import Actor
from liant.missions.models import Mission
from liant.orgs.models import Person

from . import services_coding, services_interviews, services_readout, services_surveys
from .models import Interview, SurveyQuestion, Wave

TEMPLATE = "organisation-coaching"
SEED = 2026  # the same demo every time

GUIDE = [
    (
        "Votre travail au quotidien",
        [
            "Qu’est-ce qui vous aide à bien faire votre travail ?",
            "Qu’est-ce qui vous en empêche ?",
        ],
    ),
    (
        "Les relations avec les autres services",
        [
            "Avec quels services travaillez-vous le plus, et comment ?",
            "Que faudrait-il changer en priorité ?",
        ],
    ),
]

# Theme → colour → what interviewees said about it.
THEMES = [
    (
        "Circulation de l’information",
        "#1f6f78",
        [
            "Les décisions arrivent tard et sans explication ; on les découvre souvent par hasard.",
            "Il n’y a pas de compte rendu des réunions de direction, chacun interprète.",
            "Les consignes changent d’un service à l’autre pour le même dossier.",
        ],
    ),
    (
        "Charge de travail les jours de séance",
        "#c0392b",
        [
            "Les jours de séance, tout devient urgent et les demandes arrivent le soir.",
            "On refait plusieurs fois les mêmes tableaux pour des destinataires différents.",
            "La charge n’est pas répartie : toujours les mêmes restent tard.",
        ],
    ),
    (
        "Coopération entre services",
        "#d68910",
        [
            "Le juridique est vu comme un contrôle, pas comme un appui.",
            "On ne connaît pas les contraintes des autres services, on suppose.",
            "Les désaccords remontent à la hiérarchie par courriel au lieu d’être parlés.",
        ],
    ),
    (
        "Outils numériques",
        "#7d3c98",
        [
            "Trois outils de partage de documents coexistent, personne ne sait lequel fait foi.",
            "Le parapheur électronique est lent et bloque les circuits de validation.",
        ],
    ),
    (
        "Reconnaissance et sens",
        "#239b56",
        [
            "On est fiers du service rendu aux élus, mais ce n’est jamais dit.",
            "Les anciens forment les nouveaux sans que ce soit reconnu.",
        ],
    ),
]

INTERVIEWS_DONE = 18
INTERVIEWS_PLANNED = 4
RESPONSES = 24


def load(actor: Actor, mission: Mission, today: datetime.date) -> None:
    """The diagnostic of the demo's organisation-coaching mission (other missions: none)."""
    if mission.template is None or mission.template.key != TEMPLATE:
        return
    rng = random.Random(SEED)
    themes = _interviews(actor, mission, today, rng)
    wave = _survey(actor, mission, today, rng)
    _readout(actor, mission, themes, wave)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _interviews(actor: Actor, mission: Mission, today, rng: random.Random) -> dict:
    people = list(Person.objects.filter(organization=mission.organization).order_by("pk"))
    campaign = services_interviews.create_campaign(
        actor,
        mission,
        title="Entretiens de diagnostic",
        description="Entretiens individuels d’une heure avec au moins la moitié des agents.",
        target_units=list(mission.units_in_scope.all()),
        target_coverage=50,
        status="running",
    )
    questions = []
    for title, texts in GUIDE:
        section = services_interviews.add_section(actor, campaign, title=title)
        questions += [services_interviews.add_question(actor, section, text=t) for t in texts]
    themes = {
        name: services_coding.create_theme(actor, campaign, name=name, colour=colour)
        for name, colour, _said in THEMES
    }
    said = [(name, text) for name, _colour, texts in THEMES for text in texts]
    for index, person in enumerate(people[: INTERVIEWS_DONE + INTERVIEWS_PLANNED]):
        done = index < INTERVIEWS_DONE
        day = today + datetime.timedelta(days=(index - INTERVIEWS_DONE) * 2 + (0 if done else 3))
        interview = services_interviews.create_interview(
            actor,
            campaign,
            kind=Interview.Kind.INDIVIDUAL,
            people=[person],
            scheduled_at=_at(day, 10 + index % 6),
            place="Bureau du cabinet, 1er étage",
            interviewer=actor.user,
            status=Interview.Status.DONE if done else Interview.Status.PLANNED,
        )
        if not done:
            continue
        for question in rng.sample(questions, 2):
            theme_name, text = rng.choice(said)
            note = services_interviews.save_note(
                actor, interview, question, text=text, base_version=0
            )
            services_coding.code_segment(
                actor,
                note,
                start=0,
                end=len(text),
                themes=[themes[theme_name]],
                quotable=rng.random() < 0.5,
                quote=text,
            )
    return themes


def _survey(actor: Actor, mission: Mission, today, rng: random.Random) -> Wave:
    survey = services_surveys.create_survey_from_template(
        actor, mission, "workplace-climate", language="fr"
    )
    wave = services_surveys.create_wave(actor, survey, distribution=Wave.Distribution.LINK)
    services_surveys.open_wave(actor, wave)
    questions = list(survey.questions.all())
    units = list(mission.units_in_scope.all()) or list(mission.organization.units.all())
    for _respondent in range(RESPONSES):
        data = QueryDict(mutable=True)
        for question in questions:
            _answer(data, question, rng)
        if units:
            data["unit"] = str(rng.choice(units[:3]).pk)  # three units are 5 or more
        answers, errors = services_surveys.read_answers(questions, data)
        breakdown, more = services_surveys.read_breakdown(survey, units, data)
        if errors or more:  # the demo's own answers: a change of template would show here
            raise ValueError(f"demo survey answers refused: {errors} {more}")
        services_surveys.submit_response(wave, answers, breakdown)
    services_surveys.close_wave(actor, wave)
    return wave


def _answer(data: QueryDict, question: SurveyQuestion, rng: random.Random) -> None:
    """A plausible answer: agreement a little below the middle, as diagnostics often find."""
    name = f"q{question.pk}"
    kind = question.kind
    if kind == SurveyQuestion.Kind.LIKERT:
        data[name] = str(rng.choices(range(1, 6), weights=[2, 4, 4, 3, 1])[0])
    elif kind == SurveyQuestion.Kind.SCALE:
        data[name] = str(rng.choices(range(11), weights=[1, 1, 2, 3, 4, 5, 5, 4, 3, 1, 1])[0])
    elif kind == SurveyQuestion.Kind.SINGLE:
        data[name] = str(rng.randrange(len(question.options)))
    elif kind == SurveyQuestion.Kind.MULTIPLE:
        data.setlist(name, [str(i) for i in range(len(question.options)) if rng.random() < 0.4])
    elif kind == SurveyQuestion.Kind.MATRIX:
        for row in range(len(question.rows)):
            data[f"{name}_r{row}"] = str(rng.randint(1, 5))
    elif rng.random() < 0.3:  # free text: a few people write something
        data[name] = rng.choice(
            [
                "Plus de temps pour se parler entre services.",
                "Des réunions plus courtes et préparées.",
                "Que l’on dise merci de temps en temps.",
            ]
        )


def _readout(actor: Actor, mission: Mission, themes: dict, wave: Wave) -> None:
    readout = services_readout.ensure_readout(actor, mission)
    services_readout.update_readout(
        actor,
        readout,
        title="Restitution du diagnostic partagé",
        introduction="Dix-huit entretiens et vingt-quatre réponses au questionnaire de climat "
        "font ressortir quatre axes prioritaires, présentés ici avec leurs éléments de preuve.",
    )
    likert = list(wave.survey.questions.filter(kind=SurveyQuestion.Kind.LIKERT))
    findings = [
        ("Circulation de l’information", "Les décisions ne sont ni expliquées ni relayées."),
        ("Outils numériques", "Les outils partagés se concurrencent et ralentissent les circuits."),
        ("Coopération entre services", "Les services se connaissent mal et s’évitent."),
        ("Charge de travail les jours de séance", "La charge des jours de séance est subie."),
    ]
    for axis, (theme_name, text), question in zip(
        readout.axes.order_by("position"), findings, likert, strict=False
    ):
        finding = services_readout.add_finding(actor, axis, kind="finding", text=text)
        services_readout.add_evidence(actor, finding, theme=themes[theme_name])
        services_readout.add_evidence(actor, finding, question=question, wave=wave)
    services_readout.publish_readout(actor, readout)
