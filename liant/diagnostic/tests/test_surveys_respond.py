"""Respondents' pages (/s/…): validation, one answer per invitation, closed waves, the
anonymous link's cookie and rate limit, and the unlinkability of invitations and answers."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from liant.core.models import AuditEntry
from liant.core.testing import MissionFactory, PersonFactory, UnitFactory
from liant.diagnostic import services_surveys as services
from liant.diagnostic.models import Answer, Response, SurveyToken

from .factories import SurveyFactory, SurveyQuestionFactory, SurveySectionFactory, WaveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(owner):
    mission = MissionFactory(organization__workspace=owner.workspace)
    survey = SurveyFactory(
        mission=mission, roles=["Manager", "Agent"], seniority_bands=["< 2 ans", "2 ans et plus"]
    )
    section = SurveySectionFactory(survey=survey, title="Au quotidien")
    q = {}
    q["likert"] = SurveyQuestionFactory(survey=survey, section=section, required=True)
    q["single"] = SurveyQuestionFactory(
        survey=survey, section=section, kind="single", options=["Oui", "Non"]
    )
    q["multiple"] = SurveyQuestionFactory(
        survey=survey, section=section, kind="multiple", options=["A", "B", "C"]
    )
    q["scale"] = SurveyQuestionFactory(survey=survey, section=section, kind="scale")
    q["text"] = SurveyQuestionFactory(survey=survey, section=section, kind="text")
    q["matrix"] = SurveyQuestionFactory(
        survey=survey, section=section, kind="matrix", rows=["Charge", "Ambiance"]
    )
    survey.q = q
    return survey


def good_answers(q) -> dict:
    return {
        f"q{q['likert'].pk}": "4",
        f"q{q['single'].pk}": "1",
        f"q{q['multiple'].pk}": ["0", "2"],
        f"q{q['scale'].pk}": "9",
        f"q{q['text'].pk}": "L’équipe est <b>solidaire</b>.",
        f"q{q['matrix'].pk}_r0": "2",
        f"q{q['matrix'].pk}_r1": "5",
    }


@pytest.fixture
def link_wave(survey):
    return WaveFactory(survey=survey, distribution="link")


@pytest.fixture
def token_wave(survey):
    return WaveFactory(survey=survey, distribution="tokens")


def invite(owner, wave, names, unit=None):
    org = wave.survey.mission.organization
    unit = unit or UnitFactory(organization=org, name="Comptabilité")
    staff = [PersonFactory(organization=org, unit=unit, name=name) for name in names]
    return services.create_tokens(owner, wave, staff)


def test_anonymous_link_stores_a_full_response(client, survey, link_wave):
    unit = UnitFactory(organization=survey.mission.organization, name="Atelier")
    url = reverse("respond:link", args=[link_wave.secret])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "Tout à fait d’accord" in body and "Atelier" in body
    assert "pas une mesure de sécurité" in body  # the small print about the cookie
    data = good_answers(survey.q) | {"unit": unit.pk, "role": "1", "seniority": "0"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse("respond:thanks", args=[link_wave.secret])
    stored = Response.objects.get()
    assert (stored.unit, stored.role, stored.seniority) == (unit, "Agent", "< 2 ans")
    assert stored.submitted_on == timezone.localdate()
    answers = {a.question_id: a for a in Answer.objects.all()}
    q = survey.q
    assert answers[q["likert"].pk].value == 4
    assert answers[q["single"].pk].choices == [1]
    assert answers[q["multiple"].pk].choices == [0, 2]
    assert answers[q["scale"].pk].value == 9
    assert answers[q["text"].pk].text == "L’équipe est <b>solidaire</b>."
    assert answers[q["matrix"].pk].matrix == {"0": 2, "1": 5}
    assert "Merci" in client.get(response.url).content.decode()
    # The same browser is told it has answered already; nothing more is stored.
    again = client.post(url, data)
    assert again.status_code == 409 and "déjà répondu" in again.content.decode()
    assert Response.objects.count() == 1
    assert not AuditEntry.objects.filter(action__contains="response").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("likert", "6", "Choisissez une valeur de 1 à 5."),
        ("likert", "0", "Choisissez une valeur de 1 à 5."),
        ("likert", "beaucoup", "Choisissez une valeur de 1 à 5."),
        ("likert", "", "Cette question attend une réponse."),
        ("scale", "11", "Choisissez une valeur de 0 à 10."),
        ("scale", "-1", "Choisissez une valeur de 0 à 10."),
        ("single", "2", "Choisissez l’une des options proposées."),
        ("multiple", ["1", "7"], "Choisissez parmi les options proposées."),
        ("matrix_r1", "9", "Choisissez une valeur de 1 à 5."),
        ("text", "x" * 5001, "la limite est de 5000"),
    ],
)
def test_bad_answers_are_refused_with_a_clear_message_and_nothing_stored(
    client, survey, link_wave, field, value, message
):
    data = good_answers(survey.q)
    if field == "matrix_r1":
        data[f"q{survey.q['matrix'].pk}_r1"] = value
    else:
        data[f"q{survey.q[field].pk}"] = value
    response = client.post(reverse("respond:link", args=[link_wave.secret]), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body.replace("\u202f", "").replace("\u00a0", "")
    assert "Rien n’a encore été enregistré" in body
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not response.cookies.get(f"liant_answered_{link_wave.pk}")


def test_unknown_breakdown_choices_are_refused(client, survey, link_wave):
    UnitFactory(organization=survey.mission.organization, name="Atelier")
    foreign_unit = UnitFactory()
    data = good_answers(survey.q) | {"unit": foreign_unit.pk, "role": "5"}
    response = client.post(reverse("respond:link", args=[link_wave.secret]), data)
    assert response.status_code == 400
    assert "Choisissez l’une des unités proposées." in response.content.decode()
    assert not Response.objects.exists()


def test_answers_are_kept_after_a_refused_submission(client, survey, link_wave):
    data = good_answers(survey.q) | {f"q{survey.q['likert'].pk}": ""}
    body = client.post(reverse("respond:link", args=[link_wave.secret]), data).content.decode()
    assert "L’équipe est &lt;b&gt;solidaire&lt;/b&gt;." in body  # kept, escaped
    assert f'name="q{survey.q["scale"].pk}" value="9" checked' in body


def test_a_personal_link_answers_once_and_gives_the_unit(client, owner, token_wave):
    unit = UnitFactory(organization=token_wave.survey.mission.organization, name="Paie")
    (invitation,) = invite(owner, token_wave, ["Claire"], unit)
    url = reverse("respond:token", args=[invitation.token])
    page = client.get(url).content.decode()
    assert "Votre unité" not in page  # the unit comes from the invitation
    data = good_answers(token_wave.survey.q) | {"unit": UnitFactory().pk}
    assert client.post(url, data).status_code == 302
    stored = Response.objects.get()
    assert stored.unit == unit
    # Second submission (another browser, same link): refused, nothing overwritten.
    client.cookies.clear()
    before = list(Answer.objects.values_list("id", "value", "choices", "text").order_by("id"))
    changed = data | {f"q{token_wave.survey.q['likert'].pk}": "1"}
    again = client.post(url, changed)
    assert again.status_code == 409 and "déjà répondu" in again.content.decode()
    assert client.get(url).status_code == 409
    assert Response.objects.count() == 1
    assert (
        list(Answer.objects.values_list("id", "value", "choices", "text").order_by("id")) == before
    )


def test_a_used_token_is_refused_by_the_service_too(owner, token_wave):
    (invitation,) = invite(owner, token_wave, ["Claire"])
    token = services.find_token(invitation.token)
    services.submit_response(token_wave, {}, services.Breakdown(), token=token)
    with pytest.raises(services.AlreadyAnswered):
        services.submit_response(token_wave, {}, services.Breakdown(), token=token)
    assert Response.objects.count() == 1


@pytest.mark.parametrize("raw", ["inconnu", "x" * 300, "%00", "token-0"])
def test_tampered_or_unknown_tokens_get_a_clear_page(client, owner, token_wave, raw):
    invite(owner, token_wave, ["Claire"])
    response = client.get(f"/s/i/{raw}/")
    assert response.status_code == 404
    assert "Ce lien n’est pas valable" in response.content.decode()
    response = client.post(f"/s/i/{raw}/", good_answers(token_wave.survey.q))
    assert response.status_code == 404 and not Response.objects.exists()


def test_a_token_wave_is_not_answerable_by_its_secret(client, token_wave):
    response = client.post(reverse("respond:link", args=[token_wave.secret]), {})
    assert response.status_code == 404 and not Response.objects.exists()


def test_closed_and_not_yet_open_waves(client, owner, survey):
    closed = WaveFactory(survey=survey, distribution="link", status="closed")
    page = client.post(reverse("respond:link", args=[closed.secret]), good_answers(survey.q))
    assert page.status_code == 403 and "Ce questionnaire est clos." in page.content.decode()
    draft = WaveFactory(survey=survey, distribution="link", status="draft")
    page = client.get(reverse("respond:link", args=[draft.secret]))
    assert "pas encore ouvert" in page.content.decode()
    later = WaveFactory(
        survey=survey, distribution="link",
        opens_at=timezone.now() + datetime.timedelta(days=2),
    )  # fmt: skip
    page = client.get(reverse("respond:link", args=[later.secret]))
    assert page.status_code == 403 and "Il ouvrira le" in page.content.decode()
    past = WaveFactory(
        survey=survey, distribution="tokens",
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )  # fmt: skip
    (invitation,) = invite(owner, past, ["Claire"])
    page = client.post(reverse("respond:token", args=[invitation.token]), good_answers(survey.q))
    assert page.status_code == 403
    assert not Response.objects.exists()
    assert SurveyToken.objects.get().used_at is None


def test_the_anonymous_link_is_rate_limited(client, survey, link_wave):
    url = reverse("respond:link", args=[link_wave.secret])
    codes = [client.post(url, {}).status_code for _ in range(32)]
    assert codes[0] == 400 and codes[-1] == 429


def test_english_pages(client, survey, link_wave):
    client.cookies["django_language"] = "en"
    body = client.get(reverse("respond:link", args=[link_wave.secret])).content.decode()
    assert "Strongly agree" in body and "Send my answers" in body


# --- Unlinkability: nothing ties an invitation to the response it allowed.


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def test_schema_has_no_link_between_tokens_and_responses():
    response_cols = _columns(Response._meta.db_table) | _columns(Answer._meta.db_table)
    token_cols = _columns(SurveyToken._meta.db_table)
    assert not {c for c in response_cols if "token" in c or "person" in c or "user" in c}
    assert not {c for c in response_cols if c.endswith("_at")}  # no timestamps at all
    assert not {c for c in token_cols if "response" in c or "answer" in c}
    with connection.cursor() as cursor:
        for table in (Response._meta.db_table, Answer._meta.db_table):
            relations = connection.introspection.get_relations(cursor, table)
            targets = {target_table for _column, target_table in relations.values()}
            assert SurveyToken._meta.db_table not in targets
    token_fks = {f.related_model for f in SurveyToken._meta.concrete_fields if f.is_relation}
    assert Response not in token_fks and Answer not in token_fks


def test_two_used_tokens_cannot_be_told_apart_from_the_responses(client, owner, token_wave):
    q = token_wave.survey.q
    unit = UnitFactory(organization=token_wave.survey.mission.organization, name="Paie")
    first, second = invite(owner, token_wave, ["Alice", "Bruno"], unit)

    def token_rows():
        return {
            row["person_id"]: {k: v for k, v in row.items() if k != "used_at"}
            for row in SurveyToken.objects.values()
        }

    before = token_rows()
    # Bruno answers first, then Alice, with different answers.
    client.post(
        reverse("respond:token", args=[second.token]), good_answers(q) | {f"q{q['likert'].pk}": "1"}
    )
    client.cookies.clear()
    client.post(
        reverse("respond:token", args=[first.token]), good_answers(q) | {f"q{q['likert'].pk}": "5"}
    )
    assert Response.objects.count() == 2
    # The invitations changed only by used_at, the same day at midnight for both: no time,
    # no updated_at, no order of use is kept on the invitation side.
    assert token_rows() == before
    used = set(SurveyToken.objects.values_list("used_at", flat=True))
    assert len(used) == 1
    (day,) = used
    local = timezone.localtime(day)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    # The responses differ only by their random id and their answers: same day, same unit,
    # no field that could be matched with an invitation.
    rows = list(Response.objects.values())
    assert {r["submitted_on"] for r in rows} == {timezone.localdate()}
    assert {r["unit_id"] for r in rows} == {unit.pk}
    assert set(rows[0]) == {"id", "workspace_id", "wave_id", "submitted_on", "unit_id", "role",
                            "seniority"}  # fmt: skip
    token_values = {str(v) for row in SurveyToken.objects.values() for v in row.values()}
    for row in rows:
        assert str(row["id"]) not in token_values
    hashes = set(SurveyToken.objects.values_list("token_hash", flat=True))
    answer_values = {str(v) for row in Answer.objects.values() for v in row.values()}
    assert not answer_values & ({first.token, second.token} | hashes)
    assert not AuditEntry.objects.filter(object_type__in=["response", "answer"]).exists()
