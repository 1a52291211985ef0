"""Survey results: figures, the k = 5 rules on every page, query counts, roles."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, UnitFactory, make_actor
from liant.diagnostic.models import Answer, Response
from liant.diagnostic.selectors_results import question_summary

from .factories import SurveyFactory, SurveyQuestionFactory, WaveFactory

pytestmark = pytest.mark.django_db


def add_response(wave, questions, unit=None, role="", seniority="", values=()):
    response = Response.objects.create(
        workspace=wave.workspace, wave=wave, submitted_on="2026-03-02", unit=unit, role=role,
        seniority=seniority,
    )  # fmt: skip
    Answer.objects.bulk_create(
        Answer(workspace=wave.workspace, response=response, question=q, **value)
        for q, value in zip(questions, values, strict=True)
    )
    return response


@pytest.fixture
def world():
    """A direction with two services: Alpha (6 respondents) and Beta (3)."""
    mission = MissionFactory(title="Mission Brest")
    org = mission.organization
    direction = UnitFactory(organization=org, name="Direction technique")
    alpha = UnitFactory(organization=org, parent=direction, name="Service Alpha")
    beta = UnitFactory(organization=org, parent=direction, name="Service Beta")
    survey = SurveyFactory(mission=mission, title="Baromètre", roles=["Manager", "Agent"])
    likert = SurveyQuestionFactory(survey=survey, text="Je me sens reconnu", position=1)
    scale = SurveyQuestionFactory(
        survey=survey, kind="scale", text="Recommanderiez-vous ?", position=2
    )
    text = SurveyQuestionFactory(survey=survey, kind="text", text="Une idée ?", position=3)
    choice = SurveyQuestionFactory(
        survey=survey, kind="multiple", text="Vos outils", options=["Mail", "Chat"], position=4
    )
    wave = WaveFactory(survey=survey, number=1)
    questions = [likert, scale, text, choice]
    for i in range(6):
        add_response(wave, questions, unit=alpha, role="Agent", values=[
            {"value": 4}, {"value": [10, 9, 9, 8, 6, 3][i]}, {"text": f"Alpha pense {i}"},
            {"choices": [0] if i % 2 else [0, 1]},
        ])  # fmt: skip
    for i in range(3):
        add_response(wave, questions, unit=beta, role="Agent", values=[
            {"value": 1}, {"value": 0}, {"text": f"Beta confie {i}"}, {"choices": [1]},
        ])  # fmt: skip
    owner = make_actor(mission.workspace, Role.OWNER)
    return {
        "mission": mission, "survey": survey, "wave": wave, "owner": owner, "alpha": alpha,
        "beta": beta, "direction": direction, "likert": likert, "scale": scale, "text": text,
        "choice": choice, "questions": questions,
    }  # fmt: skip


def url(w, name="results_wave", **query):
    path = reverse(f"diagnostic:{name}", args=[w["mission"].pk, w["survey"].pk, w["wave"].pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_overall_figures_mean_enps_and_shares(client, world):
    client.force_login(world["owner"].user)
    page = client.get(url(world))
    assert page.status_code == 200
    body = page.content.decode()
    # Likert: (6 × 4 + 3 × 1) / 9 = 3.0; 0–10: promoters 3, detractors 2 + 3 → (3 − 5) / 9.
    figures = page.context["results"].questions
    assert figures[0].figures["overall"]["mean"] == pytest.approx(3.0)
    assert figures[1].figures["overall"]["enps"] == pytest.approx(100 * (3 - 5) / 9)
    assert "-22" in body  # eNPS shown rounded
    shares = dict((label, pct) for label, _, pct in figures[3].figures["overall"]["options"])
    assert shares == {"Mail": pytest.approx(100 * 6 / 9), "Chat": pytest.approx(100 * 6 / 9)}
    assert "9 réponses" in body
    # Overall free text: every answer, unattributed, in an order that is not the submissions'.
    texts = figures[2].figures["overall"]["texts"]
    assert texts == sorted(texts, key=str.casefold) and len(texts) == 9
    assert "Beta confie 0" in body and "Alpha pense 0" in body


def test_small_unit_is_hidden_and_cannot_be_deduced(client, world):
    client.force_login(world["owner"].user)
    page = client.get(url(world, by="unit"))
    body = page.content.decode()
    results = page.context["results"]
    rows = {row.label: row.count for row in results.respondent_rows}
    # The direction (9) is the whole population; Alpha (6) would give Beta as 9 − 6: hidden.
    assert rows == {"Direction technique": 9, "Service Alpha": None, "Service Beta": None}
    for item in results.questions:
        cells = {row.label: row.figures for row in item.rows}
        assert cells["Service Beta"] is None and cells["Service Alpha"] is None
        assert cells["Direction technique"] is not None
    # Free text: Beta's answers appear only among the direction's 9, never as Beta's.
    text_rows = {row.label: row.figures for row in results.questions[2].rows}
    assert text_rows["Service Beta"] is None
    assert sorted(text_rows["Direction technique"]["texts"])[-1] == "Beta confie 2"
    assert all(f is None or f["n"] >= 5 for f in text_rows.values())
    assert body.count("Pas assez de réponses") >= 2 * (1 + len(results.questions))


def test_a_third_service_makes_alpha_visible_and_beta_still_hidden(client, world):
    gamma = UnitFactory(organization=world["mission"].organization, name="Service Gamma")
    for _ in range(5):
        add_response(world["wave"], world["questions"][:1], unit=gamma, values=[{"value": 5}])
    client.force_login(world["owner"].user)
    page = client.get(url(world, by="unit"))
    likert = page.context["results"].questions[0]
    cells = {row.label: row.figures for row in likert.rows}
    assert cells["Service Gamma"]["mean"] == 5 and cells["Direction technique"]["n"] == 9
    assert cells["Service Beta"] is None and cells["Service Alpha"] is None


def test_under_five_responses_nothing_is_shown(client, world):
    wave = WaveFactory(survey=world["survey"], number=2)
    for _ in range(4):
        add_response(wave, world["questions"][:3], unit=world["alpha"], values=[
            {"value": 5}, {"value": 10}, {"text": "Secret de quatre"},
        ])  # fmt: skip
    client.force_login(world["owner"].user)
    w = {**world, "wave": wave}
    for page in (
        client.get(url(w)),
        client.get(url(w, by="unit")),
        client.get(url(w, "results_heatmap")),
    ):
        body = page.content.decode()
        assert page.status_code == 200
        assert "Secret de quatre" not in body and ">5,0<" not in body
    assert "à partir de 5 réponses" in client.get(url(w)).content.decode()


def test_heatmap_hides_the_small_units(client, world):
    client.force_login(world["owner"].user)
    page = client.get(url(world, "results_heatmap"))
    assert page.status_code == 200
    heatmap = page.context["heatmap"]
    assert [q.text for _, q in heatmap.questions] == ["Je me sens reconnu", "Recommanderiez-vous ?"]
    rows = {row.label: row.figures for row in heatmap.rows}
    assert rows["Service Beta"] == [None, None] and rows["Service Alpha"] == [None, None]
    assert rows["Direction technique"][0]["mean"] == pytest.approx(3.0)
    assert heatmap.overall[0]["mean"] == pytest.approx(3.0)
    assert "rs-heat-none" in page.content.decode()


def test_trends_compare_waves_overall_and_per_unit(client, world):
    wave2 = WaveFactory(survey=world["survey"], number=2)
    for _ in range(9):
        add_response(wave2, world["questions"][:1], unit=world["alpha"], values=[{"value": 5}])
    client.force_login(world["owner"].user)
    page = client.get(
        reverse("diagnostic:results_trends", args=[world["mission"].pk, world["survey"].pk])
    )
    assert page.status_code == 200
    trend = page.context["trends"][0]
    assert trend.means == [pytest.approx(3.0), pytest.approx(5.0)]
    assert trend.changes[1] == pytest.approx(2.0)
    units = {label: (means, changes) for label, _, means, changes in trend.units}
    # Alpha passes k in wave 2 only: no change is computed for it.
    assert units["Service Alpha"] == ([None, 5.0], [None, None])
    assert units["Direction technique"][1][1] == pytest.approx(2.0)
    assert "(+2,0)" in page.content.decode()


def test_query_count_does_not_depend_on_the_number_of_responses(client, world):
    client.force_login(world["owner"].user)

    def count(path):
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    def grow(n):
        for i in range(n):
            add_response(world["wave"], world["questions"], unit=world["alpha"], role="Manager",
                         values=[{"value": 3}, {"value": i % 11}, {"text": f"Idée {i}"},
                                 {"choices": [1]}])  # fmt: skip

    pages = [
        url(world),
        url(world, by="unit"),
        url(world, by="role"),
        url(world, "results_heatmap"),
    ]
    grow(1)  # 10 responses
    small = [count(p) for p in pages]
    grow(50)  # 60 responses
    assert [count(p) for p in pages] == small


def test_staff_only_read_only_and_bad_breakdown(client, world):
    sponsor = make_actor(
        world["mission"].workspace, Role.SPONSOR, organization=world["mission"].organization
    )
    consultant = make_actor(world["mission"].workspace, Role.CONSULTANT)
    client.force_login(sponsor.user)
    assert client.get(url(world)).status_code == 403
    assert client.get(url(world, "results_heatmap")).status_code == 403
    client.force_login(consultant.user)
    assert client.get(url(world)).status_code == 200
    assert client.post(url(world)).status_code == 405
    page = client.get(url(world, by="<script>"))
    assert page.status_code == 200 and page.context["results"].breakdown is None
    assert "<script>" not in page.content.decode().split("<main", 1)[-1]
    other = WaveFactory()  # a wave of another survey (another workspace)
    bad = reverse(
        "diagnostic:results_wave", args=[world["mission"].pk, world["survey"].pk, other.pk]
    )
    assert client.get(bad).status_code == 404


def test_survey_link_opens_the_latest_wave_and_the_home_lists_results(client, world):
    client.force_login(world["owner"].user)
    start = reverse("diagnostic:results_survey", args=[world["mission"].pk, world["survey"].pk])
    assert client.get(start).url == url(world)
    home = client.get(reverse("diagnostic:home", args=[world["mission"].pk])).content.decode()
    assert start in home
    empty = SurveyFactory(mission=world["mission"], title="Vide")
    page = client.get(reverse("diagnostic:results_survey", args=[world["mission"].pk, empty.pk]))
    assert page.status_code == 200 and "pas encore de vague" in page.content.decode()


def test_question_summary_is_the_k_safe_evidence(world):
    owner = world["owner"]
    summary = question_summary(owner, world["scale"], world["wave"])
    assert summary["shown"] and summary["answers"] == 9 and summary["k"] == 5
    assert summary["enps"] == pytest.approx(100 * (3 - 5) / 9)
    assert sum(bar["count"] for bar in summary["distribution"]) == 9
    choice = question_summary(owner, world["choice"], world["wave"])
    assert [d["label"] for d in choice["distribution"]] == ["Mail", "Chat"]
    texts = question_summary(owner, world["text"], world["wave"])
    assert texts["shown"] and "groups" in texts
    small = WaveFactory(survey=world["survey"], number=3)
    add_response(small, world["questions"][:1], unit=world["beta"], values=[{"value": 2}])
    hidden = question_summary(owner, world["likert"], small)
    assert hidden == {**hidden, "shown": False, "answers": None, "mean": None, "distribution": []}
    sponsor = make_actor(
        world["mission"].workspace, Role.SPONSOR, organization=world["mission"].organization
    )
    with pytest.raises(Http404):
        question_summary(sponsor, world["likert"], world["wave"])
    stranger = make_actor(role=Role.OWNER)
    with pytest.raises(Http404):
        question_summary(stranger, world["likert"], world["wave"])
