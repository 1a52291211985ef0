"""Survey results in a real browser: a wave of 6 + 3 respondents, the small unit hidden
everywhere (breakdown cells, free text, heatmap), the parent total not revealing it."""

import pytest

from liant.conftest import session_cookie
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, UnitFactory, make_actor

from .factories import SurveyFactory, SurveyQuestionFactory, SurveySectionFactory, WaveFactory
from .test_results_pages import add_response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HIDDEN = "Pas assez de réponses"


@pytest.fixture
def results(page, live_server):
    mission = MissionFactory(title="Diagnostic Ardelis")
    org = mission.organization
    direction = UnitFactory(organization=org, name="Direction technique")
    alpha = UnitFactory(organization=org, parent=direction, name="Maintenance", position=1)
    beta = UnitFactory(organization=org, parent=direction, name="Méthodes", position=2)
    survey = SurveyFactory(mission=mission, title="Baromètre social 2026")
    climate = SurveySectionFactory(survey=survey, title="Climat de travail", position=1)
    questions = [
        SurveyQuestionFactory(survey=survey, section=climate,
                              text="Je me sens reconnu·e dans mon travail."),
        SurveyQuestionFactory(survey=survey, section=climate, kind="scale",
                              text="Recommanderiez-vous votre service à un proche ?"),
        SurveyQuestionFactory(survey=survey, section=climate, kind="multiple",
                              text="Quels outils utilisez-vous chaque jour ?",
                              options=["Messagerie", "Tableur", "Logiciel métier"]),
        SurveyQuestionFactory(survey=survey, section=climate, kind="matrix", text="Votre charge",
                              rows=["Volume", "Urgences"]),
        SurveyQuestionFactory(survey=survey, section=climate, kind="text",
                              text="Qu'aimeriez-vous changer ?"),
    ]  # fmt: skip
    ideas = [
        "Moins de réunions le lundi matin",
        "Des réunions plus courtes et mieux préparées",
        "Un planning des astreintes partagé",
        "Le planning des astreintes affiché plus tôt",
        "Moins de réunions inutiles",
        "Du matériel de mesure plus récent",
    ]
    first = WaveFactory(survey=survey, number=1)
    for i in range(6):
        add_response(first, questions, unit=alpha, values=[
            {"value": [4, 4, 5, 3, 4, 4][i]}, {"value": [9, 10, 8, 7, 9, 6][i]},
            {"choices": [[0, 2], [0], [0, 1], [2], [0, 2], [1, 2]][i]},
            {"matrix": {"0": 4, "1": 3}}, {"text": ideas[i]},
        ])  # fmt: skip
    for i in range(3):
        add_response(first, questions, unit=beta, values=[
            {"value": 1}, {"value": 2}, {"choices": [1]}, {"matrix": {"0": 1, "1": 1}},
            {"text": f"Secret Méthodes {i}"},
        ])  # fmt: skip
    second = WaveFactory(survey=survey, number=2)
    for unit, count, value in ((alpha, 6, 5), (beta, 5, 3)):
        for _ in range(count):
            add_response(second, questions[:2], unit=unit, values=[{"value": value}, {"value": 8}])
    owner = make_actor(mission.workspace, Role.OWNER)
    page.context.add_cookies([session_cookie(owner.user, live_server.url)])
    return {"mission": mission, "survey": survey}


def test_small_unit_hidden_everywhere(page, results, screenshot):
    page.goto(f"/missions/{results['mission'].pk}/diagnostic/")
    page.get_by_role("link", name="Baromètre social 2026").last.click()
    page.get_by_role("link", name="Vague 1", exact=True).click()
    page.wait_for_selector("h1:text('Baromètre social 2026')")
    assert "Vague 1 · 9 réponses" in page.inner_text(".page-header")
    body = page.inner_text("main")
    assert "Moins de réunions" in body and "eNPS" in body
    screenshot("diagnostic-d-results-overall")

    page.get_by_role("link", name="Par unité").click()
    page.wait_for_selector(".rs-breakdown")
    respondents = page.locator("table.rs-breakdown").first
    assert respondents.locator("tr", has_text="Direction technique").inner_text().endswith("9")
    for name in ("Méthodes", "Maintenance"):  # Maintenance too: 9 − 6 would give Méthodes
        rows = page.locator("table.rs-breakdown tr", has=page.locator(f"th:text-is('{name}')"))
        assert rows.count() == 6  # the responses table and the five questions
        for i in range(rows.count()):
            assert HIDDEN in rows.nth(i).inner_text()
    assert "Secret Méthodes" in page.inner_text("main")  # only among the direction's 9…
    direction_text = page.locator("table.rs-breakdown").last.locator(
        "tr", has=page.locator("th:text-is('Direction technique')")
    )
    assert "Secret Méthodes 0" in direction_text.inner_text()
    screenshot("diagnostic-d-results-by-unit")

    page.get_by_role("link", name="Carte de chaleur").click()
    page.wait_for_selector(".rs-heatmap")
    for name in ("Méthodes", "Maintenance"):
        cells = page.locator(".rs-heatmap tr", has=page.locator(f"th:text-is('{name}')")).locator(
            "td"
        )
        assert cells.count() == 2
        for i in range(2):
            assert "rs-heat-none" in cells.nth(i).get_attribute("class")
    direction = page.locator(
        ".rs-heatmap tr", has=page.locator("th:text-is('Direction technique')")
    )
    assert direction.locator("td").first.inner_text() == "3,0"  # (6 × 4 … + 3 × 1) / 9
    screenshot("diagnostic-d-results-heatmap")

    page.get_by_role("link", name="Évolution entre vagues").click()
    page.wait_for_selector(".rs-trend")
    first = page.locator(".rs-trend").first
    methods = first.locator("tr", has=page.locator("th:text-is('Méthodes')"))
    assert HIDDEN in methods.inner_text() and "(" not in methods.inner_text()
    screenshot("diagnostic-d-results-trends")
