"""The questionnaire builder: templates, sections, questions, rules once answers exist."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from liant.core.models import AuditEntry
from liant.core.testing import MissionFactory
from liant.diagnostic import services_surveys as services
from liant.diagnostic import survey_templates
from liant.diagnostic.models import Survey, SurveyQuestion

from .factories import (
    AnswerFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    SurveySectionFactory,
    WaveFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(owner):
    return MissionFactory(organization__workspace=owner.workspace)


# --- Templates


def test_builtin_templates_are_valid_in_both_languages():
    templates = survey_templates.load_templates()
    keys = {t["key"] for t in templates}
    assert keys == {
        "workplace-climate",
        "team-health-check",
        "internal-client-satisfaction",
        "workshop-feedback",
    }
    for template in templates:
        questions = [q for s in template["sections"] for q in s["questions"]]
        assert 8 <= len(questions) <= 15
        assert len({q["kind"] for q in questions}) >= 4, template["key"]  # a mix of kinds
        for lang in ("fr", "en"):
            assert all(q["text"][lang] for q in questions)
        assert template["title"]["fr"] != template["title"]["en"]
    kinds = {q["kind"] for t in templates for s in t["sections"] for q in s["questions"]}
    assert kinds == set(SurveyQuestion.Kind.values)


def test_french_template_texts_follow_french_typography():
    for template in survey_templates.load_templates():
        for section in template["sections"]:
            for q in section["questions"]:
                text = q["text"]["fr"]
                assert " ?" not in text and " :" not in text, text
                assert "'" not in text, text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.pop("title"), "title"),
        (lambda t: t["sections"][0]["questions"][0].update(kind="slider"), "kind"),
        (lambda t: t["sections"][0]["questions"][0]["text"].pop("en"), "fr and en"),
        (lambda t: t["sections"][0]["questions"][0].update(kind="single"), "option"),
        (lambda t: t["sections"].__setitem__(slice(None), t["sections"][:1]), "questions"),
    ],
)  # fmt: skip
def test_a_malformed_template_file_is_refused_with_its_place(tmp_path, change, message):
    data = json.loads(survey_templates.DATA_FILE.read_text())
    change(data[0])
    path = tmp_path / "templates.json"
    path.write_text(json.dumps(data))
    with pytest.raises(survey_templates.SurveyTemplateError) as error:
        survey_templates.load_templates(path)
    assert message in str(error.value)
    assert "workplace-climate" in str(error.value) or "#0" in str(error.value)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_create_a_survey_from_a_template_in_the_consultants_language(owner, mission, language):
    survey = services.create_survey_from_template(
        owner, mission, "workplace-climate", language=language
    )
    template = survey_templates.builtin_templates()["workplace-climate"]
    assert survey.title == template["title"][language]
    assert survey.template_key == "workplace-climate"
    assert survey.roles == template["roles"][language]
    sections = list(survey.sections.all())
    assert [s.title for s in sections] == [s["title"][language] for s in template["sections"]]
    questions = list(survey.questions.all())
    expected = [q for s in template["sections"] for q in s["questions"]]
    assert [q.text for q in questions] == [q["text"][language] for q in expected]
    for question in questions:
        question.full_clean()  # every copied question passes the model's own rules
    assert AuditEntry.objects.filter(action="diagnostic.survey_create").count() == 1


def test_unknown_template_changes_nothing(owner, mission):
    with pytest.raises(ValidationError):
        services.create_survey_from_template(owner, mission, "nope")
    assert not Survey.objects.exists()


# --- Builder rules


def test_questions_of_every_kind_and_their_checks(owner, mission):
    survey = services.create_survey(owner, mission, title="Baromètre", ask_unit=True)
    section = services.add_section(owner, survey, title="Partie 1")
    for kind, extra in [
        ("likert", {}),
        ("single", {"options": ["Oui", "Non"]}),
        ("multiple", {"options": ["A", "B", "C"]}),
        ("scale", {}),
        ("text", {}),
        ("matrix", {"rows": ["Charge", "Ambiance"]}),
    ]:
        services.add_question(owner, survey, kind=kind, text=f"Q {kind}", section=section, **extra)
    assert survey.questions.count() == 6
    bad = [
        ({"kind": "single", "options": ["Seule"]}, "options"),
        ({"kind": "multiple", "options": ["A", "a"]}, "options"),
        ({"kind": "matrix", "rows": []}, "rows"),
        ({"kind": "slider"}, "kind"),
        ({"kind": "likert", "text": "  "}, "text"),
        ({"kind": "single", "options": ["x" * 201, "y"]}, "options"),
    ]
    for data, field in bad:
        with pytest.raises(ValidationError) as error:
            services.add_question(owner, survey, **({"text": "Question"} | data))
        assert field in error.value.message_dict
    assert survey.questions.count() == 6
    likert = services.add_question(owner, survey, kind="likert", text="Sans options", options=["x"])
    assert likert.options == []  # options of other kinds are dropped


def test_a_section_of_another_survey_is_refused(owner, mission):
    survey = SurveyFactory(mission=mission)
    other = SurveySectionFactory(survey__mission=mission)
    with pytest.raises(PermissionDenied):
        services.add_question(owner, survey, kind="likert", text="Q", section=other)


def test_reorder_questions_within_their_section(owner, mission):
    survey = SurveyFactory(mission=mission)
    section = SurveySectionFactory(survey=survey)
    a, b, c = (SurveyQuestionFactory(survey=survey, section=section) for _ in range(3))
    services.move_question(owner, c, -1)
    assert list(section.questions.all()) == [a, c, b]
    services.move_question(owner, a, -1)  # already first: nothing changes
    assert list(section.questions.all()) == [a, c, b]


def test_once_answered_options_may_be_renamed_or_appended_only(owner, mission):
    survey = SurveyFactory(mission=mission)
    question = SurveyQuestionFactory(survey=survey, kind="single", options=["Oui", "Non", "NSP"])
    matrix = SurveyQuestionFactory(survey=survey, kind="matrix", rows=["Charge", "Ambiance"])
    AnswerFactory(question=question, value=None, choices=[1], response__wave__survey=survey)
    base = {"kind": "single", "text": question.text}
    with pytest.raises(ValidationError) as error:
        services.update_question(owner, question, **base, options=["Oui", "Non"])
    assert "aucune ne peut être supprimée" in " ".join(error.value.messages)
    with pytest.raises(ValidationError) as error:
        services.update_question(owner, question, **base, options=["Non", "Oui", "NSP"])
    assert "ne peuvent pas changer d’ordre" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        services.update_question(owner, question, text=question.text, kind="multiple",
                                 options=["Oui", "Non", "NSP"])  # fmt: skip
    question.refresh_from_db()
    assert question.options == ["Oui", "Non", "NSP"]
    services.update_question(owner, question, **base, options=["Oui", "Non", "Sans avis", "Autre"])
    question.refresh_from_db()
    assert question.options == ["Oui", "Non", "Sans avis", "Autre"]
    with pytest.raises(ValidationError):
        services.update_question(owner, matrix, kind="matrix", text="M", rows=["Ambiance"])
    renamed = ["Charge de travail", "Ambiance"]
    services.update_question(owner, matrix, kind="matrix", text="M", rows=renamed)
    with pytest.raises(ValidationError):
        services.delete_question(owner, question)
    assert SurveyQuestion.objects.filter(pk=question.pk).exists()


def test_deleting_a_section_keeps_its_questions(owner, mission):
    section = SurveySectionFactory(survey__mission=mission)
    question = SurveyQuestionFactory(survey=section.survey, section=section)
    services.delete_section(owner, section)
    question.refresh_from_db()
    assert question.section is None


def test_a_survey_with_responses_cannot_be_deleted(owner, mission):
    answer = AnswerFactory(response__wave__survey__mission=mission)
    with pytest.raises(ValidationError):
        services.delete_survey(owner, answer.question.survey)


# --- Pages


def test_builder_pages_as_a_consultant(consultant_client, consultant):
    mission = MissionFactory(organization__workspace=consultant.workspace)
    url = reverse("diagnostic:survey_create", args=[mission.pk])
    page = consultant_client.get(url)
    assert page.status_code == 200
    assert "Baromètre de climat social" in page.content.decode()
    response = consultant_client.post(url, {"template": "team-health-check"})
    survey = Survey.objects.get()
    assert response.url == reverse("diagnostic:survey_detail", args=[mission.pk, survey.pk])
    assert survey.title == "Bilan de santé d’équipe"
    detail = consultant_client.get(response.url).content.decode()
    assert "Nos priorités sont claires." in detail
    preview = consultant_client.get(
        reverse("diagnostic:survey_preview", args=[mission.pk, survey.pk])
    )
    body = preview.content.decode()
    assert "Aperçu" in body and "Tout à fait d’accord" in body and "disabled" in body
    # A question with a bad option list gets a French message and nothing is stored.
    count = survey.questions.count()
    url = reverse("diagnostic:survey_question_create", args=[mission.pk, survey.pk])
    page = consultant_client.post(url, {"kind": "single", "text": "Oui ou non ?", "options": "Oui"})
    assert "Donnez au moins deux options" in page.content.decode()
    assert survey.questions.count() == count
    consultant_client.post(url, {"kind": "single", "text": "Oui ou non ?", "options": "Oui\nNon"})
    assert survey.questions.count() == count + 1


def test_a_blank_survey_needs_a_title(consultant_client, consultant):
    mission = MissionFactory(organization__workspace=consultant.workspace)
    url = reverse("diagnostic:survey_create", args=[mission.pk])
    page = consultant_client.post(url, {"template": "", "title": ""})
    assert "Donnez un titre au questionnaire" in page.content.decode()
    assert not Survey.objects.exists()


def test_sponsors_cannot_build_preview_or_distribute(client, sponsor, organization):
    mission = MissionFactory(organization=organization)
    survey = SurveyFactory(mission=mission)
    question = SurveyQuestionFactory(survey=survey)
    wave = WaveFactory(survey=survey, distribution="tokens")
    client.force_login(sponsor.user)
    args = [mission.pk, survey.pk]
    urls = [
        reverse("diagnostic:survey_create", args=[mission.pk]),
        reverse("diagnostic:survey_detail", args=args),
        reverse("diagnostic:survey_preview", args=args),
        reverse("diagnostic:survey_question_edit", args=[*args, question.pk]),
        reverse("diagnostic:survey_wave", args=[*args, wave.pk]),
        reverse("diagnostic:survey_wave_invite", args=[*args, wave.pk]),
    ]
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"template": "workplace-climate"})
            assert response.status_code in (403, 404), url
    assert Survey.objects.count() == 1
    home = client.get(reverse("diagnostic:home", args=[mission.pk])).content.decode()
    assert survey.title not in home and "Nouveau questionnaire" not in home


def test_every_builder_page_works_and_bad_input_changes_nothing(consultant_client, consultant):
    client = consultant_client
    mission = MissionFactory(organization__workspace=consultant.workspace)
    survey = SurveyFactory(mission=mission, title="Pouls")
    section = SurveySectionFactory(survey=survey, title="Partie A")
    other = SurveySectionFactory(survey=survey, title="Partie B")
    question = SurveyQuestionFactory(survey=survey, section=section, kind="single",
                                     options=["Oui", "Non"])  # fmt: skip
    args = [mission.pk, survey.pk]

    def url(name, *extra):
        return reverse(f"diagnostic:{name}", args=[*args, *extra])

    # Settings: roles typed one per line; a duplicate is refused.
    assert client.get(url("survey_edit")).status_code == 200
    page = client.post(url("survey_edit"), {"title": "Pouls", "roles": "Agent\nagent"})
    assert "Chaque libellé doit être différent." in page.content.decode()
    client.post(url("survey_edit"), {"title": "Pouls 2", "roles": "Agent\nManager\n\n"})
    survey.refresh_from_db()
    assert (survey.title, survey.roles, survey.ask_unit) == ("Pouls 2", ["Agent", "Manager"], False)

    # Sections: add, edit, move, delete.
    page = client.post(url("survey_section_create"), {"title": ""})
    assert "Veuillez donner un titre à la partie." in page.content.decode()
    client.post(url("survey_section_create"), {"title": "Partie C"})
    assert survey.sections.count() == 3
    client.post(url("survey_section_edit", other.pk), {"title": "Partie B bis"})
    client.post(url("survey_section_move", other.pk), {"direction": "up"})
    assert [s.title for s in survey.sections.all()] == ["Partie B bis", "Partie A", "Partie C"]
    assert client.get(url("survey_section_move", other.pk)).status_code == 405
    assert "Supprimer « Partie B bis »" in client.get(
        url("survey_section_delete", other.pk)
    ).content.decode().replace("\u00a0", " ")
    client.post(url("survey_section_delete", other.pk))
    assert survey.sections.count() == 2

    # Questions: edit (move to another section), the form of a locked survey, delete.
    assert client.get(url("survey_question_edit", question.pk)).status_code == 200
    client.post(url("survey_question_edit", question.pk), {
        "kind": "single", "text": "Oui ?", "options": "Oui\nNon", "section": section.pk,
    })  # fmt: skip
    question.refresh_from_db()
    assert question.text == "Oui ?"
    AnswerFactory(
        question=question, value=None, choices=[0],
        response__wave__survey=survey, response__wave__number=1,
    )  # fmt: skip
    page = client.get(url("survey_question_edit", question.pk)).content.decode()
    assert "aucune ne peut être supprimée ni déplacée" in page
    page = client.post(url("survey_question_edit", question.pk), {
        "kind": "single", "text": "Oui ?", "options": "Non\nOui",
    })  # fmt: skip
    assert "ne peuvent pas changer d’ordre" in page.content.decode()
    response = client.post(url("survey_question_delete", question.pk))
    assert SurveyQuestion.objects.filter(pk=question.pk).exists()
    assert "a des réponses" in client.get(response.url).content.decode()

    # Waves: create, bad dates, open, close.
    page = client.post(url("survey_wave_create"), {
        "distribution": "link", "opens_at": "2026-05-04T09:00", "closes_at": "2026-05-03T09:00",
    })  # fmt: skip
    assert "La clôture doit venir après l’ouverture." in page.content.decode()
    client.post(url("survey_wave_create"), {"distribution": "link"})
    wave = survey.waves.get(number=2)  # the factory's answer made wave 1
    client.post(url("survey_wave_dates", wave.pk), {"closes_at": "2030-01-01T09:00"})
    response = client.post(url("survey_wave_status", wave.pk), {"action": "open"})
    assert "Clôturez d’abord la vague ouverte" in client.get(response.url).content.decode()
    client.post(url("survey_wave_status", survey.waves.get(number=1).pk), {"action": "close"})
    client.post(url("survey_wave_status", wave.pk), {"action": "open"})
    wave.refresh_from_db()
    assert wave.status == "open" and wave.closes_at.year == 2030
    client.post(url("survey_wave_status", wave.pk), {"action": "close"})
    wave.refresh_from_db()
    assert wave.status == "closed"
    # The survey has responses: it cannot be deleted.
    client.post(url("survey_delete"))
    assert Survey.objects.filter(pk=survey.pk).exists()
